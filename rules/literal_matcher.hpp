#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace steward::rules {

/// Where a literal was found: its index in the list it was built from, and its byte range.
struct literal_hit {
  std::uint32_t id = 0;
  std::size_t begin = 0;
  std::size_t end = 0;
  bool operator==(const literal_hit&) const = default;
};

/// Finds every occurrence of a fixed set of UTF-8 literals, overlapping ones included.
/// Immutable after construction and safe to scan from several threads at once.
class literal_matcher {
 public:
  virtual ~literal_matcher() = default;
  /// Calls `on_hit` for every occurrence in `text` (in no particular order).
  virtual void scan(std::string_view text,
                    const std::function<void(const literal_hit&)>& on_hit) const = 0;
  /// Bytes the compiled matcher occupies.
  virtual std::size_t memory() const = 0;
};

/// Which engine compiles word lists.
enum class matcher_engine { hyperscan, aho_corasick };

/// Whether this build has Hyperscan (the STEWARD_WITH_HYPERSCAN build option).
bool hyperscan_available();
/// A Hyperscan literal database in block mode (one scratch per scanning thread). `literals`
/// must be distinct and non-empty; throws std::runtime_error with Hyperscan's message otherwise.
std::unique_ptr<literal_matcher> make_hyperscan_matcher(const std::vector<std::string>& literals);
/// A code-point Aho-Corasick automaton: the portable fallback and the tests' oracle.
std::unique_ptr<literal_matcher> make_aho_corasick(const std::vector<std::string>& literals);
/// The matcher `engine` names (Aho-Corasick for both in a build without Hyperscan).
std::unique_ptr<literal_matcher> make_matcher(matcher_engine engine,
                                              const std::vector<std::string>& literals);

}  // namespace steward::rules
