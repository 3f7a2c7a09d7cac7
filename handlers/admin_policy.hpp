#pragma once

#include <string>

#include "handlers/handler.hpp"
#include "handlers/template_book.hpp"

namespace steward::handlers {

/// The one answer to a member who asks for an admin command they may not use, in the command's
/// language from the group's templates (Telegram HTML); empty when they may. Admins are the
/// chat's administrators (as the platform said, looked up by the net layer) and the members in
/// moderation.admin_ids (marked by the pipeline). When the platform could not say, the member is
/// asked to try again rather than refused.
std::string admin_refusal(const context& ctx, const template_book& book);

}  // namespace steward::handlers
