#include <hs/hs.h>

#include <atomic>
#include <stdexcept>
#include <unordered_set>

#include "rules/literal_matcher.hpp"

namespace steward::rules {

namespace {

std::atomic<std::uint64_t> next_generation{1};

/// The scanning thread's scratch, grown to fit every database it has scanned with.
struct thread_scratch {
  hs_scratch_t* scratch = nullptr;
  std::unordered_set<std::uint64_t> fitted;
  ~thread_scratch() {
    if (scratch != nullptr) hs_free_scratch(scratch);
  }
};

hs_scratch_t* scratch_for(const hs_database_t* db, std::uint64_t generation) {
  thread_local thread_scratch mine;
  if (!mine.fitted.contains(generation)) {
    if (hs_alloc_scratch(db, &mine.scratch) != HS_SUCCESS) {
      throw std::runtime_error("hyperscan: cannot allocate scratch space");
    }
    mine.fitted.insert(generation);
  }
  return mine.scratch;
}

class hyperscan_matcher final : public literal_matcher {
 public:
  explicit hyperscan_matcher(const std::vector<std::string>& literals) {
    for (const auto& l : literals)
      lengths_.push_back(l.size());
    if (literals.empty()) return;
    std::vector<const char*> expressions;
    std::vector<unsigned> flags(literals.size(), 0);
    std::vector<unsigned> ids;
    for (std::size_t i = 0; i < literals.size(); ++i) {
      expressions.push_back(literals[i].data());
      ids.push_back(static_cast<unsigned>(i));
    }
    hs_compile_error_t* error = nullptr;
    if (hs_compile_lit_multi(expressions.data(), flags.data(), ids.data(), lengths_.data(),
                             static_cast<unsigned>(literals.size()), HS_MODE_BLOCK, nullptr, &db_,
                             &error) != HS_SUCCESS) {
      std::string message = error != nullptr ? error->message : "unknown error";
      const int which = error != nullptr ? error->expression : -1;
      hs_free_compile_error(error);
      throw std::runtime_error("hyperscan: " + message +
                               (which >= 0 ? " (literal \"" + literals[which] + "\")" : ""));
    }
    hs_scratch_t* probe = nullptr;
    hs_alloc_scratch(db_, &probe);  // fail at build time, not in the scan path
    hs_free_scratch(probe);
  }
  ~hyperscan_matcher() override { hs_free_database(db_); }

  void scan(std::string_view text,
            const std::function<void(const literal_hit&)>& on_hit) const override {
    if (db_ == nullptr || text.empty()) return;
    struct context {
      const std::vector<std::size_t>* lengths;
      const std::function<void(const literal_hit&)>* on_hit;
    } ctx{&lengths_, &on_hit};
    const auto on_match = [](unsigned id, unsigned long long, unsigned long long to, unsigned,
                             void* data) -> int {
      auto* c = static_cast<context*>(data);
      const std::size_t end = static_cast<std::size_t>(to);
      (*c->on_hit)({id, end - (*c->lengths)[id], end});
      return 0;
    };
    hs_scan(db_, text.data(), static_cast<unsigned>(text.size()), 0, scratch_for(db_, generation_),
            on_match, &ctx);
  }

  std::size_t memory() const override {
    std::size_t size = 0;
    if (db_ != nullptr) hs_database_size(db_, &size);
    return size + lengths_.capacity() * sizeof(std::size_t);
  }

 private:
  hs_database_t* db_ = nullptr;
  std::vector<std::size_t> lengths_;
  std::uint64_t generation_ = next_generation++;
};

}  // namespace

std::unique_ptr<literal_matcher> make_hyperscan_matcher(const std::vector<std::string>& literals) {
  return std::make_unique<hyperscan_matcher>(literals);
}

bool hyperscan_available() {
  return true;
}

}  // namespace steward::rules
