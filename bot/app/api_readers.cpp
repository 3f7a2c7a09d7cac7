#include "bot/app/api_readers.hpp"

#include <fmt/format.h>
#include <malloc.h>
#include <pthread.h>

#include <nlohmann/json.hpp>

#include "bot/app/config.hpp"
#include "bot/core/log.hpp"
#include "storage/database.hpp"
#include "storage/postgresql/backend.hpp"

namespace steward::app {

namespace {

std::unique_ptr<storage::backend> open_reading(const config& cfg) {
  if (cfg.engine == storage::sql_dialect::postgresql) {
    auto db = std::make_unique<storage::postgresql::pg_backend>(cfg.postgresql);
    // A reader never writes: the server refuses it if one of its routes ever tried.
    db->on_session([](storage::postgresql::pg_backend& session) {
      session.execute("SET default_transaction_read_only = on");
    });
    return db;
  }
  auto settings = cfg.storage;
  settings.read_only = true;
  settings.checkpoint_in_background = false;
  return std::make_unique<storage::database>(settings);
}

// One committed state for the whole request (a report reads several tables).
const char* begin_read(storage::sql_dialect dialect) {
  return dialect == storage::sql_dialect::postgresql
             ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
             : "BEGIN";
}

// A report reads tens of MiB of pages into the connection's cache, and reports are rare: the
// cache is emptied after each read and the heap handed back, so a reader costs memory only
// while it reads. tests/bench/analytics_scale.sh reports: RSS 121 MiB after the reports with
// this, 169 MiB without it (153 with the reports on the core thread); the reports read their
// pages again from the system's file cache, about 0.1 s more for a one-year weekly series.
void give_back_memory(storage::backend& db) {
  if (db.dialect() != storage::sql_dialect::sqlite) return;
  db.execute("PRAGMA shrink_memory");
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

api::response unavailable() {
  return {503, R"({"error":"unavailable","message":"the database is unavailable; try again"})"};
}

}  // namespace

bool readers_can_share(const config& cfg) {
  if (cfg.engine == storage::sql_dialect::postgresql) return true;
  const auto& path = cfg.storage.path;
  return path != ":memory:" && path.rfind("file::memory:", 0) != 0 &&
         path.find("mode=memory") == std::string::npos;
}

struct api_readers::reader {
  reader(const config& cfg, const reader_shared& shared)
      : db(open_reading(cfg)),
        stores(*db),
        analytics(*db),
        care(*db),
        stats(analytics, stats_settings_of(cfg)),
        book(cfg.templates),
        reviews(stats, care, book, review_settings_of(cfg)),
        api(stores.refs(), shared.rules, {&book},
            {&stats, &care, shared.churn, shared.tiers, &reviews}) {}

  std::unique_ptr<storage::backend> db;
  api::owned_api_stores stores;
  storage::analytics_store analytics;
  storage::care_store care;
  handlers::community_stats stats;
  // The reader's own book, filled from the saved templates before each review it renders (the
  // core's changes with every edit).
  handlers::template_book book;
  handlers::review_writer reviews;
  api::admin_api api;
};

api_readers::api_readers(const config& cfg, std::size_t count, reader_shared shared)
    : shared_(std::move(shared)) {
  for (std::size_t i = 0; i < count; ++i)
    readers_.push_back(std::make_unique<reader>(cfg, shared_));
  for (auto& r : readers_)
    threads_.emplace_back([this, &r = *r] { run(r); });
}

api_readers::~api_readers() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_)
    t.join();
}

void api_readers::call(api::request req, std::function<void(api::response)> reply) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back({std::move(req), std::move(reply)});
  }
  wake_.notify_one();
}

void api_readers::run(reader& r) {
  pthread_setname_np(pthread_self(), "steward-read");
  for (;;) {
    job next;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;  // a request still queued is answered 503 by its deadline
      next = std::move(jobs_.front());
      jobs_.pop_front();
    }
    next.reply(answer(r, next.req));
  }
}

api::response api_readers::answer(reader& r, const api::request& req) {
  auto& db = *r.db;
  if (db.lost()) {
    try {
      db.reconnect();
    } catch (const std::exception&) {
      return unavailable();
    }
  }
  // Groups change on the core thread (a time zone, a language): read them afresh each time.
  r.stores.community.forget_groups();
  try {
    db.execute(begin_read(db.dialect()));
    if (api::admin_api::renders_templates(req)) r.api.apply_saved_templates();
    auto out = r.api.handle(req, shared_.now_s());
    db.end_reads();
    db.execute("COMMIT");
    give_back_memory(db);
    return out;
  } catch (const std::exception& e) {
    if (db.lost()) return unavailable();
    try {
      db.end_reads();
      db.execute("ROLLBACK");
    } catch (const std::exception&) {  // the read failed before BEGIN, or the session ended
    }
    core::log_error("api.read_failed", "an admin API read failed",
                    {core::field("path", req.path), core::field("error", e.what())});
    return {500, nlohmann::json{{"error", "internal"},
                                {"message", fmt::format("the read failed: {}", e.what())}}
                     .dump()};
  }
}

}  // namespace steward::app
