// The PostgreSQL backend's tests. They need a server: CTest runs them through
// tests/postgresql/with_cluster.sh, which starts a throw-away cluster and sets PGHOST, PGPORT
// and the rest.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  if (!std::getenv("PGPORT")) {
    std::fprintf(stderr,
                 "steward_pg_tests needs a PostgreSQL server: run it as "
                 "`tests/postgresql/with_cluster.sh %s` (CTest does), or set PGHOST, PGPORT, "
                 "PGUSER, PGPASSWORD and PGDATABASE\n",
                 argv[0]);
    return 2;
  }
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
