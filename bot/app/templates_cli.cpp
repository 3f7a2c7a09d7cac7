#include "bot/app/templates_cli.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "handlers/builtin_texts.hpp"

namespace steward::app {

namespace {

// A text in one table cell: lines joined with ⏎, pipes escaped, shown as code.
std::string cell(const std::string& text) {
  std::string out = "`";
  for (const char c : text) {
    if (c == '\n') {
      out += " ⏎ ";
      continue;
    }
    if (c == '|') out += '\\';
    out += c;
  }
  return out + "`";
}

std::string placeholder_list(const handlers::builtin_text& t) {
  std::string out;
  for (const auto& name : t.placeholders)
    out += (out.empty() ? "`{" : " `{") + name + "}`";
  return out.empty() ? "—" : out;
}

std::vector<std::string> topics() {
  std::vector<std::string> out;
  for (const auto& t : handlers::builtin_texts()) {
    if (std::find(out.begin(), out.end(), t.topic) == out.end()) out.push_back(t.topic);
  }
  return out;
}

}  // namespace

int print_templates(bool json, std::ostream& out) {
  if (json) {
    auto all = nlohmann::json::array();
    for (const auto& t : handlers::builtin_texts()) {
      all.push_back({{"key", t.key},
                     {"topic", t.topic},
                     {"placeholders", t.placeholders},
                     {"en", t.en},
                     {"zh", t.zh}});
    }
    out << all.dump(2) << "\n";
    return 0;
  }
  for (const auto& topic : topics()) {
    out << "<!-- templates:" << topic << " -->\n"
        << "| key | placeholders | built-in (English) |\n| --- | --- | --- |\n";
    for (const auto& t : handlers::builtin_texts()) {
      if (t.topic == topic) {
        out << "| `" << t.key << "` | " << placeholder_list(t) << " | " << cell(t.en) << " |\n";
      }
    }
    out << "<!-- /templates -->\n";
  }
  return 0;
}

}  // namespace steward::app
