#include "handlers/template_book.hpp"

#include "handlers/markup_check.hpp"
#include "handlers/template_renderer.hpp"

namespace steward::handlers {

namespace {

const std::map<std::string, template_texts>& built_in() {
  static const std::map<std::string, template_texts> texts{
      {"zh",
       {{"welcome",
         "👋 欢迎 {mentions} 加入 {group}！\n请先看看群规：\n{rules}\n发送 签到 每天领积分，发送 "
         "帮助 看看我能做什么。"},
        {"goodbye", "👋 {name} 离开了 {group}，祝一切顺利。"},
        {"rules",
         "1. 友善交流，不人身攻击\n2. 不发广告、联系方式和无关链接\n3. 不刷屏\n"
         "违规将被删除消息并警告，多次违规将被禁言或移出。"},
        {"checkin",
         "✅ {name} 签到成功！+{points} 积分，已连续签到 {streak} 天，当前积分 {balance}。"},
        {"checkin_again", "{name}，今天已经签到过啦（连续 {streak} 天）。下次签到还要等 {wait}。"},
        {"points",
         "{name}：当前积分 {points}，连续签到 {streak} 天，群内排名第 {rank}。等级 {level}（{xp} "
         "经验）。徽章：{badges}"},
        {"level_up", "🎉 {name} 升到了 {level} 级！"},
        {"badge", "🏅 {name} 获得了「{badge}」徽章（{how}）！"},
        {"badge_digest", "🏅 新徽章：{badges}。恭喜！"},
        {"shop",
         "🛍 积分商城（你有 {points} 积分）：\n{items}\n发送 兑换 &lt;商品&gt; "
         "兑换。"},
        {"redeemed",
         "🎁 {name} 用 {price} 积分兑换了 "
         "{item}。兑换码：<code>{code}</code>，请出示给管理员领取。当前积分 "
         "{balance}。"},
        {"churn_mention", "👋 {mentions} 好久不见！群里最近很热闹，有空来聊聊吧～"},
        {"churn_digest", "📉 流失预警 · {group}（{count} 人）\n{lists}"},
        {"churn_private", "👋 {name}，好久没在「{group}」见到你了！大家都很想你，有空回来聊聊吧～"},
        {"review_week",
         "📊 周复盘 · "
         "{group}\n{period}\n{summary}\n\n{kpis}\n\n{tiers}\n{top}\n{newcomers}\n{churn}\n{hours}"
         "\n{moderation}"},
        {"review_month",
         "📅 月总结 · "
         "{group}\n{period}\n{summary}\n\n{kpis}\n\n{tiers}\n{top}\n{newcomers}\n{churn}\n{hours}"
         "\n{moderation}"}}},
      {"en",
       {{"welcome",
         "👋 Welcome to {group}, {mentions}!\nPlease read the rules:\n{rules}\nSend /checkin "
         "every day for points, and /help to see what I can do."},
        {"goodbye", "👋 {name} has left {group}. All the best!"},
        {"rules",
         "1. Be kind; no personal attacks\n2. No ads, contact details or off-topic links\n3. No "
         "flooding\nBreaking a rule gets the message removed and a warning; repeat offences get a "
         "mute or a removal."},
        {"checkin",
         "✅ {name} checked in: +{points} points, {streak}-day streak. Balance: {balance} points."},
        {"checkin_again",
         "{name}, you have already checked in today ({streak}-day streak). Next check-in opens in "
         "{wait}."},
        {"points",
         "{name}: {points} points, {streak}-day check-in streak, rank #{rank} in this group. Level "
         "{level} ({xp} XP). Badges: {badges}"},
        {"level_up", "🎉 {name} reached level {level}!"},
        {"badge", "🏅 {name} earned the {badge} badge ({how})!"},
        {"badge_digest", "🏅 New badges: {badges}. Congratulations!"},
        {"shop",
         "🛍 Points shop — you have {points} points:\n{items}\nRedeem with /redeem "
         "&lt;item&gt;."},
        {"redeemed",
         "🎁 {name} redeemed {item} for {price} points. Code: <code>{code}</code> — show it to an "
         "admin to collect. Balance: {balance} points."},
        {"churn_mention", "👋 {mentions} we miss you! A lot is going on here — come and say hi."},
        {"churn_digest", "📉 Members slipping away · {group} ({count})\n{lists}"},
        {"churn_private",
         "👋 {name}, we haven't seen you in {group} for a while — everyone misses you. Drop by "
         "when you can!"},
        {"review_week",
         "📊 Weekly review · "
         "{group}\n{period}\n{summary}\n\n{kpis}\n\n{tiers}\n{top}\n{newcomers}\n{churn}\n{hours}"
         "\n{moderation}"},
        {"review_month",
         "📅 Monthly review · "
         "{group}\n{period}\n{summary}\n\n{kpis}\n\n{tiers}\n{top}\n{newcomers}\n{churn}\n{hours}"
         "\n{moderation}"}}},
  };
  return texts;
}

const std::string* find_text(const std::map<std::string, template_texts>& by_scope,
                             const std::string& scope, const std::string& key) {
  const auto s = by_scope.find(scope);
  if (s == by_scope.end()) return nullptr;
  const auto t = s->second.find(key);
  return t == s->second.end() ? nullptr : &t->second;
}

}  // namespace

template_book::template_book(template_settings settings) : settings_(std::move(settings)) {}

const std::set<std::string, std::less<>>& template_book::placeholders(const std::string& key) {
  static const std::set<std::string, std::less<>> review_placeholders{
      "group", "period",    "summary", "kpis",  "tiers",
      "top",   "newcomers", "churn",   "hours", "moderation"};
  static const std::map<std::string, std::set<std::string, std::less<>>> allowed{
      {"welcome", {"name", "mention", "mentions", "count", "group", "rules", "date"}},
      {"goodbye", {"name", "group", "date"}},
      {"rules", {"group"}},
      {"checkin", {"name", "mention", "points", "streak", "balance", "date"}},
      {"checkin_again", {"name", "mention", "streak", "wait"}},
      {"points", {"name", "mention", "points", "streak", "rank", "level", "xp", "badges", "tier"}},
      {"level_up", {"name", "mention", "level"}},
      {"badge", {"name", "badge", "how"}},
      {"badge_digest", {"group", "count", "badges"}},
      {"shop", {"name", "mention", "points", "items"}},
      {"redeemed", {"name", "mention", "item", "price", "code", "balance"}},
      {"churn_mention", {"mentions", "days", "group"}},
      {"churn_digest", {"group", "count", "lists"}},
      {"churn_private", {"name", "group", "days"}},
      {"review_week", review_placeholders},
      {"review_month", review_placeholders},
  };
  static const std::set<std::string, std::less<>> none;
  const auto it = allowed.find(key);
  return it == allowed.end() ? none : it->second;
}

const std::set<std::string>& template_book::keys() {
  static const std::set<std::string> all = [] {
    std::set<std::string> out;
    for (const auto& [key, text] : built_in().at("en"))
      out.insert(key);
    return out;
  }();
  return all;
}

std::optional<std::string> template_book::check(const std::string& key, const std::string& text) {
  if (!keys().contains(key)) {
    std::string known;
    for (const auto& k : keys())
      known += (known.empty() ? "" : ", ") + k;
    return "unknown template \"" + key + "\" (" + known + ")";
  }
  if (auto problem = check_template(text, placeholders(key))) return problem;
  return check_telegram_html(text);
}

std::string template_book::language(const std::string& chat_id) const {
  if (const auto chosen = chosen_languages_.find(chat_id); chosen != chosen_languages_.end()) {
    return chosen->second;
  }
  const auto it = settings_.groups.find(chat_id);
  if (it != settings_.groups.end() && !it->second.language.empty()) return it->second.language;
  return settings_.language;
}

std::string template_book::text(const std::string& chat_id, const std::string& key) const {
  return resolve(chat_id, key, language(chat_id)).text;
}

resolved_template template_book::resolve(const std::string& chat_id, const std::string& key,
                                         const std::string& lang) const {
  const std::string group = group_scope(chat_id);
  if (const auto* t = stored(group, key)) return {*t, "stored", group};
  if (const auto g = settings_.groups.find(chat_id); g != settings_.groups.end()) {
    if (const auto t = g->second.texts.find(key); t != g->second.texts.end()) {
      return {t->second, "config", group};
    }
  }
  const std::string language = language_scope(lang);
  if (const auto* t = stored(language, key)) return {*t, "stored", language};
  if (const auto* t = find_text(settings_.texts, lang, key)) return {*t, "config", language};
  return {built_in().at(lang == "en" ? "en" : "zh").at(key), "built-in", ""};
}

std::string template_book::render(const std::string& chat_id, const std::string& key,
                                  core::language lang, const template_values& values,
                                  const template_markup& markup) const {
  const auto resolved = resolve(chat_id, key, lang == core::language::zh ? "zh" : "en");
  return render_template(resolved.text, values, markup);
}

void template_book::set_stored(const std::string& scope, const std::string& key,
                               std::optional<std::string> text) {
  if (text) {
    stored_[scope][key] = std::move(*text);
  } else if (const auto s = stored_.find(scope); s != stored_.end()) {
    s->second.erase(key);
  }
}

void template_book::set_group_language(const std::string& chat_id,
                                       std::optional<std::string> language) {
  if (language) {
    chosen_languages_[chat_id] = std::move(*language);
  } else {
    chosen_languages_.erase(chat_id);
  }
}

std::optional<std::string> template_book::chosen_language(const std::string& chat_id) const {
  const auto it = chosen_languages_.find(chat_id);
  if (it == chosen_languages_.end()) return std::nullopt;
  return it->second;
}

const std::string* template_book::stored(const std::string& scope, const std::string& key) const {
  return find_text(stored_, scope, key);
}

}  // namespace steward::handlers
