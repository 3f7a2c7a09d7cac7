#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace steward::rules {

/// Learns spam from what admins removed and ham from what they approved: a naive Bayes model over
/// the normalised text's tokens (Latin words and numbers, single ideographs and ideograph pairs;
/// each counted once per sample), plus near-duplicate detection against the spam samples
/// (SimHash, as tg-spam does). Updated one sample at a time; no I/O.
class spam_classifier {
 public:
  /// Fewer samples than this of either kind and the model says nothing (it would guess).
  static constexpr int min_samples = 5;

  /// Learns one sample; `id` names it for remove().
  void add(std::int64_t id, std::string_view text, bool spam);
  /// Forgets a sample learned with add() (nothing when unknown).
  void remove(std::int64_t id);
  /// Whether it has any spam sample: without one it calls nothing spam (no near-duplicate, and
  /// the model is not ready), so a caller may skip judging.
  bool knows_spam() const { return spam_docs_ > 0; }
  /// Whether both kinds have at least min_samples.
  bool ready() const { return spam_docs_ >= min_samples && ham_docs_ >= min_samples; }

  /// A verdict on a text.
  struct judgement {
    double spam_probability = 0;  ///< naive Bayes, 0-1 (0.5 when not ready)
    bool near_spam = false;       ///< a near-duplicate of a spam sample
  };
  judgement judge(std::string_view text) const;
  /// Whether a judgement counts as spam at `threshold`.
  static bool is_spam(const judgement& j, double threshold) {
    return j.near_spam || j.spam_probability >= threshold;
  }

  /// How the model does on its own samples, each judged by a model trained on all the others
  /// (leave-one-out): spam is the positive class.
  struct quality {
    int spam = 0;
    int ham = 0;
    int true_positives = 0;
    int false_positives = 0;
    int false_negatives = 0;
    double precision = 0;  ///< of what it calls spam, how much is (1 when it calls nothing spam)
    double recall = 0;     ///< of the spam, how much it calls spam
  };
  quality evaluate(double threshold) const;

 private:
  struct sample {
    std::vector<std::string> tokens;
    std::uint64_t hash = 0;
    std::size_t length = 0;
    bool spam = false;
  };
  void count(const sample& s, int delta);
  judgement judge_tokens(const std::vector<std::string>& tokens, std::uint64_t hash,
                         std::size_t length, std::int64_t leave_out) const;

  std::unordered_map<std::int64_t, sample> samples_;
  std::unordered_map<std::string, std::pair<int, int>> counts_;  ///< token → (spam, ham) samples
  int spam_docs_ = 0;
  int ham_docs_ = 0;
};

}  // namespace steward::rules
