// Private to bot/net: where requests waiting for the core thread get their answers.
#pragma once

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bot/net/detail/asio.hpp"

namespace steward::net {

/// Requests waiting for an answer of type T from the core thread. The core thread's answers go
/// into one mailbox, and one post per burst (one per batch: its answers arrive together) hands
/// them all to the I/O thread, which resumes the waiting coroutines. One timer for all waiters
/// gives up on those the core did not answer in time (nullopt): no timer per request.
template <class T>
class answer_board {
 public:
  explicit answer_board(asio::io_context& ioc) : ioc_(ioc), sweep_(ioc) {}
  ~answer_board() {
    std::lock_guard lock(mailbox_->mutex);
    mailbox_->board = nullptr;  // answers still to come from the core go nowhere
  }
  answer_board(const answer_board&) = delete;
  answer_board& operator=(const answer_board&) = delete;

  /// On the I/O thread: `co_await board.wait(timeout, start)`. `start(answer)` is called at once
  /// and must arrange for `answer(T)` to be called once, from any thread. Yields the answer, or
  /// nullopt when none came within `timeout`.
  auto wait(std::chrono::steady_clock::duration timeout,
            std::function<void(std::function<void(T)>)> start) {
    return asio::async_initiate<decltype(asio::use_awaitable), void(std::optional<T>)>(
        [this, timeout, start = std::move(start)](handler done) mutable {
          const std::uint64_t ticket = ++last_ticket_;
          waiting_.emplace(ticket, waiter{std::move(done), clock::now() + timeout});
          arm_sweep();
          start(
              [mailbox = mailbox_, ticket](T answer) { mailbox->put(ticket, std::move(answer)); });
        },
        asio::use_awaitable);
  }

 private:
  using clock = std::chrono::steady_clock;
  using handler = asio::any_completion_handler<void(std::optional<T>)>;
  struct waiter {
    handler done;
    clock::time_point deadline;
  };

  /// Shared with the core thread's callbacks, so an answer arriving late finds it alive.
  struct mailbox {
    explicit mailbox(answer_board& board) : board(&board) {}
    void put(std::uint64_t ticket, T answer) {
      std::lock_guard lock(mutex);
      if (board == nullptr) return;
      answers.emplace_back(ticket, std::move(answer));
      if (std::exchange(posted, true)) return;  // a hand-over is already on its way
      asio::post(board->ioc_, [self = board->mailbox_] {
        if (self->board != nullptr) self->board->hand_over();
      });
    }
    answer_board* board;
    std::mutex mutex;
    std::vector<std::pair<std::uint64_t, T>> answers;
    bool posted = false;
  };

  void hand_over() {
    std::vector<std::pair<std::uint64_t, T>> arrived;
    {
      std::lock_guard lock(mailbox_->mutex);
      arrived.swap(mailbox_->answers);
      mailbox_->posted = false;
    }
    for (auto& [ticket, answer] : arrived) {
      auto found = waiting_.find(ticket);
      if (found == waiting_.end()) continue;  // given up on already
      auto done = std::move(found->second.done);
      waiting_.erase(found);
      std::move(done)(std::optional<T>(std::move(answer)));
    }
  }

  void arm_sweep() {
    if (sweeping_) return;
    sweeping_ = true;
    sweep_.expires_after(std::chrono::seconds(1));
    sweep_.async_wait([this](boost::system::error_code ec) {
      sweeping_ = false;
      if (!ec) sweep();
    });
  }

  void sweep() {
    const auto now = clock::now();
    std::vector<handler> expired;
    for (auto it = waiting_.begin(); it != waiting_.end();) {
      if (it->second.deadline <= now) {
        expired.push_back(std::move(it->second.done));
        it = waiting_.erase(it);
      } else {
        ++it;
      }
    }
    if (!waiting_.empty()) arm_sweep();
    for (auto& done : expired)
      std::move(done)(std::optional<T>());
  }

  asio::io_context& ioc_;
  std::shared_ptr<mailbox> mailbox_ = std::make_shared<mailbox>(*this);
  std::unordered_map<std::uint64_t, waiter> waiting_;  // I/O thread only
  std::uint64_t last_ticket_ = 0;
  asio::steady_timer sweep_;
  bool sweeping_ = false;
};

}  // namespace steward::net
