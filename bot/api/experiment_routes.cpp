// Admin API: A/B tests of templates — start one with its variants, follow its results, stop it
// (results are kept).

#include <fmt/format.h>

#include <set>

#include "bot/api/detail/answers.hpp"
#include "bot/api/detail/call.hpp"
#include "bot/api/detail/csv.hpp"
#include "bot/api/detail/stats_json.hpp"
#include "handlers/template_renderer.hpp"

namespace steward::api {

using namespace detail;

namespace {

constexpr std::size_t max_variants = 5;
constexpr std::size_t max_name = 64;

json result_json(const handlers::experiment_result& r) {
  json variants = json::array();
  for (const auto& v : r.variants) {
    const auto& text = r.row.variants[static_cast<std::size_t>(v.tally.variant)].text;
    variants.push_back({{"name", v.name},
                        {"text", text ? json(*text) : json(nullptr)},
                        {"exposures", v.tally.exposures},
                        {"conversions", v.tally.conversions},
                        {"pending", v.tally.open},
                        {"rate", share(v.rate)},
                        {"p_value", share(v.p_value)},
                        {"responses", v.tally.responses},
                        {"groups", v.tally.groups}});
  }
  return {{"name", r.row.name},
          {"template", r.row.template_key},
          {"chat_id", r.row.chat_id.empty() ? json(nullptr) : json(r.row.chat_id)},
          {"language", r.row.language},
          {"outcome", r.row.outcome},
          {"unit", r.unit},
          {"started_at", r.row.started_at},
          {"stopped_at", r.row.stopped_at ? json(*r.row.stopped_at) : json(nullptr)},
          {"running", r.row.running()},
          {"variants", std::move(variants)},
          {"significant", r.significant},
          {"verdict", r.verdict},
          {"note", r.note}};
}

// A name used in URLs: letters, digits, '-' and '_'.
bool good_name(const std::string& name) {
  if (name.empty() || name.size() > max_name) return false;
  for (const char ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '_') return false;
  }
  return true;
}

// A text member of a variant, a wrong type named with the variant ("variants[1].text").
std::string variant_text(const json& variant, const std::string& field, const char* name) {
  try {
    return text_of(variant, name);
  } catch (const bad_field&) {
    throw bad_field(field + "." + name, "text");
  }
}

}  // namespace

std::optional<response> admin_api::route_experiments(const call& c) {
  if (analytics_.experiments == nullptr) return std::nullopt;
  if (c.is({"experiments"})) {
    if (c.req.method == "POST") {
      return unless(c.refuse("POST", 2), [&] { return start_experiment(c); });
    }
    return unless(c.refuse("GET", 1), [&] { return experiments(c); });
  }
  if (c.is({"experiments", "*"})) {
    return unless(c.refuse("GET", 1), [&] { return experiment(c, c.parts[1]); });
  }
  if (c.is({"experiments", "*", "stop"})) {
    return unless(c.refuse("POST", 2), [&] { return stop_experiment(c, c.parts[1]); });
  }
  return std::nullopt;
}

response admin_api::experiments(const call& c) {
  auto& store = *analytics_.experiments;
  std::vector<handlers::experiment_result> results;
  for (const auto& row : store.all())
    results.push_back(handlers::experiment_results(store, row, c.now_s));
  if (wants_csv(c.req)) {  // one row per variant
    json rows = json::array();
    for (const auto& r : results) {
      for (const auto& v : r.variants) {
        rows.push_back({{"experiment", r.row.name},
                        {"template", r.row.template_key},
                        {"outcome", r.row.outcome},
                        {"running", r.row.running()},
                        {"variant", v.name},
                        {"exposures", v.tally.exposures},
                        {"conversions", v.tally.conversions},
                        {"pending", v.tally.open},
                        {"rate", share(v.rate)},
                        {"p_value", share(v.p_value)},
                        {"verdict", r.verdict}});
      }
    }
    return csv_of("steward-experiments", rows,
                  {"experiment", "template", "outcome", "running", "variant", "exposures",
                   "conversions", "pending", "rate", "p_value", "verdict"});
  }
  json out = json::array();
  for (const auto& r : results)
    out.push_back(result_json(r));
  return answer(200, {{"experiments", std::move(out)}});
}

response admin_api::experiment(const call& c, const std::string& name) {
  auto& store = *analytics_.experiments;
  const auto row = store.find(name);
  if (!row) return problem(404, "not_found", "no experiment named " + name, "name");
  return answer(200, result_json(handlers::experiment_results(store, *row, c.now_s)));
}

response admin_api::start_experiment(const call& c) {
  response error;
  const auto body = body_of(c.req, error);
  if (!body) return error;
  storage::experiment_row row;
  row.name = text_of(*body, "name");
  if (!good_name(row.name)) {
    return problem(400, "bad_request",
                   "name must be 1-64 letters, digits, '-' or '_' (it is used in URLs)", "name");
  }
  row.template_key = text_of(*body, "template");
  row.outcome = handlers::outcome_for(row.template_key);
  if (row.outcome.empty()) {
    return problem(400, "bad_request",
                   "template must be \"welcome\", \"checkin\" or \"schedule:<id>\"", "template");
  }
  const bool post = row.template_key.rfind("schedule:", 0) == 0;
  if (post && content_.schedules != nullptr) {
    const auto id = row.template_key.substr(9);
    bool known = false;
    for (const auto& e : content_.schedules->entries())
      known = known || e.id == id;
    if (!known) return problem(404, "not_found", "no scheduled post with id " + id, "template");
  }
  row.chat_id = text_of(*body, "chat_id");
  if (!row.chat_id.empty() && !find_group_at(row.chat_id)) {
    return problem(404, "not_found", "no group with chat id " + row.chat_id, "chat_id");
  }
  row.language = text_of(*body, "language");
  if (row.language.empty()) {
    row.language = content_.templates ? content_.templates->settings().language : "zh";
  }
  if (row.language != "zh" && row.language != "en") {
    return problem(400, "bad_request", "language must be zh or en", "language");
  }
  const auto variants = body->find("variants");
  if (variants == body->end() || !variants->is_array() || variants->size() < 2 ||
      variants->size() > max_variants) {
    return problem(400, "bad_request",
                   "variants must be a list of 2 to 5 {name, text}; text null or absent keeps "
                   "the template as it stands (the control)",
                   "variants");
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < variants->size(); ++i) {
    const auto& v = (*variants)[i];
    const std::string field = fmt::format("variants[{}]", i);
    if (!v.is_object()) return problem(400, "bad_request", field + " must be an object", field);
    storage::experiment_variant variant{variant_text(v, field, "name"), std::nullopt};
    if (variant.name.empty() || variant.name.size() > max_name ||
        !names.insert(variant.name).second) {
      return problem(400, "bad_request", field + ".name must be a unique, non-empty name",
                     field + ".name");
    }
    if (const auto text = variant_text(v, field, "text"); !text.empty()) {
      static const std::set<std::string, std::less<>> post_placeholders{"group", "date"};
      const auto bad = post ? handlers::check_template(text, post_placeholders)
                            : handlers::template_book::check(row.template_key, text);
      if (bad) return problem(400, "bad_request", field + ".text: " + *bad, field + ".text");
      variant.text = text;
    }
    row.variants.push_back(std::move(variant));
  }
  for (const auto& other : analytics_.experiments->all()) {
    if (other.name == row.name) {
      return problem(409, "conflict", "an experiment named " + row.name + " exists already",
                     "name");
    }
    if (other.running() && other.template_key == row.template_key &&
        (other.chat_id == row.chat_id || other.chat_id.empty() || row.chat_id.empty())) {
      return problem(409, "conflict",
                     "experiment " + other.name + " is testing " + row.template_key +
                         " there already; stop it first",
                     "template");
    }
  }
  row.started_at = c.now_s;
  row.id = analytics_.experiments->create(row);
  tokens_.audit({0, c.who.name, "experiment.start", row.name, "", body->dump(), c.now_s});
  experiments_stale_ = true;  // running once committed
  return answer(201,
                result_json(handlers::experiment_results(*analytics_.experiments, row, c.now_s)));
}

response admin_api::stop_experiment(const call& c, const std::string& name) {
  auto& store = *analytics_.experiments;
  const auto row = store.find(name);
  if (!row) return problem(404, "not_found", "no experiment named " + name, "name");
  if (!store.stop(row->id, c.now_s)) {
    return problem(409, "conflict", "experiment " + name + " was stopped already", "name");
  }
  tokens_.audit({0, c.who.name, "experiment.stop", name, "", "", c.now_s});
  experiments_stale_ = true;  // running once committed
  auto stopped = *store.find(name);
  return answer(200, result_json(handlers::experiment_results(store, stopped, c.now_s)));
}

}  // namespace steward::api
