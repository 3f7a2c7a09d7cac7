#include "rules/spam_classifier.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <set>

#include "rules/behaviour.hpp"
#include "rules/fold_table.hpp"
#include "rules/normalizer.hpp"
#include "rules/utf8.hpp"

namespace steward::rules {

namespace {

constexpr int near_bits = 3;                // SimHash distance that still reads as the same text
constexpr std::size_t near_min_length = 8;  // shorter texts collide too easily

/// The distinct tokens of a folded text: Latin words and numbers (two characters or more),
/// single ideographs and pairs of neighbouring ideographs.
std::vector<std::string> tokens_of(std::string_view folded) {
  std::set<std::string> out;
  std::string word;
  std::string previous_ideograph;
  const auto& table = fold_table::shared();
  const auto end_word = [&] {
    if (word.size() >= 2) out.insert(word);
    word.clear();
  };
  for (std::size_t pos = 0; pos < folded.size();) {
    const auto d = decode_utf8(folded, pos);
    const auto piece = std::string(folded.substr(pos, d.size));
    pos += d.size;
    const auto cls = table.classify(d.cp);
    if (cls == char_class::word) {
      word += piece;
      previous_ideograph.clear();
      continue;
    }
    end_word();
    if (cls == char_class::ideo) {
      out.insert(piece);
      if (!previous_ideograph.empty()) out.insert(previous_ideograph + piece);
      previous_ideograph = piece;
    } else {
      previous_ideograph.clear();
    }
  }
  end_word();
  return {out.begin(), out.end()};
}

double probability_from_log_odds(double log_odds) {
  return 1.0 / (1.0 + std::exp(-log_odds));
}

}  // namespace

void spam_classifier::count(const sample& s, int delta) {
  (s.spam ? spam_docs_ : ham_docs_) += delta;
  for (const auto& t : s.tokens) {
    auto& c = counts_[t];
    (s.spam ? c.first : c.second) += delta;
    if (c.first == 0 && c.second == 0) counts_.erase(t);
  }
}

void spam_classifier::add(std::int64_t id, std::string_view text, bool spam) {
  remove(id);
  const auto folded = normalize(text, view::folded).text;
  sample s{tokens_of(folded), simhash(folded), folded.size(), spam};
  count(s, +1);
  samples_.emplace(id, std::move(s));
}

void spam_classifier::remove(std::int64_t id) {
  const auto it = samples_.find(id);
  if (it == samples_.end()) return;
  count(it->second, -1);
  samples_.erase(it);
}

spam_classifier::judgement spam_classifier::judge(std::string_view text) const {
  const auto folded = normalize(text, view::folded).text;
  return judge_tokens(tokens_of(folded), simhash(folded), folded.size(), -1);
}

// Bernoulli-style naive Bayes over the tokens present, Laplace-smoothed, with `leave_out`'s own
// counts taken away (for leave-one-out evaluation without retraining).
spam_classifier::judgement spam_classifier::judge_tokens(const std::vector<std::string>& tokens,
                                                         std::uint64_t hash, std::size_t length,
                                                         std::int64_t leave_out) const {
  judgement out{0.5, false};
  const sample* left = nullptr;
  if (const auto it = samples_.find(leave_out); it != samples_.end()) left = &it->second;
  const int spam_docs = spam_docs_ - (left && left->spam ? 1 : 0);
  const int ham_docs = ham_docs_ - (left && !left->spam ? 1 : 0);
  if (length >= near_min_length) {
    for (const auto& [id, s] : samples_) {
      if (id == leave_out || !s.spam || s.length < near_min_length) continue;
      if (std::popcount(s.hash ^ hash) <= near_bits) {
        out.near_spam = true;
        break;
      }
    }
  }
  // Judging a sample left out, the model has one sample fewer than the one it stands for.
  const int needed = leave_out >= 0 && left != nullptr ? min_samples - 1 : min_samples;
  if (spam_docs < needed || ham_docs < needed) return out;
  double log_odds = std::log(static_cast<double>(spam_docs) / ham_docs);
  for (const auto& t : tokens) {
    const auto it = counts_.find(t);
    if (it == counts_.end()) continue;  // never seen: says nothing either way
    int in_spam = it->second.first, in_ham = it->second.second;
    if (left && std::binary_search(left->tokens.begin(), left->tokens.end(), t)) {
      (left->spam ? in_spam : in_ham) -= 1;
    }
    if (in_spam == 0 && in_ham == 0) continue;
    log_odds +=
        std::log((in_spam + 1.0) / (spam_docs + 2.0)) - std::log((in_ham + 1.0) / (ham_docs + 2.0));
  }
  out.spam_probability = probability_from_log_odds(log_odds);
  return out;
}

spam_classifier::quality spam_classifier::evaluate(double threshold) const {
  quality q;
  for (const auto& [id, s] : samples_) {
    (s.spam ? q.spam : q.ham) += 1;
    const bool called = is_spam(judge_tokens(s.tokens, s.hash, s.length, id), threshold);
    if (called && s.spam) ++q.true_positives;
    if (called && !s.spam) ++q.false_positives;
    if (!called && s.spam) ++q.false_negatives;
  }
  const int called = q.true_positives + q.false_positives;
  q.precision = called == 0 ? 1.0 : static_cast<double>(q.true_positives) / called;
  q.recall = q.spam == 0 ? 0.0 : static_cast<double>(q.true_positives) / q.spam;
  return q;
}

}  // namespace steward::rules
