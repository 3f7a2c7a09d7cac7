#include "bot/app/config_reader.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include "bot/core/duration.hpp"

namespace steward::app {

table_reader::table_reader(const toml::table* table, std::string prefix, std::string file,
                           std::vector<std::string>& errors)
    : table_(table), prefix_(std::move(prefix)), file_(std::move(file)), errors_(errors) {}

const toml::node* table_reader::find(const char* key) {
  seen_.insert(key);
  return table_ == nullptr ? nullptr : table_->get(key);
}

std::string table_reader::where(const std::string& key, const toml::node* node) const {
  const std::string dotted = prefix_.empty() ? key : prefix_ + "." + key;
  if (node != nullptr && node->source().begin.line > 0) {
    return fmt::format("{}:{}: {}", file_, node->source().begin.line, dotted);
  }
  // A missing key: point at the table it belongs in.
  if (table_ != nullptr && table_->source().begin.line > 0) {
    return fmt::format("{}:{}: {}", file_, table_->source().begin.line, dotted);
  }
  return fmt::format("{}: {}", file_, dotted);
}

void table_reader::fail(const std::string& key, const std::string& problem) {
  errors_.push_back(
      fmt::format("{}: {}", where(key, table_ ? table_->get(key) : nullptr), problem));
}

void table_reader::read(const char* key, std::string& out) {
  if (const auto* node = find(key)) {
    if (auto v = node->value<std::string>(); v && node->is_string()) {
      out = *v;
    } else {
      errors_.push_back(where(key, node) + ": must be a string");
    }
  }
}

void table_reader::read(const char* key, bool& out) {
  if (const auto* node = find(key)) {
    if (node->is_boolean()) {
      out = *node->value<bool>();
    } else {
      errors_.push_back(where(key, node) + ": must be true or false");
    }
  }
}

void table_reader::read(const char* key, std::int64_t& out, std::int64_t min, std::int64_t max) {
  const auto* node = find(key);
  if (node == nullptr) return;
  if (!node->is_integer()) {
    errors_.push_back(where(key, node) + ": must be an integer");
    return;
  }
  const std::int64_t v = *node->value<std::int64_t>();
  if (v < min || v > max) {
    errors_.push_back(
        fmt::format("{}: must be between {} and {}, not {}", where(key, node), min, max, v));
    return;
  }
  out = v;
}

void table_reader::read(const char* key, int& out, int min, int max) {
  std::int64_t v = out;
  read(key, v, min, max);
  out = static_cast<int>(v);
}

void table_reader::read(const char* key, std::size_t& out, std::size_t min, std::size_t max) {
  std::int64_t v = static_cast<std::int64_t>(out);
  read(key, v, static_cast<std::int64_t>(min), static_cast<std::int64_t>(max));
  out = static_cast<std::size_t>(v);
}

void table_reader::read(const char* key, double& out, double min, double max) {
  const auto* node = find(key);
  if (node == nullptr) return;
  if (!node->is_number()) {
    errors_.push_back(where(key, node) + ": must be a number");
    return;
  }
  const double v = *node->value<double>();
  if (v < min || v > max) {
    errors_.push_back(
        fmt::format("{}: must be between {} and {}, not {}", where(key, node), min, max, v));
    return;
  }
  out = v;
}

void table_reader::read(const char* key, std::vector<std::string>& out) {
  const auto* node = find(key);
  if (node == nullptr) return;
  const auto* array = node->as_array();
  if (array == nullptr) {
    errors_.push_back(where(key, node) + ": must be an array of strings");
    return;
  }
  out.clear();
  for (const auto& item : *array) {
    if (!item.is_string()) {
      errors_.push_back(where(key, &item) + ": every entry must be a string");
      return;
    }
    out.push_back(*item.value<std::string>());
  }
}

void table_reader::read_ids(const char* key, std::vector<std::string>& out) {
  const auto* node = find(key);
  if (node == nullptr) return;
  const auto* array = node->as_array();
  if (array == nullptr) {
    errors_.push_back(where(key, node) + ": must be an array of ids (\"123\" or 123)");
    return;
  }
  out.clear();
  for (const auto& item : *array) {
    if (item.is_string()) {
      out.push_back(*item.value<std::string>());
    } else if (item.is_integer()) {
      out.push_back(std::to_string(*item.value<std::int64_t>()));
    } else {
      errors_.push_back(where(key, &item) + ": every entry must be an id (\"123\" or 123)");
      return;
    }
  }
}

void table_reader::read(const char* key, std::vector<std::int64_t>& out) {
  const auto* node = find(key);
  if (node == nullptr) return;
  const auto* array = node->as_array();
  if (array == nullptr) {
    errors_.push_back(where(key, node) + ": must be an array of whole numbers");
    return;
  }
  out.clear();
  for (const auto& item : *array) {
    if (!item.is_integer()) {
      errors_.push_back(where(key, &item) + ": every entry must be a whole number");
      return;
    }
    out.push_back(*item.value<std::int64_t>());
  }
}

void table_reader::read(const char* key, std::optional<std::int64_t>& out, std::int64_t min,
                        std::int64_t max) {
  if (table_ == nullptr || table_->get(key) == nullptr) {
    seen_.insert(key);
    return;
  }
  std::int64_t value = min;
  const std::size_t errors_before = errors_.size();
  read(key, value, min, max);
  if (errors_.size() == errors_before) out = value;
}

void table_reader::read_time(const char* key, std::optional<std::int64_t>& out) {
  const auto* node = find(key);
  if (node == nullptr) return;
  const auto* value = node->as_date_time();
  if (value == nullptr || !value->get().offset) {
    errors_.push_back(where(key, node) +
                      ": must be a date-time with an offset, e.g. 2026-12-31T23:59:59+08:00");
    return;
  }
  const toml::date_time& t = value->get();
  const auto day = date::sys_days(date::year{t.date.year} / t.date.month / t.date.day);
  const auto seconds = std::chrono::hours{t.time.hour} + std::chrono::minutes{t.time.minute} +
                       std::chrono::seconds{t.time.second} -
                       std::chrono::minutes{t.offset->minutes};
  out = (day + seconds).time_since_epoch().count();
}

std::vector<const toml::table*> table_reader::tables(const char* key) {
  std::vector<const toml::table*> out;
  const auto* node = find(key);
  if (node == nullptr) return out;
  const auto* array = node->as_array();
  if (array == nullptr || !array->is_array_of_tables()) {
    errors_.push_back(where(key, node) + ": must be an array of tables ([[" + prefix_ + "." + key +
                      "]])");
    return out;
  }
  for (const auto& item : *array)
    out.push_back(item.as_table());
  return out;
}

const toml::table* table_reader::table(const char* key) {
  const auto* node = find(key);
  if (node == nullptr) return nullptr;
  if (const auto* t = node->as_table()) return t;
  errors_.push_back(where(key, node) + ": must be a table");
  return nullptr;
}

void table_reader::finish() {
  if (table_ == nullptr) return;
  for (const auto& [key, node] : *table_) {
    const std::string name(key.str());
    if (!seen_.contains(name)) errors_.push_back(where(name, &node) + ": unknown key");
  }
}

void table_reader::read_duration(const char* key, std::int64_t& out) {
  std::string text;
  read(key, text);
  if (text.empty()) return;
  if (const auto parsed = core::parse_duration(text)) {
    out = *parsed;
  } else {
    fail(key,
         "must be a duration such as \"30s\", \"10m\", \"2h\" or \"7d\", not \"" + text + "\"");
  }
}

}  // namespace steward::app
