#include "handlers/say.hpp"

#include <cctype>

namespace steward::handlers {

core::language answer_language(const template_book& book, const context& ctx) {
  if (ctx.command) return ctx.command->lang;
  return book.group_language(ctx.event.chat.chat_id);
}

std::string say(const template_book& book, const std::string& chat_id, const std::string& key,
                core::language lang, const template_values& values, const template_markup& markup) {
  return book.render(chat_id, key, lang, values, markup);
}

std::string say(const template_book& book, const context& ctx, const std::string& key,
                const template_values& values, const template_markup& markup) {
  return book.render(ctx.event.chat.chat_id, key, answer_language(book, ctx), values, markup);
}

core::action reply_with(const template_book& book, const context& ctx, const std::string& key,
                        const template_values& values, const template_markup& markup) {
  return reply_to(ctx.event, say(book, ctx, key, values, markup), true);
}

std::string join_sentences(const std::string& first, const std::string& second,
                           core::language lang) {
  if (second.empty()) return first;
  if (first.empty()) return second;
  return lang == core::language::zh ? first + second : first + " " + second;
}

std::string plain_text(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  for (std::size_t i = 0; i < html.size(); ++i) {
    if (html[i] == '<') {
      const auto close = html.find('>', i);
      if (close == std::string_view::npos) break;
      i = close;
      continue;
    }
    if (html[i] == '&') {
      bool decoded = false;
      for (const auto& [entity, c] : {std::pair<std::string_view, char>{"&amp;", '&'},
                                      {"&lt;", '<'},
                                      {"&gt;", '>'},
                                      {"&quot;", '"'}}) {
        if (html.substr(i, entity.size()) == entity) {
          out += c;
          i += entity.size() - 1;
          decoded = true;
          break;
        }
      }
      if (decoded) continue;
    }
    out += html[i];
  }
  return out;
}

std::string platform_name(std::string_view platform) {
  if (platform == "onebot") return "QQ";
  if (platform == "dingtalk") return "DingTalk";
  if (platform == "wecom") return "WeCom";
  if (platform == "telegram" || platform.empty()) return "Telegram";
  std::string name(platform);
  name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name;
}

const template_book& built_in_book() {
  static const template_book book{template_settings{}};
  return book;
}

}  // namespace steward::handlers
