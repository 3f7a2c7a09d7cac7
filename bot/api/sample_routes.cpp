// Admin API: the spam classifier's samples — review them, add and remove them, and see how well
// the classifier does on them (leave-one-out precision and recall) before trusting rule
// "learned" (PUT /api/v1/rules/learned/shadow {"shadow": false}).

#include "bot/api/detail/answers.hpp"
#include "bot/api/detail/call.hpp"
#include "handlers/spam_learning.hpp"

namespace steward::api {

using namespace detail;

namespace {

json sample_json(const storage::spam_sample& s) {
  return {{"id", s.id},         {"chat_id", s.chat_id},
          {"text", s.text},     {"label", s.spam ? "spam" : "ham"},
          {"source", s.source}, {"actor", s.actor},
          {"at", s.at}};
}

}  // namespace

std::optional<response> admin_api::route_samples(const call& c) {
  if (learning_ == nullptr) return std::nullopt;
  if (c.is({"samples"})) {
    if (c.req.method == "GET") return unless(c.refuse("GET", 1), [&] { return samples(c); });
    return unless(c.refuse("POST", 2), [&] { return add_sample(c); });
  }
  if (c.is({"samples", "quality"})) {
    return unless(c.refuse("GET", 1), [&] { return sample_quality(); });
  }
  if (c.is({"samples", "*"})) {
    return unless(c.refuse("DELETE", 2), [&] { return remove_sample(c, c.parts[1]); });
  }
  return std::nullopt;
}

response admin_api::samples(const call& c) {
  response error;
  const auto limit = limit_of(c.req, error);
  if (!limit) return error;
  const auto label = query_of(c.req, "label");
  if (!label.empty() && label != "spam" && label != "ham") {
    return problem(400, "bad_request", "label must be spam or ham", "label");
  }
  json out = json::array();
  for (const auto& s : learning_->store().list(label, *limit))
    out.push_back(sample_json(s));
  return answer(200, {{"samples", out}});
}

response admin_api::add_sample(const call& c) {
  response error;
  const auto body = body_of(c.req, error);
  if (!body) return error;
  const std::string text = text_of(*body, "text");
  const std::string label = text_of(*body, "label");
  if (text.empty()) return problem(400, "bad_request", "text must be the message's text", "text");
  if (label != "spam" && label != "ham") {
    return problem(400, "bad_request", "label must be spam or ham", "label");
  }
  const auto id =
      learning_->teach({0, "", text, label == "spam", "api", "api:" + c.who.name, c.now_s});
  if (!id) return answer(200, {{"id", nullptr}, {"message", "already a " + label + " sample"}});
  tokens_.audit({0, c.who.name, "sample.add", std::to_string(*id), "",
                 json{{"label", label}}.dump(), c.now_s});
  return answer(201, {{"id", *id}, {"label", label}});
}

response admin_api::remove_sample(const call& c, const std::string& id_text) {
  const auto id = whole_number(id_text);
  if (!id) return problem(400, "bad_request", "the sample id must be a whole number", "id");
  const auto before = learning_->store().find(*id);
  if (!before || !learning_->forget(*id)) {
    return problem(404, "not_found", "no sample " + id_text, "id");
  }
  tokens_.audit(
      {0, c.who.name, "sample.remove", id_text, sample_json(*before).dump(), "", c.now_s});
  return answer(200, {{"removed", true}});
}

response admin_api::sample_quality() {
  const auto q = learning_->quality();
  const auto policy = rules_.for_chat("")->policy("learned");
  return answer(
      200, {{"spam", q.spam},
            {"ham", q.ham},
            {"ready", learning_->ready()},
            {"threshold", learning_->threshold()},
            {"true_positives", q.true_positives},
            {"false_positives", q.false_positives},
            {"false_negatives", q.false_negatives},
            {"precision", q.precision},
            {"recall", q.recall},
            {"rule",
             {{"enabled", policy.enabled}, {"shadow", policy.shadow}, {"action", policy.action}}}});
}

}  // namespace steward::api
