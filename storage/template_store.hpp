#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/statement_cache.hpp"

namespace steward::storage {

/// One saved version of an operator template. `scope` is "lang:zh", "lang:en" or
/// "group:<chat id>"; a missing `text` means the override was removed (the default applies).
struct template_version {
  std::string scope;
  std::string key;
  std::int64_t version = 0;
  std::optional<std::string> text;  ///< nullopt: back to the default
  std::string author;
  std::string note;
  std::int64_t created_at = 0;
};

/// Versions of operator-edited templates. Append-only: a rollback is a new version carrying an
/// old text, so the history always shows who put which text in force and when.
class template_store {
 public:
  explicit template_store(backend& db);
  /// Saves a new version of (scope, key) and returns its number (1, 2, …).
  std::int64_t append(const template_version& v);
  /// The newest version of every (scope, key) pair: what is in force.
  std::vector<template_version> current();
  /// The newest version of one pair.
  std::optional<template_version> latest(const std::string& scope, const std::string& key);
  /// One version of a pair.
  std::optional<template_version> find(const std::string& scope, const std::string& key,
                                       std::int64_t version);
  /// The versions of a pair, newest first.
  std::vector<template_version> history(const std::string& scope, const std::string& key,
                                        int limit);

 private:
  statement_cache statements_;
};

}  // namespace steward::storage
