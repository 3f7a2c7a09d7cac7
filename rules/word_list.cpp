#include "rules/word_list.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

namespace steward::rules {

namespace {

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t pos = 0;
  while (true) {
    const std::size_t tab = line.find('\t', pos);
    fields.push_back(line.substr(pos, tab - pos));
    if (tab == std::string::npos) break;
    pos = tab + 1;
  }
  return fields;
}

std::string trim(std::string s) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

/// Calls `on_line(fields, line_number)` for every entry line of `path`.
template <typename OnLine>
void read_lines(const std::string& path, OnLine on_line) {
  std::ifstream in(path);
  if (!in) throw rules_error(fmt::format("{}: cannot read the file", path));
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // BOM
    if (trim(line).empty() || trim(line)[0] == '#') continue;
    auto fields = split_tabs(line);
    for (auto& f : fields)
      f = trim(std::move(f));
    if (fields.size() > 3) {
      throw rules_error(
          fmt::format("{}:{}: expected `entry` or `entry<TAB>tag<TAB>action`, got {} "
                      "fields",
                      path, number, fields.size()));
    }
    if (fields.size() == 3 && !fields[2].empty() && !is_rule_action(fields[2])) {
      throw rules_error(
          fmt::format("{}:{}: unknown action \"{}\" (use flag, delete, warn, mute, kick or ban)",
                      path, number, fields[2]));
    }
    fields.resize(3);
    on_line(fields, number);
  }
}

}  // namespace

bool is_rule_action(const std::string& name) {
  return name != "allow" &&
         std::find(action_names().begin(), action_names().end(), name) != action_names().end();
}

std::vector<word_entry> read_word_list(const std::string& path) {
  std::vector<word_entry> entries;
  read_lines(path, [&](const std::vector<std::string>& f, int line) {
    if (f[0].empty()) throw rules_error(fmt::format("{}:{}: the word is empty", path, line));
    entries.push_back({f[0], f[1], f[2], path, line});
  });
  return entries;
}

std::map<std::string, const word_edit*> last_word_edits(const std::vector<word_edit>& edits,
                                                        bool allow) {
  std::map<std::string, const word_edit*> last;
  for (const auto& e : edits) {
    if (e.allow == allow) last[e.entry.word] = &e;
  }
  return last;
}

std::vector<word_entry> apply_word_edits(std::vector<word_entry> entries,
                                         const std::vector<word_edit>& edits, bool allow) {
  const auto last = last_word_edits(edits, allow);
  if (last.empty()) return entries;
  std::set<std::string> listed;
  std::erase_if(entries, [&](const word_entry& w) {
    const auto it = last.find(w.word);
    if (it != last.end() && it->second->removed) return true;
    listed.insert(w.word);
    return false;
  });
  std::vector<const word_edit*> added;
  for (const auto& [word, e] : last) {
    if (!e->removed && !listed.contains(word)) added.push_back(e);
  }
  // In the order they were made, so the list reads as it grew.
  std::sort(added.begin(), added.end(),
            [](const word_edit* a, const word_edit* b) { return a->id < b->id; });
  for (const auto* e : added)
    entries.push_back(e->entry);
  return entries;
}

std::vector<regex_entry> read_regex_list(const std::string& path) {
  std::vector<regex_entry> entries;
  read_lines(path, [&](const std::vector<std::string>& f, int line) {
    if (f[0].empty()) throw rules_error(fmt::format("{}:{}: the pattern is empty", path, line));
    entries.push_back({f[0], f[1], f[2], path, line});
  });
  return entries;
}

}  // namespace steward::rules
