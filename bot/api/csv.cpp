#include "bot/api/detail/csv.hpp"

#include <cstdlib>
#include <string_view>
#include <vector>

namespace steward::api::detail {

namespace {

bool is_number(const std::string& text) {
  if (text.empty()) return false;
  char* end = nullptr;
  std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

}  // namespace

bool wants_csv(const request& req) {
  const auto format = query_of(req, "format");
  if (!format.empty()) return format == "csv";
  return req.accept.find("text/csv") != std::string::npos;
}

std::string csv_cell(const json& value) {
  if (value.is_null()) return "";
  if (!value.is_string()) return value.dump();
  std::string text = value.get<std::string>();
  if (!text.empty() && std::string_view("=+-@").find(text.front()) != std::string_view::npos &&
      !is_number(text)) {
    text.insert(0, "'");
  }
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char ch : text) {
    quoted += ch;
    if (ch == '"') quoted += '"';
  }
  return quoted + "\"";
}

response csv_answer(const std::string& name, const std::vector<std::vector<std::string>>& rows) {
  std::string body = "\xEF\xBB\xBF";
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) body += ',';
      body += row[i];
    }
    body += "\r\n";
  }
  return {200,
          std::move(body),
          {},
          "text/csv; charset=utf-8",
          "attachment; filename=\"" + name + ".csv\""};
}

response csv_of(const std::string& name, const json& objects,
                const std::vector<std::string>& columns) {
  std::vector<std::vector<std::string>> rows{columns};
  for (const auto& object : objects) {
    std::vector<std::string> row;
    for (const auto& column : columns) {
      const auto it = object.find(column);
      row.push_back(it == object.end() ? "" : csv_cell(*it));
    }
    rows.push_back(std::move(row));
  }
  return csv_answer(name, rows);
}

std::vector<std::vector<std::string>> parse_csv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false, any = false;
  const auto end_row = [&] {
    row.push_back(std::move(cell));
    cell.clear();
    const bool blank = row.size() == 1 && row[0].empty() && !any;
    if (!blank) rows.push_back(std::move(row));
    row.clear();
    any = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (quoted) {
      if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch == '"') {
      quoted = any = true;
    } else if (ch == ',') {
      row.push_back(std::move(cell));
      cell.clear();
      any = true;
    } else if (ch == '\n' || ch == '\r') {
      if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_row();
    } else {
      cell += ch;
    }
  }
  if (!cell.empty() || !row.empty() || any) end_row();
  return rows;
}

}  // namespace steward::api::detail
