#include "storage/template_store.hpp"

#include "storage/detail/optional_column.hpp"

namespace steward::storage {

namespace {

constexpr const char* columns = "scope, key, version, text, author, note, created_at";

template_version read_version(statement& row) {
  template_version v;
  v.scope = row.text(0);
  v.key = row.text(1);
  v.version = row.integer(2);
  v.text = detail::optional_text(row, 3);
  v.author = row.text(4);
  v.note = row.text(5);
  v.created_at = row.integer(6);
  return v;
}

std::vector<template_version> read_all(statement& query) {
  std::vector<template_version> out;
  while (query.step())
    out.push_back(read_version(query));
  return out;
}

}  // namespace

template_store::template_store(backend& db) : statements_(db) {}

std::int64_t template_store::append(const template_version& v) {
  auto& insert = statements_.get(
      "INSERT INTO template_versions (scope, key, version, text, author, note, created_at) "
      "SELECT ?1, ?2, COALESCE(MAX(version), 0) + 1, ?3, ?4, ?5, ?6 FROM template_versions "
      "WHERE scope = ?1 AND key = ?2 RETURNING version");
  insert.bind(1, v.scope);
  insert.bind(2, v.key);
  detail::bind_optional(insert, 3, v.text);
  insert.bind(4, v.author);
  insert.bind(5, v.note);
  insert.bind(6, static_cast<int64_t>(v.created_at));
  insert.step();
  const std::int64_t version = insert.integer(0);
  while (insert.step()) {
  }
  return version;
}

std::vector<template_version> template_store::current() {
  static const std::string sql = std::string("SELECT ") + columns +
                                 " FROM template_versions t WHERE version = (SELECT MAX(version) "
                                 "FROM template_versions WHERE scope = t.scope AND key = t.key) "
                                 "ORDER BY scope, key";
  return read_all(statements_.get(sql.c_str()));
}

std::optional<template_version> template_store::latest(const std::string& scope,
                                                       const std::string& key) {
  auto list = history(scope, key, 1);
  if (list.empty()) return std::nullopt;
  return list.front();
}

std::optional<template_version> template_store::find(const std::string& scope,
                                                     const std::string& key, std::int64_t version) {
  static const std::string sql = std::string("SELECT ") + columns +
                                 " FROM template_versions WHERE scope = ? AND key = ? AND "
                                 "version = ?";
  auto& query = statements_.get(sql.c_str());
  query.bind(1, scope);
  query.bind(2, key);
  query.bind(3, static_cast<int64_t>(version));
  if (!query.step()) return std::nullopt;
  return read_version(query);
}

std::vector<template_version> template_store::history(const std::string& scope,
                                                      const std::string& key, int limit) {
  static const std::string sql = std::string("SELECT ") + columns +
                                 " FROM template_versions WHERE scope = ? AND key = ? ORDER BY "
                                 "version DESC LIMIT ?";
  auto& query = statements_.get(sql.c_str());
  query.bind(1, scope);
  query.bind(2, key);
  query.bind(3, limit);
  return read_all(query);
}

}  // namespace steward::storage
