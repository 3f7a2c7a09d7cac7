#include "storage/experiment_store.hpp"

#include <nlohmann/json.hpp>

#include "storage/detail/optional_column.hpp"

namespace steward::storage {

namespace {

using json = nlohmann::json;

std::string variants_text(const std::vector<experiment_variant>& variants) {
  json out = json::array();
  for (const auto& v : variants)
    out.push_back({{"name", v.name}, {"text", v.text ? json(*v.text) : json(nullptr)}});
  return out.dump();
}

std::vector<experiment_variant> variants_of(const std::string& text) {
  std::vector<experiment_variant> out;
  for (const auto& v : json::parse(text)) {
    experiment_variant variant{v.at("name").get<std::string>(), std::nullopt};
    if (v.at("text").is_string()) variant.text = v.at("text").get<std::string>();
    out.push_back(std::move(variant));
  }
  return out;
}

#define STEWARD_EXPERIMENT_COLUMNS                                                           \
  "SELECT id, name, template, chat_id, language, outcome, variants, started_at, stopped_at " \
  "FROM experiments "

experiment_row row_of(statement& q) {
  experiment_row r;
  r.id = q.integer(0);
  r.name = q.text(1);
  r.template_key = q.text(2);
  r.chat_id = q.text(3);
  r.language = q.text(4);
  r.outcome = q.text(5);
  r.variants = variants_of(q.text(6));
  r.started_at = q.integer(7);
  r.stopped_at = detail::optional_int(q, 8);
  return r;
}

}  // namespace

experiment_store::experiment_store(backend& db) : statements_(db) {}

std::int64_t experiment_store::create(const experiment_row& row) {
  auto& insert = statements_.get(
      "INSERT INTO experiments (name, template, chat_id, language, outcome, variants, "
      "started_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
  insert.bind(1, row.name);
  insert.bind(2, row.template_key);
  insert.bind(3, row.chat_id);
  insert.bind(4, row.language);
  insert.bind(5, row.outcome);
  insert.bind(6, variants_text(row.variants));
  insert.bind(7, static_cast<int64_t>(row.started_at));
  insert.step();
  const auto id = insert.integer(0);
  insert.reset();
  return id;
}

std::vector<experiment_row> experiment_store::all() {
  auto& query = statements_.get(STEWARD_EXPERIMENT_COLUMNS "ORDER BY id DESC");
  std::vector<experiment_row> out;
  while (query.step())
    out.push_back(row_of(query));
  return out;
}

std::optional<experiment_row> experiment_store::find(const std::string& name) {
  auto& query = statements_.get(STEWARD_EXPERIMENT_COLUMNS "WHERE name = ?");
  query.bind(1, name);
  if (!query.step()) return std::nullopt;
  auto row = row_of(query);
  query.reset();
  return row;
}

bool experiment_store::stop(std::int64_t id, std::int64_t at) {
  auto& update =
      statements_.get("UPDATE experiments SET stopped_at = ? WHERE id = ? AND stopped_at IS NULL");
  update.bind(1, static_cast<int64_t>(at));
  update.bind(2, static_cast<int64_t>(id));
  return update.run() > 0;
}

bool experiment_store::expose(const exposure& e) {
  auto& insert = statements_.get(
      "INSERT INTO experiment_exposures (experiment_id, unit, group_id, member_id, variant, "
      "exposed_at, window_from, window_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (experiment_id, unit) DO NOTHING");
  insert.bind(1, static_cast<int64_t>(e.experiment_id));
  insert.bind(2, e.unit);
  insert.bind(3, static_cast<int64_t>(e.group_id));
  detail::bind_optional(insert, 4, e.member_id);
  insert.bind(5, e.variant);
  insert.bind(6, static_cast<int64_t>(e.exposed_at));
  insert.bind(7, static_cast<int64_t>(e.window_from));
  insert.bind(8, static_cast<int64_t>(e.window_to));
  return insert.run() > 0;
}

int experiment_store::convert_member(std::int64_t member_id, const std::string& outcome,
                                     std::int64_t at) {
  auto& update = statements_.get(
      "UPDATE experiment_exposures SET converted_at = ?2 WHERE member_id = ?1 AND converted_at "
      "IS NULL AND window_to > ?2 AND window_from <= ?2 AND experiment_id IN (SELECT id FROM "
      "experiments WHERE outcome = ?3)");
  update.bind(1, static_cast<int64_t>(member_id));
  update.bind(2, static_cast<int64_t>(at));
  update.bind(3, outcome);
  return update.run();
}

int experiment_store::respond_to_posts(std::int64_t group_id, std::int64_t at) {
  auto& update = statements_.get(
      "UPDATE experiment_exposures SET responses = responses + 1, converted_at = "
      "COALESCE(converted_at, ?2) WHERE group_id = ?1 AND member_id IS NULL AND window_to > ?2 "
      "AND window_from <= ?2");
  update.bind(1, static_cast<int64_t>(group_id));
  update.bind(2, static_cast<int64_t>(at));
  return update.run();
}

std::vector<std::pair<std::int64_t, std::int64_t>> experiment_store::open_members(
    std::int64_t now_s) {
  auto& query = statements_.get(
      "SELECT member_id, MAX(window_to) FROM experiment_exposures WHERE member_id IS NOT NULL "
      "AND converted_at IS NULL AND window_to > ? GROUP BY member_id");
  query.bind(1, static_cast<int64_t>(now_s));
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  while (query.step())
    out.emplace_back(query.integer(0), query.integer(1));
  return out;
}

std::vector<std::pair<std::int64_t, std::int64_t>> experiment_store::open_posts(
    std::int64_t now_s) {
  auto& query = statements_.get(
      "SELECT group_id, MAX(window_to) FROM experiment_exposures WHERE member_id IS NULL AND "
      "window_to > ? GROUP BY group_id");
  query.bind(1, static_cast<int64_t>(now_s));
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  while (query.step())
    out.emplace_back(query.integer(0), query.integer(1));
  return out;
}

std::vector<variant_tally> experiment_store::tally(std::int64_t experiment_id, std::int64_t now_s) {
  // An exposure still inside its window that has not converted yet is undecided: counting it
  // as a failure would bias the rate down while the experiment runs.
  auto& query = statements_.get(
      "SELECT variant, COUNT(*) FILTER (WHERE converted_at IS NOT NULL OR window_to <= ?2), "
      "COUNT(*) FILTER (WHERE converted_at IS NOT NULL), "
      "COUNT(*) FILTER (WHERE converted_at IS NULL AND window_to > ?2), COALESCE(SUM(responses), "
      "0), "
      "COUNT(DISTINCT group_id) FROM experiment_exposures WHERE experiment_id = ?1 "
      "GROUP BY variant ORDER BY variant");
  query.bind(1, static_cast<int64_t>(experiment_id));
  query.bind(2, static_cast<int64_t>(now_s));
  std::vector<variant_tally> out;
  while (query.step()) {
    out.push_back({static_cast<int>(query.integer(0)), query.integer(1), query.integer(2),
                   query.integer(3), query.integer(4), query.integer(5)});
  }
  return out;
}

}  // namespace steward::storage
