#pragma once
// Private to bot/app: typed, validated reads from one TOML table, collecting every problem.

#include <toml++/toml.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace steward::app {

/// Reads keys of one table; a missing key keeps the default, a bad one adds an error that names
/// the file, the dotted key and the problem. finish() reports keys nobody asked for.
class table_reader {
 public:
  table_reader(const toml::table* table, std::string prefix, std::string file,
               std::vector<std::string>& errors);

  void read(const char* key, std::string& out);
  void read(const char* key, bool& out);
  void read(const char* key, std::int64_t& out, std::int64_t min, std::int64_t max);
  void read(const char* key, int& out, int min, int max);
  void read(const char* key, std::size_t& out, std::size_t min, std::size_t max);
  void read(const char* key, double& out, double min, double max);
  void read(const char* key, std::vector<std::string>& out);
  void read(const char* key, std::vector<std::int64_t>& out);
  /// An array of ids, each written as a string or a whole number ("123" or 123).
  void read_ids(const char* key, std::vector<std::string>& out);
  /// An optional integer (absent = nullopt).
  void read(const char* key, std::optional<std::int64_t>& out, std::int64_t min, std::int64_t max);
  /// A TOML offset date-time (2026-12-31T23:59:59+08:00) as Unix seconds.
  void read_time(const char* key, std::optional<std::int64_t>& out);
  /// A duration such as "30s", "10m", "2h" or "7d", in seconds (`out` kept when absent).
  void read_duration(const char* key, std::int64_t& out);
  /// The tables of an array of tables ([[shop.items]]), or none.
  std::vector<const toml::table*> tables(const char* key);
  /// A sub-table, or nullptr (an error if the key holds something else).
  const toml::table* table(const char* key);
  /// Whether the table has `key` at all.
  bool has(const char* key) const { return table_ != nullptr && table_->contains(key); }
  /// Adds a problem for `key` (for checks that span several values).
  void fail(const std::string& key, const std::string& problem);
  /// Reports every key of the table that was not read as unknown.
  void finish();

 private:
  const toml::node* find(const char* key);
  std::string where(const std::string& key, const toml::node* node) const;

  const toml::table* table_;
  std::string prefix_;
  std::string file_;
  std::vector<std::string>& errors_;
  std::set<std::string> seen_;
};

}  // namespace steward::app
