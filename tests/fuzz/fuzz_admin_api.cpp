// Fuzzes the admin API's request handling (routing, query and JSON body parsing, validation,
// the analytics routes' dates and periods)
// with an admin token, over a real migrated SQLite file. Each input runs in a transaction that
// is rolled back, so inputs do not pile up rows.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>

#include "bot/api/admin_api.hpp"
#include "storage/analytics_store.hpp"
#include "storage/care_store.hpp"
#include "storage/database.hpp"
#include "storage/schedule_store.hpp"
#include "storage/shop_store.hpp"
#include "storage/template_store.hpp"
#include "storage/transaction.hpp"

namespace {

using namespace steward;

const std::filesystem::path work_dir =
    std::filesystem::temp_directory_path() / ("steward-fuzz-api-" + std::to_string(::getpid()));

rules::rules_config word_lists() {
  std::filesystem::create_directories(work_dir);
  std::ofstream(work_dir / "words.txt") << "spamword\tad\tdelete\n";
  std::ofstream(work_dir / "allow.txt") << "";
  rules::rules_config cfg;
  cfg.words = {(work_dir / "words.txt").string()};
  cfg.allow = {(work_dir / "allow.txt").string()};
  return cfg;
}

handlers::template_settings book_settings() {
  handlers::template_settings s;
  s.language = "en";
  return s;
}

/// Everything an admin API needs, on its own database file.
struct api_world {
  api_world()
      : db(settings()),
        stores((db.migrate(), db)),
        runs(db),
        rules(word_lists()),
        book(book_settings()),
        faq(configured_faq),
        schedules({}, stores.community, runs),
        analytics(db),
        care(db),
        stats(analytics, {}),
        churn(care, book, {}),
        tiers(care, {}),
        reviews(stats, care, book, {}),
        experiment_rows(db),
        experiments(experiment_rows, stores.community),
        api(stores.refs(), rules, {&book, &faq, &schedules, configured_faq, {}},
            {&stats, &care, &churn, &tiers, &reviews, [] { return std::size_t{1}; },
             &experiment_rows, &experiments}) {
    stores.tokens.create_token("fuzz", "admin", api::hash_secret(secret), 1);
    const auto group =
        stores.community.ensure_group({"telegram", "-100", "Makers", true}, "UTC", 1);
    stores.community.ensure_member(group.id, {"7", "Ann Lee", "ann", false, {}}, 1);
  }

  static storage::database_settings settings() {
    storage::database_settings s;
    std::filesystem::create_directories(work_dir);  // before the word lists, which come later
    s.path = (work_dir / "fuzz.db").string();
    s.synchronous = "NORMAL";
    std::filesystem::remove(s.path);
    return s;
  }

  const std::string secret = api::new_token_secret();
  storage::database db;
  api::owned_api_stores stores;
  storage::schedule_store runs;
  rules::rules_engine rules;
  handlers::template_book book;
  std::vector<handlers::faq_entry> configured_faq;
  handlers::faq_handler faq;
  handlers::scheduler schedules;
  storage::analytics_store analytics;
  storage::care_store care;
  handlers::community_stats stats;
  handlers::churn_watch churn;
  handlers::tier_keeper tiers;
  handlers::review_writer reviews;
  storage::experiment_store experiment_rows;
  handlers::experiment_runner experiments;
  api::admin_api api;
};

/// Splits an input into a request: the first byte picks the method, then the path up to a
/// newline, then `key=value` query lines up to an empty line, then the body.
api::request request_from(std::string_view input) {
  static constexpr const char* methods[] = {"GET", "POST", "PUT", "DELETE", "PATCH"};
  api::request req;
  req.method = input.empty() ? "GET" : methods[static_cast<unsigned char>(input[0]) % 5];
  if (!input.empty()) input.remove_prefix(1);
  auto next_line = [&input]() {
    const auto end = input.find('\n');
    const auto line = input.substr(0, end);
    input.remove_prefix(end == std::string_view::npos ? input.size() : end + 1);
    return line;
  };
  req.path = "/api/v1/" + std::string(next_line());
  for (auto line = next_line(); !line.empty(); line = next_line()) {
    const auto eq = line.find('=');
    req.query[std::string(line.substr(0, eq))] =
        eq == std::string_view::npos ? "" : std::string(line.substr(eq + 1));
  }
  req.body = std::string(input);
  return req;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static api_world world;
  auto req = request_from({reinterpret_cast<const char*>(data), size});
  req.authorization = "Bearer " + world.secret;
  storage::write_transaction rolled_back(world.db);
  const auto answer = world.api.handle(req, 1'700'000'000);
  if (answer.status < 100 || answer.status > 599) __builtin_trap();
  return 0;
}
