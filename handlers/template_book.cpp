#include "handlers/template_book.hpp"

#include "handlers/template_renderer.hpp"

namespace steward::handlers {

namespace {

const std::map<std::string, template_texts>& built_in() {
  static const std::map<std::string, template_texts> texts{
      {"zh",
       {{"welcome",
         "👋 欢迎 {mentions} 加入 {group}！\n请先看看群规：\n{rules}\n发送 签到 每天领积分，发送 "
         "帮助 "
         "看看我能做什么。"},
        {"goodbye", "👋 {name} 离开了 {group}，祝一切顺利。"},
        {"rules",
         "1. 友善交流，不人身攻击\n2. 不发广告、联系方式和无关链接\n3. "
         "不刷屏\n违规将被删除消息并警告，"
         "多次违规将被禁言或移出。"}}},
      {"en",
       {{"welcome",
         "👋 Welcome to {group}, {mentions}!\nPlease read the rules:\n{rules}\nSend /checkin "
         "every day for points, and /help to see what I can do."},
        {"goodbye", "👋 {name} has left {group}. All the best!"},
        {"rules",
         "1. Be kind; no personal attacks\n2. No ads, contact details or off-topic links\n3. No "
         "flooding\nBreaking a rule gets the message removed and a warning; repeat offences get a "
         "mute or a removal."}}},
  };
  return texts;
}

}  // namespace

template_book::template_book(template_settings settings) : settings_(std::move(settings)) {}

const std::set<std::string, std::less<>>& template_book::placeholders(const std::string& key) {
  static const std::map<std::string, std::set<std::string, std::less<>>> allowed{
      {"welcome", {"name", "mention", "mentions", "count", "group", "rules", "date"}},
      {"goodbye", {"name", "group", "date"}},
      {"rules", {"group"}},
  };
  static const std::set<std::string, std::less<>> none;
  const auto it = allowed.find(key);
  return it == allowed.end() ? none : it->second;
}

const std::set<std::string>& template_book::keys() {
  static const std::set<std::string> all{"welcome", "goodbye", "rules"};
  return all;
}

std::optional<std::string> template_book::check(const std::string& key, const std::string& text) {
  if (!keys().contains(key)) return "unknown template \"" + key + "\" (welcome, goodbye, rules)";
  return check_template(text, placeholders(key));
}

std::string template_book::language(const std::string& chat_id) const {
  const auto it = settings_.groups.find(chat_id);
  if (it != settings_.groups.end() && !it->second.language.empty()) return it->second.language;
  return settings_.language;
}

std::string template_book::text(const std::string& chat_id, const std::string& key) const {
  if (const auto g = settings_.groups.find(chat_id); g != settings_.groups.end()) {
    if (const auto t = g->second.texts.find(key); t != g->second.texts.end()) return t->second;
  }
  const std::string lang = language(chat_id);
  if (const auto l = settings_.texts.find(lang); l != settings_.texts.end()) {
    if (const auto t = l->second.find(key); t != l->second.end()) return t->second;
  }
  const auto& texts = built_in().at(lang == "en" ? "en" : "zh");
  return texts.at(key);
}

}  // namespace steward::handlers
