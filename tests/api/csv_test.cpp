#include "bot/api/detail/csv.hpp"

#include <gtest/gtest.h>

namespace steward::api::detail {
namespace {

TEST(Csv, CellsAreQuotedOnlyWhenTheyMustBe) {
  EXPECT_EQ(csv_cell("Ann"), "Ann");
  EXPECT_EQ(csv_cell("小明"), "小明");
  EXPECT_EQ(csv_cell("Lee, Ann"), "\"Lee, Ann\"");
  EXPECT_EQ(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_cell("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_cell(json(42)), "42");
  EXPECT_EQ(csv_cell(json(nullptr)), "");
  EXPECT_EQ(csv_cell(json(true)), "true");
}

TEST(Csv, TextThatASpreadsheetWouldRunIsDefused) {
  EXPECT_EQ(csv_cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(csv_cell("+1 buy now"), "'+1 buy now");
  EXPECT_EQ(csv_cell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_cell("-1001234567890"), "-1001234567890");  // a chat id stays a number
}

TEST(Csv, ObjectsBecomeRowsInTheColumnsOrder) {
  const json rows = json::array({{{"b", 2}, {"a", "x,y"}}, {{"a", nullptr}}});
  const auto out = csv_of("list", rows, {"a", "b"});
  EXPECT_EQ(out.body,
            "\xEF\xBB\xBF"
            "a,b\r\n\"x,y\",2\r\n,\r\n");
  EXPECT_EQ(out.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(out.disposition, "attachment; filename=\"list.csv\"");
}

}  // namespace
}  // namespace steward::api::detail
