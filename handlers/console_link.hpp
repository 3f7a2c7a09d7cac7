#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "handlers/handler.hpp"
#include "handlers/template_book.hpp"
#include "storage/api_store.hpp"
#include "storage/care_store.hpp"

namespace steward::handlers {

/// How the console link command is set up.
struct console_link_settings {
  std::string public_url;      ///< server.public_url: where operators reach Steward
  std::string bot_username;    ///< to say where the private chat is
  std::int64_t valid_s = 600;  ///< a link lasts ten minutes and is used once
};

/// Makes a one-time sign-in code for a session valid `valid_s` seconds (stores its hash; the code
/// is returned once).
using link_issuer = std::function<std::string(const storage::api_token& who, std::int64_t now_s,
                                              std::int64_t valid_s)>;

/// /console (控制台), sent in a group by one of its admins: a one-time link into the operator
/// console, limited to that group with the operator role, sent to the admin's private chat (a
/// link in the group would let anyone in). Admins who never wrote to the bot are told how to.
class console_link_handler final : public handler {
 public:
  console_link_handler(storage::care_store& care, link_issuer issue, console_link_settings settings,
                       const template_book& book);
  std::string_view name() const override { return "console"; }
  /// The commands it answers: its entries in the command registry.
  static std::vector<core::command_spec> commands();
  handler_result handle(const context& ctx) override;

 private:
  storage::care_store& care_;
  link_issuer issue_;
  console_link_settings settings_;
  const template_book& book_;
};

}  // namespace steward::handlers
