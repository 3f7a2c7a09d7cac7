#pragma once

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "handlers/handler.hpp"
#include "handlers/template_book.hpp"
#include "storage/verification_store.hpp"
#include "storage/welcome_store.hpp"

namespace steward::handlers {

/// [verification]: newcomers prove they are human before they may write.
struct verification_settings {
  bool enabled = false;          ///< on in every group (unless a group turns it off)
  std::int64_t timeout_s = 300;  ///< how long a newcomer has to press the button
  bool kick_on_fail = true;      ///< out of time: removed (they may rejoin), else kept muted
  /// An arithmetic question answered in the chat instead of a button (for platforms without
  /// buttons): the newcomer is not muted, and what they write before answering is deleted.
  bool arithmetic = false;
  std::map<std::string, bool, std::less<>> groups;  ///< chat id → on or off, overriding `enabled`

  /// Whether newcomers of `chat_id` are verified.
  bool on_in(std::string_view chat_id) const;
};

/// Newcomer verification (captcha). A member who joins is muted and listed in the chat's one
/// challenge message, with a button; pressing it within the time limit lifts the mute (the
/// member is told once the platform confirmed it) and they are welcomed; out of time, they are
/// removed or kept muted. Joins in a raid share the message, which is edited as people join and
/// pass and removed once nobody is left to answer. Members who passed are never asked again.
class verification_handler : public handler, public follow_up_handler {
 public:
  verification_handler(const template_book& book, storage::verification_store& store,
                       storage::welcome_store& welcomes, verification_settings settings);

  std::string_view name() const override { return "verification"; }
  handler_result handle(const context& ctx) override;
  std::vector<core::action> follow_up(const delivery_answer& answer,
                                      const core::platform_adapter& platform) override;
  /// The clock tick: challenge messages for new joins, and newcomers out of time.
  std::vector<core::action> due(std::int64_t now_s);
  const verification_settings& settings() const { return settings_; }
  /// What each platform can do: where messages carry no buttons, newcomers get the arithmetic
  /// question instead.
  void set_capabilities(capability_lookup caps) { caps_ = std::move(caps); }

 private:
  handler_result on_join(const context& ctx);
  handler_result on_press(const context& ctx);
  handler_result on_message(const context& ctx, const storage::newcomer& row);
  std::vector<core::action> passed(const delivery_answer& answer,
                                   const core::platform_adapter& platform);
  std::vector<core::action> removed(const delivery_answer& answer,
                                    const core::platform_adapter& platform);
  /// Posts, edits or removes the chat's challenge message to list who must still answer.
  std::vector<core::action> refresh(const std::string& platform, const std::string& chat_id);
  std::string challenge_text(const std::string& chat_id,
                             const std::vector<storage::newcomer>& listed) const;

  const template_book& book_;
  storage::verification_store& store_;
  storage::welcome_store& welcomes_;
  verification_settings settings_;
  capability_lookup caps_;
  /// Whether newcomers on `platform` answer a question rather than press a button.
  bool arithmetic_on(const std::string& platform) const {
    return settings_.arithmetic || (caps_ && !caps_(platform).inline_buttons);
  }
  std::mt19937 dice_{std::random_device{}()};  ///< arithmetic questions
};

}  // namespace steward::handlers
