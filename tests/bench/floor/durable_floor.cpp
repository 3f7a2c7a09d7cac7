// The durable floor: the least a webhook server of Steward's shape must do per update, built the
// same way (one Beast coroutine per connection on one I/O thread, one writer thread owning a
// SQLite file with WAL and synchronous=FULL), and nothing else. Each POST body is parsed with
// nlohmann::json, its update id and text are inserted (de-duplicated by the primary key) in a
// group-committed transaction — one BEGIN IMMEDIATE per batch — and the request is answered 200
// only after COMMIT. No rules, no members, no outbox: Steward's throughput is reported as a share
// of this server's, measured in the same run (tests/bench/floor_compare.sh).
//
//   steward_floor <port> <database path>
#include <sqlite3.h>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
  }
}

/// One writer thread: drains the queue in batches, one transaction per batch, then completes
/// every request of the batch on the I/O thread.
class committer {
 public:
  using completion = asio::any_completion_handler<void(bool)>;

  committer(const std::string& path, asio::any_io_executor io) : io_(std::move(io)) {
    check(sqlite3_open(path.c_str(), &db_), db_, "open");
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=FULL");
    exec("CREATE TABLE IF NOT EXISTS updates(update_id INTEGER PRIMARY KEY, body TEXT)");
    check(sqlite3_prepare_v2(db_, "INSERT OR IGNORE INTO updates VALUES(?, ?)", -1, &insert_,
                             nullptr),
          db_, "prepare");
    thread_ = std::thread([this] { run(); });
  }
  ~committer() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
    sqlite3_finalize(insert_);
    sqlite3_close(db_);
  }

  /// `co_await commit(id, text)`: true once the row is durable.
  auto commit(std::int64_t update_id, std::string text) {
    return asio::async_initiate<decltype(asio::use_awaitable), void(bool)>(
        [this, update_id, text = std::move(text)](completion done) mutable {
          {
            std::lock_guard lock(mutex_);
            queue_.push_back({update_id, std::move(text), std::move(done)});
          }
          wake_.notify_one();
        },
        asio::use_awaitable);
  }

 private:
  struct job {
    std::int64_t update_id;
    std::string text;
    completion done;
  };

  void exec(const char* sql) { check(sqlite3_exec(db_, sql, nullptr, nullptr, nullptr), db_, sql); }

  void run() {
    std::vector<job> batch;
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        while (!queue_.empty() && batch.size() < 256) {
          batch.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
      bool ok = true;
      try {
        exec("BEGIN IMMEDIATE");
        for (auto& j : batch) {
          sqlite3_bind_int64(insert_, 1, j.update_id);
          sqlite3_bind_text(insert_, 2, j.text.data(), static_cast<int>(j.text.size()),
                            SQLITE_STATIC);
          check(sqlite3_step(insert_), db_, "insert");
          sqlite3_reset(insert_);
        }
        exec("COMMIT");
      } catch (const std::exception& e) {
        std::fprintf(stderr, "floor: %s\n", e.what());
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        ok = false;
      }
      for (auto& j : batch) {
        asio::post(io_, [done = std::move(j.done), ok]() mutable { std::move(done)(ok); });
      }
      batch.clear();
    }
  }

  asio::any_io_executor io_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<job> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

http::response<http::string_body> answer(http::status status, bool keep_alive) {
  http::response<http::string_body> res{status, 11};
  res.set(http::field::content_type, "application/json");
  res.body() = status == http::status::ok ? "{}" : R"({"error":"failed"})";
  res.keep_alive(keep_alive);
  res.prepare_payload();
  return res;
}

asio::awaitable<void> session(tcp::socket socket, committer& writer) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    stream.expires_after(std::chrono::seconds(30));
    http::request<http::string_body> req;
    auto [read_ec, n] = co_await http::async_read(stream, buffer, req, use_tuple);
    if (read_ec) break;
    auto status = http::status::ok;
    if (req.method() == http::verb::post) {
      const auto update = nlohmann::json::parse(req.body(), nullptr, false);
      if (update.is_discarded() || !update.contains("update_id")) {
        status = http::status::bad_request;
      } else {
        std::string text;
        if (const auto m = update.find("message"); m != update.end() && m->contains("text"))
          text = (*m)["text"].get<std::string>();
        const bool ok = co_await writer.commit(update["update_id"].get<std::int64_t>(), text);
        if (!ok) status = http::status::internal_server_error;
      }
    }
    auto res = answer(status, req.keep_alive());
    auto [write_ec, written] = co_await http::async_write(stream, res, use_tuple);
    if (write_ec || !res.keep_alive()) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> listen(tcp::acceptor& acceptor, committer& writer) {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
    if (ec) continue;
    asio::co_spawn(acceptor.get_executor(), session(std::move(socket), writer), asio::detached);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: steward_floor <port> <database path>\n");
    return 2;
  }
  asio::io_context ioc(1);
  committer writer(argv[2], ioc.get_executor());
  tcp::acceptor acceptor(
      ioc, {asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(std::stoi(argv[1]))});
  asio::co_spawn(ioc, listen(acceptor, writer), asio::detached);
  ioc.run();
}
