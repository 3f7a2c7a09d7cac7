#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>

namespace steward::net {

/// The outbox rows a dispatcher holds when instances share the database, where the pending
/// rows are read more than once (rescans behind the cursor): a row read again while it is
/// loaded is not taken twice. A finished row (its outcome handed to the core thread) is refused
/// too from any read asked before it finished: that read may have found it still pending, and
/// taking it would send it again. Outcomes and reads go through the core thread in order, so a
/// read asked after the finish sees the outcome committed, and the row is forgotten then.
class loaded_rows {
 public:
  /// A read of pending rows is asked; its number goes to read_answered() and take().
  std::uint64_t read_asked() { return ++reads_; }
  /// Read `read` is answered (reads are answered in the order asked): rows finished before it
  /// was asked need no guard any more.
  void read_answered(std::uint64_t read) {
    std::erase_if(finished_, [read](const auto& entry) { return entry.second < read; });
  }
  /// Whether the row, found pending by a read, is new to the dispatcher (it holds it now).
  bool take(std::int64_t id) { return !finished_.contains(id) && held_.insert(id).second; }
  /// The row is finished: sent, failed or dead, and its outcome handed to the core thread.
  void finish(std::int64_t id) {
    held_.erase(id);
    finished_.insert_or_assign(id, reads_);
  }
  /// The row is let go unfinished (its chat moved): whoever reads it pending may take it.
  void release(std::int64_t id) { held_.erase(id); }
  /// Rows held.
  std::size_t held() const { return held_.size(); }

 private:
  std::unordered_set<std::int64_t> held_;
  std::unordered_map<std::int64_t, std::uint64_t> finished_;  // id → the last read asked then
  std::uint64_t reads_ = 0;
};

}  // namespace steward::net
