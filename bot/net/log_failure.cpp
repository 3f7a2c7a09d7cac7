#include <spdlog/spdlog.h>

#include "bot/core/log.hpp"
#include "bot/net/detail/asio.hpp"

namespace steward::net {

std::function<void(std::exception_ptr)> log_failure(std::string what) {
  return [what = std::move(what)](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      core::log_error("task.failed", what + " failed", {core::field("error", ex.what())});
    }
  };
}

}  // namespace steward::net
