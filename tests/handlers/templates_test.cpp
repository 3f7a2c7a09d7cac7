#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "handlers/faq.hpp"
#include "handlers/markup_check.hpp"
#include "handlers/say.hpp"
#include "handlers/template_book.hpp"
#include "handlers/template_renderer.hpp"
#include "storage/transaction.hpp"
#include "tests/support/temp_store.hpp"

namespace steward::handlers {
namespace {

TEST(TemplateRenderer, EscapesMemberValuesAndNeverReadsThemAsTemplates) {
  const std::string tmpl = "<b>Welcome</b> {name}, you have {points} points";
  EXPECT_EQ(render_template(tmpl, {{"name", "{points}"}, {"points", "10"}}),
            "<b>Welcome</b> {points}, you have 10 points");
  EXPECT_EQ(render_template(tmpl, {{"name", "<b>x</b> & co"}, {"points", "1"}}),
            "<b>Welcome</b> &lt;b&gt;x&lt;/b&gt; &amp; co, you have 1 points");
  EXPECT_EQ(render_template("{{literal}} {a}", {{"a", "\"q\""}}), "{literal} &quot;q&quot;");
}

TEST(TemplateRenderer, MarkupValuesAreInsertedAsTheyAre) {
  EXPECT_EQ(render_template("hi {mention}", {}, {{"mention", "<a href=\"tg://user?id=1\">A</a>"}}),
            "hi <a href=\"tg://user?id=1\">A</a>");
}

TEST(TemplateRenderer, UnknownAndMalformedPlaceholdersAreRejected) {
  const std::set<std::string, std::less<>> allowed{"name", "points"};
  EXPECT_EQ(check_template("Hi {name}, {points}", allowed), std::nullopt);
  const auto unknown = check_template("Hi {pionts}", allowed);
  ASSERT_TRUE(unknown);
  EXPECT_NE(unknown->find("unknown placeholder {pionts} at 3"), std::string::npos);
  EXPECT_NE(unknown->find("{name}, {points}"), std::string::npos);
  EXPECT_TRUE(check_template("Hi {name", allowed));
  EXPECT_TRUE(check_template("Hi name}", allowed));
  EXPECT_TRUE(check_template("Hi {}", allowed));
  EXPECT_EQ(check_template("Use {{braces}}", allowed), std::nullopt);
}

TEST(TemplateBook, GroupOverridesLanguageOverridesBuiltIn) {
  template_settings s;
  s.language = "zh";
  s.texts["en"]["rules"] = "English rules for {group}";
  s.groups["-1"] = {"en", {}};
  s.groups["-2"] = {"", {{"rules", "Group two rules"}}};
  const template_book book(s);
  EXPECT_EQ(book.text("-1", "rules"), "English rules for {group}");
  EXPECT_EQ(book.text("-2", "rules"), "Group two rules");
  EXPECT_NE(book.text("-3", "welcome").find("欢迎"), std::string::npos);
  EXPECT_TRUE(template_book::check("welcome", "Hi {points}"));
  EXPECT_TRUE(template_book::check("farewell", "Hi"));
  EXPECT_FALSE(template_book::check("welcome", "Hi {mentions}, see {rules}"));
}

TEST(TemplateBook, SavedTextsOutrankConfiguredOnesInTheirScope) {
  template_settings s;
  s.language = "en";
  s.texts["en"]["rules"] = "Configured English rules";
  s.groups["-2"] = {"", {{"rules", "Configured group rules"}}};
  template_book book(s);
  book.set_stored(template_book::language_scope("en"), "rules", "Saved English rules");
  EXPECT_EQ(book.text("-1", "rules"), "Saved English rules");
  EXPECT_EQ(book.resolve("-1", "rules", "en").source, "stored");
  EXPECT_EQ(book.text("-2", "rules"), "Configured group rules");  // the group's own text wins
  book.set_stored(template_book::group_scope("-2"), "rules", "Saved group rules");
  EXPECT_EQ(book.text("-2", "rules"), "Saved group rules");
  book.set_stored(template_book::group_scope("-2"), "rules", std::nullopt);
  EXPECT_EQ(book.text("-2", "rules"), "Configured group rules");
  EXPECT_EQ(book.resolve("-1", "checkin", "zh").source, "built-in");
  EXPECT_NE(book.resolve("-1", "checkin", "zh").text.find("签到成功"), std::string::npos);
}

TEST(TemplateBook, EveryBuiltInPassesItsOwnChecksInBothLanguages) {
  const template_book book({});
  for (const auto& key : template_book::keys()) {
    for (const char* lang : {"zh", "en"}) {
      EXPECT_EQ(template_book::check(key, book.resolve("", key, lang).text), std::nullopt)
          << key << " " << lang;
    }
  }
}

// Han characters, CJK punctuation (U+3000–U+303F) or full-width forms (U+FF00–U+FFEF).
bool has_chinese(std::string_view text) {
  for (std::size_t i = 0; i + 2 < text.size(); ++i) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    if ((b0 & 0xF0) != 0xE0) continue;  // only three-byte sequences hold these ranges
    const unsigned cp = ((b0 & 0x0Fu) << 12) |
                        ((static_cast<unsigned char>(text[i + 1]) & 0x3Fu) << 6) |
                        (static_cast<unsigned char>(text[i + 2]) & 0x3Fu);
    if ((cp >= 0x3000 && cp <= 0x303F) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
        (cp >= 0xFF00 && cp <= 0xFFEF)) {
      return true;
    }
  }
  return false;
}

// Every text Steward posts, rendered in both languages with hostile sample values: the markup
// stays valid, every placeholder is filled, and the Chinese text is Chinese.
TEST(TemplateBook, EveryKeyRendersInBothLanguagesWithValidMarkup) {
  const template_book book({});
  ASSERT_GE(template_book::keys().size(), 80u);  // the book holds the replies, not just a few
  for (const auto& key : template_book::keys()) {
    EXPECT_FALSE(template_book::topic(key).empty()) << key;
    template_values values;
    for (const auto& name : template_book::placeholders(key))
      values[name] = "<i>Ann & \"Bo\"</i> 2";
    const std::string english = book.render("-1", key, core::language::en, values);
    for (const auto lang : {core::language::zh, core::language::en}) {
      const std::string text = book.render("-1", key, lang, values);
      const char* which = lang == core::language::zh ? "zh" : "en";
      EXPECT_EQ(check_telegram_html(text), std::nullopt) << key << " " << which << ": " << text;
      EXPECT_EQ(text.find("<i>Ann"), std::string::npos) << key << " " << which << ": " << text;
      for (const auto& name : template_book::placeholders(key)) {
        EXPECT_EQ(text.find("{" + name), std::string::npos) << key << " " << which << ": " << text;
      }
      const bool has_han = has_chinese(text);
      // Chinese, unless the text is a fragment without words (a list line like "1. Ann — 9").
      if (lang == core::language::zh)
        EXPECT_TRUE(has_han || text == english) << key << ": " << text;
      if (lang == core::language::en) EXPECT_FALSE(has_han) << key << ": " << text;
    }
  }
}

TEST(TemplateBook, AKeyTheBookLacksRendersEmptyInsteadOfFailingTheUpdate) {
  const template_book book({});
  EXPECT_EQ(book.resolve("-1", "no_such_text", "zh").source, "missing");
  EXPECT_EQ(book.render("-1", "no_such_text", core::language::en, {}), "");
}

TEST(PlainText, DropsTagsAndDecodesWhatTheRendererEscaped) {
  EXPECT_EQ(plain_text("<b>Ann</b> &amp; &lt;Bo&gt; said &quot;hi&quot; &#39;"),
            "Ann & <Bo> said \"hi\" &#39;");
  EXPECT_EQ(plain_text(render_template("{x}", {{"x", "a<b & c"}})), "a<b & c");
  EXPECT_EQ(plain_text("cut <b"), "cut ");  // an unclosed tag ends the text
}

TEST(TemplateRenderer, PluralChoicesFollowTheCountedValue) {
  const std::string tmpl = "{n} {n|point|points}, {m} {m|day|days}";
  EXPECT_EQ(render_template(tmpl, {{"n", "1"}, {"m", "0"}}), "1 point, 0 days");
  EXPECT_EQ(render_template(tmpl, {{"n", "-1"}, {"m", "12"}}), "-1 point, 12 days");
  EXPECT_EQ(render_template(tmpl, {{"n", "21"}, {"m", "1"}}), "21 points, 1 day");
  EXPECT_EQ(check_template(tmpl, {"n", "m"}), std::nullopt);
  EXPECT_NE(check_template("{n|point}", {"n"}).value_or("").find("needs two forms"),
            std::string::npos);
  EXPECT_NE(check_template("{x|a|b}", {"n"}).value_or("").find("unknown placeholder {x}"),
            std::string::npos);
}

TEST(TemplateBook, EnglishBuiltInsSayOnePointNotOnePoints) {
  const template_book book({});
  const auto text = book.render("-1", "points_given", core::language::en,
                                {{"name", "Ann"}, {"amount", "1"}, {"balance", "1"}});
  EXPECT_EQ(text, "✅ Gave 1 point to Ann. Ann now has 1 point.");
  const auto zh = book.render("-1", "points_given", core::language::zh,
                              {{"name", "Ann"}, {"amount", "1"}, {"balance", "10"}});
  EXPECT_EQ(zh, "✅ 已为 Ann 加 1 分。Ann 现在有 10 分。");
}

TEST(MarkupCheck, AcceptsTelegramHtmlAndExplainsWhatItWouldRefuse) {
  EXPECT_EQ(check_telegram_html("<b>Hi</b> <a href=\"tg://user?id=1\">A</a> &amp; &#39; &#x4e2d;"),
            std::nullopt);
  EXPECT_EQ(check_telegram_html("<blockquote><i>q</i></blockquote><tg-spoiler>s</tg-spoiler>"),
            std::nullopt);
  const auto problem = [](std::string_view text) { return check_telegram_html(text).value_or(""); };
  EXPECT_EQ(problem("<b>bold"), "<b> at 0 is never closed");
  EXPECT_EQ(problem("x</i>"), "</i> at 1 closes nothing");
  EXPECT_EQ(problem("<b><i>x</b></i>"), "</b> at 7 closes <i>");
  EXPECT_NE(problem("<div>x</div>").find("<div> at 0 is not one of Telegram's tags"),
            std::string::npos);
  EXPECT_EQ(problem("Q&A"), "a bare '&' at 1 (write &amp;)");
  EXPECT_EQ(problem("1 > 0"), "a bare '>' at 2 (write &gt;)");
  EXPECT_EQ(problem("a < b"), "a '<' at 2 that starts no tag (write &lt;)");
}

TEST(Faq, MatchesNormalisedTextByKindAndPriority) {
  faq_entry price{"price", {"价格"}, "contains", "See the price list", 1, 60, {}};
  faq_entry hours{"hours", {"opening hours"}, "exact", "9 to 5", 0, 60, {}};
  faq_entry refund{"refund", {"refund.*(order|purchase)"}, "regex", "Refunds: ...", 5, 60, {}};
  faq_entry vip{"vip", {"vip"}, "contains", "VIP only here", 9, 60, {"-9"}};
  for (const auto& e : {price, hours, refund, vip})
    EXPECT_EQ(check_faq(e), std::nullopt) << e.id;
  faq_handler faq({price, hours, refund, vip});
  EXPECT_EQ(faq.answer_for("-1", "請問價 格是多少", 100)->id, "price");  // traditional, spaced
  EXPECT_EQ(faq.answer_for("-1", "OPENING HOURS", 100)->id, "hours");
  EXPECT_EQ(faq.answer_for("-1", "what are the opening hours", 100), nullptr);   // exact only
  EXPECT_EQ(faq.answer_for("-1", "refund my order, 价格?", 100)->id, "refund");  // priority 5 > 1
  EXPECT_EQ(faq.answer_for("-1", "vip", 100), nullptr);  // another group's entry
  EXPECT_EQ(faq.answer_for("-9", "vip", 100)->id, "vip");
}

TEST(Faq, CooldownIsPerEntryAndChat) {
  faq_handler faq({{"price", {"价格"}, "contains", "See the list", 0, 60, {}}});
  EXPECT_NE(faq.answer_for("-1", "价格", 100), nullptr);
  EXPECT_EQ(faq.answer_for("-1", "价格", 130), nullptr);
  EXPECT_NE(faq.answer_for("-2", "价格", 130), nullptr);
  EXPECT_NE(faq.answer_for("-1", "价格", 161), nullptr);
}

// Kept in the database: a restart does not reopen a resting entry, and an answer whose update
// was rolled back (and will be redelivered) does not start a rest.
TEST(Faq, CooldownSurvivesARestartAndFollowsRollbacks) {
  testing::temp_store temp;
  storage::cooldown_store cooldowns(temp.db());
  const faq_entry price{"price", {"价格"}, "contains", "See the list", 0, 60, {}};
  {
    faq_handler before_restart({price}, &cooldowns);
    EXPECT_NE(before_restart.answer_for("-1", "价格", 100), nullptr);
  }
  faq_handler after_restart({price}, &cooldowns);
  EXPECT_EQ(after_restart.answer_for("-1", "价格", 130), nullptr);
  {
    storage::write_transaction batch(temp.db());
    storage::savepoint failed_update(temp.db(), "failed_update");
    EXPECT_NE(after_restart.answer_for("-2", "价格", 130), nullptr);
    failed_update.rollback();
    batch.commit();
  }
  EXPECT_NE(after_restart.answer_for("-2", "价格", 131), nullptr);  // the redelivery is answered
}

// One literal scan for all entries must pick exactly what trying each entry in priority order
// picks: shared triggers, exact and contains kinds, equal priorities, group limits.
TEST(Faq, OneScanAgreesWithTryingEveryEntryInTurn) {
  const std::vector<std::string> words{"价格", "price", "营业时间", "hours", "退款", "价", "vip"};
  std::mt19937 rng(3);
  std::uniform_int_distribution<std::size_t> word(0, words.size() - 1);
  std::uniform_int_distribution<int> coin(0, 3), priority(0, 2);
  std::vector<faq_entry> entries;
  for (int i = 0; i < 40; ++i) {
    faq_entry e{"e" + std::to_string(i),
                {words[word(rng)]},
                coin(rng) == 0 ? "exact" : "contains",
                "a",
                priority(rng),
                0,
                {}};
    if (coin(rng) == 0) e.triggers.push_back(words[word(rng)]);
    if (coin(rng) == 0) e.groups = {"-2"};
    entries.push_back(e);
  }
  auto by_priority = entries;
  std::stable_sort(by_priority.begin(), by_priority.end(),
                   [](const auto& a, const auto& b) { return a.priority > b.priority; });
  const auto expected = [&](const std::string& chat, const std::string& text) -> std::string {
    for (const auto& e : by_priority) {
      if (!e.groups.empty() && !e.groups.contains(chat)) continue;
      for (const auto& t : e.triggers) {
        if (e.match == "exact" ? text == t : text.find(t) != std::string::npos) return e.id;
      }
    }
    return "";
  };
  faq_handler faq(entries);
  for (int i = 0; i < 2000; ++i) {
    std::string text = coin(rng) == 0 ? "" : "请问";
    for (int n = coin(rng); n >= 0; --n)
      text += words[word(rng)];
    const std::string chat = coin(rng) == 0 ? "-2" : "-1";
    const auto* got = faq.answer_for(chat, text, i);
    EXPECT_EQ(got ? got->id : "", expected(chat, text)) << text << " in " << chat;
  }
}

TEST(Faq, BadEntriesAreExplained) {
  EXPECT_TRUE(check_faq({"a", {"("}, "regex", "x", 0, 60, {}}));
  EXPECT_TRUE(check_faq({"a", {"x"}, "fuzzy", "x", 0, 60, {}}));
  EXPECT_TRUE(check_faq({"a", {}, "exact", "x", 0, 60, {}}));
  EXPECT_TRUE(check_faq({"a", {"x"}, "exact", "Hi {points}", 0, 60, {}}));
}

}  // namespace
}  // namespace steward::handlers
