#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/statement_cache.hpp"

namespace steward::storage {

/// A message kept to teach the spam classifier: spam an admin removed, or ham an admin approved.
struct spam_sample {
  std::int64_t id = 0;
  std::string chat_id;  ///< where it was said ('' for one an operator typed in)
  std::string text;
  bool spam = true;
  std::string source;  ///< del, ban, kick, approve, api
  std::string actor;   ///< who taught it: an admin's user id, or api:<token>
  std::int64_t at = 0;
};

/// The classifier's samples. A text is kept once per label (the same spam removed twice is one
/// sample); a sample can be reviewed and removed.
class sample_store {
 public:
  explicit sample_store(backend& db);

  /// Keeps a sample; its id, or nullopt when the same text already has that label.
  std::optional<std::int64_t> add(const spam_sample& sample);
  /// Removes a sample; false when there was none.
  bool remove(std::int64_t id);
  /// One sample.
  std::optional<spam_sample> find(std::int64_t id);
  /// Samples, newest first; `label`: "spam", "ham" or "" for both.
  std::vector<spam_sample> list(const std::string& label, int limit);
  /// Every sample, oldest first (to train the classifier at start).
  std::vector<spam_sample> all();

 private:
  statement_cache statements_;
};

}  // namespace steward::storage
