#include "bot/api/detail/list_file.hpp"

#include <filesystem>
#include <fstream>
#include <vector>

#include "bot/core/text.hpp"

namespace steward::api {

namespace {

std::vector<std::string> read_raw_lines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line))
    lines.push_back(line);
  return lines;
}

/// The entry a raw line lists ("" for comments and blank lines).
std::string entry_of(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  const std::size_t tab = line.find('\t');
  std::string word = line.substr(0, tab);
  const auto first = word.find_first_not_of(" ");
  if (first == std::string::npos || word[first] == '#') return {};
  word.erase(0, first);
  word.erase(word.find_last_not_of(" ") + 1);
  return word;
}

list_edit write_atomically(const std::string& path, const std::vector<std::string>& lines) {
  const std::string temp = path + ".steward-tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    for (const auto& line : lines)
      out << line << '\n';
    out.flush();
    if (!out) return {false, path + ": cannot write the list"};
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) return {false, path + ": cannot replace the list: " + ec.message()};
  return {true, {}};
}

}  // namespace

std::string check_list_word(const std::string& word) {
  if (word.find_first_not_of(" ") == std::string::npos) return "the word is empty";
  if (word.find_first_of("\t\r\n") != std::string::npos) return "the word has a tab or a newline";
  if (word.find_first_not_of(" ") != 0 || word.back() == ' ') {
    return "the word starts or ends with a space";
  }
  if (word[0] == '#') return "a word cannot start with # (that is a comment)";
  if (core::count_chars(word) > 100) return "the word is longer than 100 characters";
  return {};
}

list_edit add_list_entry(const std::string& path, const rules::word_entry& entry) {
  auto lines = read_raw_lines(path);
  for (const auto& line : lines) {
    if (entry_of(line) == entry.word) return {false, "already listed in " + path};
  }
  std::string line = entry.word;
  if (!entry.tag.empty() || !entry.action.empty()) line += '\t' + entry.tag;
  if (!entry.action.empty()) line += '\t' + entry.action;
  lines.push_back(line);
  return write_atomically(path, lines);
}

list_edit remove_list_entry(const std::string& path, const std::string& word) {
  auto lines = read_raw_lines(path);
  const auto before = lines.size();
  std::erase_if(lines, [&](const std::string& line) { return entry_of(line) == word; });
  if (lines.size() == before) return {false, "not listed in " + path};
  return write_atomically(path, lines);
}

}  // namespace steward::api
