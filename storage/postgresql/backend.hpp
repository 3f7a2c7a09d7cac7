#pragma once

#include <functional>
#include <memory>
#include <string>

#include "storage/backend.hpp"

namespace steward::storage::postgresql {

class connection;

/// The stores' database on a PostgreSQL server: one connection, its statements prepared on the
/// server under names of their own.
class pg_backend final : public storage::backend {
 public:
  /// Connects (see connection's constructor for `conninfo`); does not migrate.
  explicit pg_backend(const std::string& conninfo);
  ~pg_backend() override;

  std::unique_ptr<statement> prepare(const char* sql) override;
  /// `lastval()`: the value the last identity (sequence) on this session handed out.
  std::int64_t last_insert_id() override;
  void begin_write() override;
  void run_prepared(const std::string& sql) override;
  void execute(const std::string& sql) override;
  long long query_int(const std::string& sql) override;
  void end_reads() override {}
  std::string where() const override;
  sql_dialect dialect() const override { return sql_dialect::postgresql; }
  bool lost() const override;
  /// Statements prepare themselves again in the new session (pg_statement); then the
  /// session's setup (on_session) runs again.
  void reconnect() override;
  /// Runs `setup` now and again in every new session after a reconnect (what belongs to a
  /// session, such as an advisory lock, is gone with the old one). A throw fails the reconnect.
  void on_session(std::function<void(pg_backend&)> setup);
  /// NOTIFY on the content channel, the flags as its payload; a failure is logged, not thrown
  /// (the commit stands, and the others read it back at their next start).
  void announce_changes(unsigned changes) override;
  /// The flags of other sessions' notifications on the content channel; LISTEN to it first
  /// (listen_for_content_changes, in each session). A notification without flags (from a
  /// build before them) is operator content. After a reconnect, every flag once: what the
  /// others announced while this session was gone was not heard.
  unsigned changes_elsewhere() override;
  /// LISTENs to the content channel in this session.
  void listen_for_content_changes();

  /// The connection, for what only PostgreSQL has (migrations, COPY).
  connection& native() { return *db_; }

 private:
  std::unique_ptr<connection> db_;
  int prepared_ = 0;  // statements prepared so far: their names on the server
  std::function<void(pg_backend&)> session_setup_;
  bool unheard_ = false;  // reconnected since the last changes_elsewhere()
};

}  // namespace steward::storage::postgresql
