#pragma once

#include "handlers/handler.hpp"

namespace steward::handlers {

/// /help and 帮助: what a member can do here.
class help_handler final : public handler {
 public:
  std::string_view name() const override { return "help"; }
  handler_result handle(const context& ctx) override;
};

}  // namespace steward::handlers
