#pragma once

// CSV answers for list endpoints (internal to bot/api).

#include <string>
#include <vector>

#include "bot/api/detail/answers.hpp"

namespace steward::api::detail {

/// True when the request asks for CSV: `?format=csv`, or `Accept: text/csv` without `?format`.
bool wants_csv(const request& req);
/// One cell: text is quoted when it holds a comma, a quote or a line break (RFC 4180), and text
/// a spreadsheet would run as a formula (starting with =, +, - or @, and not a number) is
/// prefixed with ' so that opening the file runs nothing; null is empty.
std::string csv_cell(const json& value);
/// CSV of `rows` (the header first; cells as they are), UTF-8 with a byte-order mark so that
/// spreadsheet programs read Chinese correctly, CRLF lines, as the attachment `name`.csv.
response csv_answer(const std::string& name, const std::vector<std::vector<std::string>>& rows);
/// The rows of a CSV text (RFC 4180: quoted cells may hold commas, quotes and line breaks; a
/// leading byte-order mark, CRLF or LF lines, and blank lines are accepted).
std::vector<std::vector<std::string>> parse_csv(std::string_view text);
/// CSV of JSON objects, one row each, with `columns` as the header and in that order.
response csv_of(const std::string& name, const json& objects,
                const std::vector<std::string>& columns);

}  // namespace steward::api::detail
