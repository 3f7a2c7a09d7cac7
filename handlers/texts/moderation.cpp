#include "handlers/builtin_texts.hpp"

namespace steward::handlers {

namespace {

// Notices of sanctions, posted once the platform confirmed them, and why they were taken.
std::vector<builtin_text> sanction_texts() {
  const std::string m = "moderation";
  return {
      {"sanction_warned",
       m,
       {"name", "warnings", "ladder"},
       "⚠️ {name} has been warned ({warnings}/{ladder}).",
       "⚠️ {name} 收到警告（{warnings}/{ladder}）。"},
      {"sanction_muted",
       m,
       {"name", "until"},
       "🔇 {name} is muted until {until}.",
       "🔇 {name} 已被禁言，至 {until}。"},
      {"sanction_muted_forever",
       m,
       {"name"},
       "🔇 {name} is muted for good.",
       "🔇 {name} 已被永久禁言。"},
      {"sanction_kicked",
       m,
       {"name"},
       "👢 {name} has been removed from the group (they may rejoin).",
       "👢 {name} 已被移出群聊（可以重新加入）。"},
      {"sanction_banned",
       m,
       {"name", "until"},
       "⛔ {name} is banned until {until}.",
       "⛔ {name} 已被封禁，至 {until}。"},
      {"sanction_banned_forever",
       m,
       {"name"},
       "⛔ {name} is banned for good.",
       "⛔ {name} 已被永久封禁。"},
      {"sanction_reason", m, {"reason"}, "Reason: {reason}", "原因：{reason}"},
      {"sanction_capped",
       m,
       {},
       "(Telegram's timed limits end after at most 366 days; longer is permanent.)",
       "（Telegram 的限时处罚最长 366 天，更长即为永久。）"},
      {"unmuted", m, {"name"}, "🔊 {name} may speak again.", "🔊 {name} 已解除禁言。"},
      {"unbanned",
       m,
       {"name"},
       "✅ {name} is unbanned and may rejoin.",
       "✅ {name} 已解除封禁，可以重新加入。"},
      {"reason_word", m, {"list"}, "a listed word ({list})", "敏感词（{list}）"},
      {"reason_split_contact", m, {}, "contact details split across messages", "分段发送联系方式"},
      {"reason_contact", m, {"kind"}, "contact details ({kind})", "联系方式（{kind}）"},
      {"reason_hidden_link", m, {"target"}, "a hidden link to {target}", "隐藏链接（{target}）"},
      {"reason_links", m, {}, "links", "链接"},
      {"reason_mentions", m, {}, "too many mentions", "提及过多"},
      {"reason_flood", m, {}, "flooding", "刷屏"},
      {"reason_duplicate", m, {}, "repeating the same message", "重复发送"},
      {"reason_raid", m, {}, "a raid (many members posting the same)", "多人重复刷屏"},
      {"reason_learned",
       m,
       {},
       "it resembles messages admins removed as spam",
       "与管理员删除过的垃圾消息相似"},
      {"reason_rule", m, {"rule"}, "rule {rule}", "规则 {rule}"},
  };
}

// What Steward says when the platform refused a call: "I could not {action}: {reason}."
std::vector<builtin_text> failure_texts() {
  const std::string m = "moderation";
  return {
      {"action_failed",
       m,
       {"action", "reason"},
       "⚠️ I could not {action}: {reason}.",
       "⚠️ 无法{action}：{reason}。"},
      {"action_unconfirmed",
       m,
       {"action", "platform"},
       "⚠️ I cannot tell whether I could {action}: I failed to read {platform}'s answer. "
       "Please "
       "check, and do it again if it is not done.",
       "⚠️ 无法确认是否已{action}：未能读懂 {platform} "
       "的答复。请检查，如未完成请重新操作。"},
      {"action_delete", m, {"name"}, "remove {name}'s message", "删除 {name} 的消息"},
      {"action_mute", m, {"name"}, "mute {name}", "禁言 {name}"},
      {"action_kick", m, {"name"}, "remove {name} from the group", "将 {name} 移出群聊"},
      {"action_ban", m, {"name"}, "ban {name}", "封禁 {name}"},
      {"action_unmute", m, {"name"}, "let {name} speak again", "解除 {name} 的禁言"},
      {"action_unban", m, {"name"}, "unban {name}", "解除 {name} 的封禁"},
      {"action_report", m, {"name"}, "pass on the report about {name}", "转告关于 {name} 的举报"},
      {"action_other", m, {"name"}, "act on {name}", "处理 {name}"},
      {"refusal_target_is_admin", m, {}, "they are an admin of this group", "对方是本群管理员"},
      {"refusal_lacks_right",
       m,
       {"right"},
       "I need the “{right}” right; an admin can grant it in the group's administrator settings",
       "我需要“{right}”权限，请群管理员在管理员设置中授予"},
      {"refusal_not_admin",
       m,
       {"right"},
       "I am not an admin here; make me one with the “{right}” right",
       "我还不是本群管理员，请把我设为管理员并授予“{right}”权限"},
      {"refusal_not_supergroup",
       m,
       {},
       "Telegram allows this in supergroups only",
       "Telegram 只允许在超级群组中这样做"},
      {"refusal_target_absent", m, {}, "they are not in the group", "对方已不在群里"},
      {"refusal_message_gone", m, {}, "the message is already gone", "消息已被删除"},
      {"refusal_too_old",
       m,
       {},
       "Telegram lets me delete only messages under 48 hours old, and only with the “Delete "
       "messages” right",
       "Telegram 只允许删除 48 小时内的消息，且需要“删除消息”权限"},
      {"refusal_unreachable",
       m,
       {"platform"},
       "{platform} could not be reached; please try again later",
       "暂时无法连接 {platform}，请稍后再试"},
      {"refusal_expired",
       m,
       {"platform"},
       "{platform} could not be reached in time; please do it again",
       "未能在有效时间内连接 {platform}，请重新操作"},
      {"refusal_unsupported",
       m,
       {"platform"},
       "{platform} offers no way to do this",
       "{platform} 不支持这个操作"},
      {"refusal_unknown", m, {"platform"}, "{platform} refused it", "{platform} 拒绝了这个操作"},
      {"refusal_unreadable",
       m,
       {"platform"},
       "{platform} said yes but sent nothing I could use; please try again later",
       "{platform} 回复成功，但没有给出可用的结果，请稍后再试"},
      {"refusal_answered",
       m,
       {"detail", "platform"},
       "{platform} answered “{detail}”",
       "{platform} 回复“{detail}”"},
  };
}

// Answers to admins' moderation commands and to members' reports.
std::vector<builtin_text> command_texts() {
  const std::string m = "moderation";
  return {
      {"groups_only", m, {}, "This command works in groups only.", "这个命令只能在群里使用。"},
      {"bad_duration",
       m,
       {"word"},
       "“{word}” is not a duration; write it like 30s, 10m, 2h or 7d.",
       "“{word}”不是有效的时长，请写成 30s、10m、2h 或 7d。"},
      {"duration_too_short",
       m,
       {},
       "The shortest duration I can set is 1 minute (Telegram treats shorter ones as permanent).",
       "时长至少为 1 分钟（Telegram 会把更短的时长当作永久）。"},
      {"name_the_target",
       m,
       {"usage"},
       "Reply to the member's message, or name them: {usage}",
       "请回复要处理的成员的消息，或写明成员：{usage}"},
      {"unknown_target",
       m,
       {"who"},
       "I don't know {who} in this group. Reply to their message, or name them with @username "
       "or their numeric id.",
       "本群里没有找到 {who}。请回复对方的消息，或写 @用户名 或数字 ID。"},
      {"not_on_yourself", m, {}, "You cannot use this on yourself.", "不能对自己使用这个命令。"},
      {"not_on_admins",
       m,
       {"name", "command"},
       "{name} is an admin of this group; {command} does not work on admins.",
       "{name} 是本群管理员，不能对管理员使用 {command}。"},
      {"no_warnings", m, {"name"}, "{name} has no active warnings.", "{name} 没有有效的警告。"},
      {"warning_removed",
       m,
       {"name", "left"},
       "Removed one warning from {name}; {left} left.",
       "已撤销 {name} 的一次警告，还剩 {left} 次。"},
      {"warnings",
       m,
       {"name", "count", "list"},
       "{name} has {count} active {count|warning|warnings}.{list}",
       "{name} 有 {count} 次有效警告。{list}"},
      {"approved",
       m,
       {"name"},
       "✅ {name} is approved: automatic moderation skips them.",
       "✅ {name} 已获批准，不再受自动审核。"},
      {"unapproved", m, {"name"}, "{name} is no longer approved.", "{name} 的批准已撤销。"},
      {"del_needs_reply",
       m,
       {"command"},
       "Reply to the message you want removed with {command}.",
       "请回复要删除的消息再发送 {command}。"},
      {"reload_started",
       m,
       {},
       "🔄 Reloading the word lists; moderation keeps running meanwhile.",
       "🔄 正在重新加载词库，期间审核照常进行。"},
      {"report_needs_reply",
       m,
       {"command"},
       "Reply to the message you want to report with {command}.",
       "请回复要举报的消息再发送 {command}。"},
      {"report_sent",
       m,
       {"reporter", "author", "group"},
       "🚩 {reporter} reported a message by {author} in {group}",
       "🚩 {reporter} 在「{group}」举报了 {author} 的消息"},
      {"report_sent_reason",
       m,
       {"reporter", "author", "group", "reason"},
       "🚩 {reporter} reported a message by {author} in {group}: {reason}",
       "🚩 {reporter} 在「{group}」举报了 {author} 的消息：{reason}"},
      {"report_thanks", m, {}, "🚩 Thanks, the admins have been told.", "🚩 已转告管理员，谢谢！"},
      {"report_to_admins",
       m,
       {"reporter", "author", "admins"},
       "🚩 {reporter} reported this message by {author}\nAdmins, please have a look: {admins}",
       "🚩 {reporter} 举报了 {author} 的这条消息\n请管理员查看：{admins}"},
      {"report_to_admins_reason",
       m,
       {"reporter", "author", "admins", "reason"},
       "🚩 {reporter} reported this message by {author}: {reason}\nAdmins, please have a look: "
       "{admins}",
       "🚩 {reporter} 举报了 {author} 的这条消息：{reason}\n请管理员查看：{admins}"},
      {"report_nobody",
       m,
       {},
       "⚠️ I cannot tell anyone: no report chat is set up and I could not see who administers "
       "this group. Please contact an admin directly.",
       "⚠️ "
       "无法转告管理员：没有设置举报群，我也无法获取本群管理员名单。请直接联系管理员。"},
      {"report_already",
       m,
       {},
       "You have already reported this message.",
       "你已经举报过这条消息了。"},
      {"report_too_many",
       m,
       {"count", "minutes"},
       "You have sent {count} {count|report|reports} in the last {minutes} minutes; please wait a "
       "little before the next.",
       "你在 {minutes} 分钟内已举报 {count} 次，请稍后再举报。"},
  };
}

// What Steward says about its own rights in a group.
std::vector<builtin_text> rights_texts() {
  const std::string m = "moderation";
  return {
      {"rights_complete",
       m,
       {},
       "✅ Thanks! I now have every right I need to moderate.",
       "✅ 谢谢！我现在有了审核所需的全部权限。"},
      {"rights_not_admin",
       m,
       {"rights"},
       "👋 Please make me an admin with the {rights} rights. Until then I cannot remove messages "
       "or mute members; I only record what I would have acted on.",
       "👋 "
       "请把我设为管理员，并授予{rights}"
       "权限。在此之前，我无法删除消息或禁言成员，只会记录本应处理的消息。"},
      {"rights_missing",
       m,
       {"rights", "count"},
       "⚠️ I am an admin here but lack the {rights} {count|right|rights}, so I cannot do what "
       "needs them; an admin can grant them in the administrator settings.",
       "⚠️ "
       "我是管理员，但缺少{rights}权限；缺少的部分我无法执行，请在管理员设置中授予。"},
  };
}

// Refusals every admin command shares.
std::vector<builtin_text> refusal_texts() {
  const std::string r = "refusals";
  return {
      {"admin_only",
       r,
       {"command"},
       "Only group admins can use {command}.",
       "只有群管理员可以使用 {command}。"},
      {"admin_unknown",
       r,
       {},
       "I could not check whether you are an admin right now; please try again in a minute.",
       "暂时无法确认你是否为管理员，请稍后再试。"},
  };
}

// The shared ban list (/gban, /ungban).
std::vector<builtin_text> shared_ban_texts() {
  const std::string m = "moderation";
  return {
      {"gban_done",
       m,
       {"name", "count"},
       "🌐 {name} is on the shared ban list. Banning them in the {count} {count|group|groups} "
       "where Steward knows them; each group is told once Telegram confirmed it.",
       "🌐 {name} 已加入全局封禁名单。正在 Steward 见过 TA 的 {count} 个群中封禁，每个群会在 "
       "Telegram 确认后收到通知。"},
      {"gban_done_nowhere",
       m,
       {"name"},
       "🌐 {name} is on the shared ban list. Steward has not seen them in any group; they will "
       "be removed from any group they join or write in.",
       "🌐 {name} 已加入全局封禁名单。目前没有在任何群里见过 TA；TA 一旦加入或在任何群发言，"
       "将被立即移出。"},
      {"gban_listed",
       m,
       {"name"},
       "🌐 {name} is on the shared ban list.",
       "🌐 {name} 已加入全局封禁名单。"},
      {"gban_not_done",
       m,
       {"count", "reason"},
       "⚠️ In {count} {count|group|groups} where Steward knows them I cannot ban them: "
       "{reason}. "
       "They stay listed.",
       "⚠️ 在 Steward 见过 TA 的 {count} 个群中无法封禁 TA：{reason}。TA "
       "仍在名单中。"},
      {"ungban_done",
       m,
       {"name", "count"},
       "🌐 {name} is off the shared ban list; asking Telegram to lift their ban in {count} "
       "{count|group|groups}.",
       "🌐 {name} 已移出全局封禁名单，正在 {count} 个群中解除封禁。"},
      {"gban_not_listed",
       m,
       {"name"},
       "{name} is not on the shared ban list.",
       "{name} 不在全局封禁名单中。"},
      {"gban_admins_only",
       m,
       {"command"},
       "Only Steward's own admins (moderation.admin_ids) can use {command}: it acts in every "
       "group.",
       "只有 Steward 的全局管理员（moderation.admin_ids）可以使用 {command}：它会作用于所有群。"},
      {"gban_reason", m, {"reason"}, "shared ban list: {reason}", "全局封禁：{reason}"},
      {"gban_reason_none", m, {}, "on the shared ban list", "全局封禁名单"},
  };
}

// Newcomer verification: the challenge message, its button, and the answers to pressing it.
std::vector<builtin_text> verification_texts() {
  const std::string m = "moderation";
  return {
      {"verify_challenge",
       m,
       {"mentions", "wait"},
       "👋 Welcome, {mentions}! To show you are human, press the button below within {wait} of "
       "joining; you can write once you have.",
       "👋 欢迎 {mentions}！请在入群后 {wait} 内点击下方按钮，证明你不是机器人，之后即可发言。"},
      {"verify_challenge_math",
       m,
       {"questions", "wait"},
       "👋 Welcome! To show you are human, answer your sum in this chat within {wait} of "
       "joining: {questions}. Until then, anything else you write is removed.",
       "👋 欢迎！请在入群后 {wait} 内在群里回复你的算式答案，证明你不是机器人：{questions}。"
       "在此之前，你发的其他消息会被删除。"},
      {"verify_then_removed",
       m,
       {},
       "Newcomers who do not are removed (they may rejoin).",
       "超时未验证的新成员会被移出群聊（可以重新加入）。"},
      {"verify_then_muted",
       m,
       {},
       "Newcomers who do not stay muted until an admin lets them speak.",
       "超时未验证的新成员将保持禁言，直到管理员解除。"},
      {"verify_button", m, {}, "✅ I am human", "✅ 我是真人"},
      {"verify_passed", m, {}, "✅ Thank you, you can write now.", "✅ 验证通过，现在可以发言了。"},
      {"verify_not_yours",
       m,
       {},
       "This button is for newcomers who have not verified yet.",
       "这个按钮只供尚未验证的新成员使用。"},
  };
}

}  // namespace

std::vector<builtin_text> moderation_texts() {
  return joined({sanction_texts(), failure_texts(), command_texts(), rights_texts(),
                 refusal_texts(), verification_texts(), shared_ban_texts()});
}

}  // namespace steward::handlers
