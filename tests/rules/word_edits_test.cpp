// Operators' stored edits of the global word and allow lists, laid over each instance's files.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "rules/engine.hpp"
#include "rules/rule_set.hpp"
#include "rules/word_list.hpp"

namespace steward::rules {
namespace {

word_edit edit(std::int64_t id, const std::string& word, bool removed = false, bool allow = false,
               const std::string& tag = "", const std::string& action = "") {
  word_edit e;
  e.id = id;
  e.allow = allow;
  e.removed = removed;
  e.entry = {word, tag, action, "", 0};
  e.actor = "api:ops";
  e.at = 1000 + id;
  return e;
}

std::vector<std::string> words_of(const std::vector<word_entry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries)
    out.push_back(e.word);
  return out;
}

std::vector<word_entry> from_file() {
  return {{"free money", "scam", "delete", "words.txt", 2}, {"spamword", "ad", "", "words.txt", 3}};
}

TEST(WordEdits, AWordsLastEditDecidesWhetherItIsListed) {
  // Added, removed, added again: listed; a file word removed: gone from the file's entries.
  const auto entries = apply_word_edits(
      from_file(),
      {edit(1, "cheap pills"), edit(2, "cheap pills", true), edit(3, "spamword", true),
       edit(4, "cheap pills", false, false, "ad", "warn"), edit(5, "buy followers")},
      false);
  // Added words follow the file's, in the order of the edits that decided them.
  EXPECT_EQ(words_of(entries),
            (std::vector<std::string>{"free money", "cheap pills", "buy followers"}));
  EXPECT_EQ(entries[1].tag, "ad");
  EXPECT_EQ(entries[1].action, "warn");
  EXPECT_EQ(entries[1].file, "");  // from the database, not a file
}

TEST(WordEdits, AFilesOwnLineWinsOverAnAddedWordAndTheOtherListIsLeftAlone) {
  const auto entries = apply_word_edits(
      from_file(),
      {edit(1, "free money", false, false, "other", "ban"),
       edit(2, "spamword", true, /*allow=*/true), edit(3, "舞台独白", false, true)},
      false);
  ASSERT_EQ(words_of(entries), (std::vector<std::string>{"free money", "spamword"}));
  EXPECT_EQ(entries[0].tag, "scam");
  EXPECT_EQ(entries[0].file, "words.txt");
  EXPECT_EQ(words_of(apply_word_edits({}, {edit(3, "舞台独白", false, true)}, true)),
            (std::vector<std::string>{"舞台独白"}));
}

std::string write_list(const std::string& name, const std::string& content) {
  const auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path) << content;
  return path.string();
}

TEST(WordEdits, CompiledRulesActOnAddedWordsAndNotOnRemovedOnesButKeepAGroupsOwnLists) {
  rules_config cfg;
  cfg.words = {write_list("steward_edits_words.txt", "spamword\tad\tdelete\n")};
  cfg.groups["-100"].words = {write_list("steward_edits_group.txt", "spamword\tlocal\twarn\n")};
  const std::vector<word_edit> edits{edit(1, "spamword", true),
                                     edit(2, "cheap pills", false, false, "ad", "mute")};
  const auto all = rule_set::compile(cfg, {}, nullptr, edits);
  EXPECT_TRUE(all->scan("spamword here").empty());
  const auto added = decide(all->scan("buy cheap pills"));
  EXPECT_EQ(added.action, "mute");
  ASSERT_EQ(added.matches.size(), 1u);
  EXPECT_EQ(added.matches[0].tag, "ad");
  // A group's own list is its file: a global edit does not take a word off it.
  const auto group = decide(rule_set::compile(cfg, "-100", nullptr, edits)->scan("spamword"));
  EXPECT_EQ(group.action, "warn");
  // Without the edits the files alone are in force.
  EXPECT_EQ(decide(rule_set::compile(cfg)->scan("spamword here")).action, "delete");
  EXPECT_TRUE(rule_set::compile(cfg)->scan("buy cheap pills").empty());
}

TEST(WordEdits, TheEngineStartsWithTheStoredEditsAndRecompilesWithNewOnes) {
  rules_config cfg;
  cfg.words = {write_list("steward_edits_engine.txt", "spamword\n")};
  rules_engine engine(cfg, {edit(1, "cheap pills")});
  EXPECT_FALSE(engine.for_chat("")->scan("cheap pills").empty());
  EXPECT_EQ(engine.word_edits().size(), 1u);

  engine.set_word_edits({edit(1, "cheap pills"), edit(2, "cheap pills", true)});
  // Set, not yet compiled: scanning goes on with the rules in force.
  EXPECT_FALSE(engine.for_chat("")->scan("cheap pills").empty());
  std::atomic<int> done{0};  // 1: compiled, 2: failed
  engine.reload([&](bool ok, const std::string&) { done = ok ? 1 : 2; });
  for (int i = 0; i < 500 && done == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_EQ(done, 1);
  EXPECT_EQ(engine.generation(), 1u);
  EXPECT_TRUE(engine.for_chat("")->scan("cheap pills").empty());
  EXPECT_FALSE(engine.for_chat("")->scan("spamword").empty());
}

}  // namespace
}  // namespace steward::rules
