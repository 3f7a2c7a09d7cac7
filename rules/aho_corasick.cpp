#include <algorithm>
#include <queue>
#include <stdexcept>

#include "rules/literal_matcher.hpp"
#include "rules/utf8.hpp"

namespace steward::rules {

namespace {

/// A textbook Aho-Corasick over code points: sorted edge lists, failure links, and output links
/// to the next node that ends a literal.
class aho_corasick final : public literal_matcher {
 public:
  explicit aho_corasick(const std::vector<std::string>& literals) {
    nodes_.emplace_back();
    for (std::uint32_t id = 0; id < literals.size(); ++id)
      insert(literals[id], id);
    link();
  }

  void scan(std::string_view text,
            const std::function<void(const literal_hit&)>& on_hit) const override {
    std::uint32_t state = 0;
    for (std::size_t pos = 0; pos < text.size();) {
      const auto [cp, size] = decode_utf8(text, pos);
      pos += size;
      state = step(state, cp);
      for (std::uint32_t n = nodes_[state].ends.empty() ? nodes_[state].output : state; n != 0;
           n = nodes_[n].output) {
        for (const std::uint32_t id : nodes_[n].ends)
          on_hit({id, pos - bytes_[id], pos});
      }
    }
  }

  std::size_t memory() const override {
    std::size_t size = nodes_.capacity() * sizeof(node);
    for (const auto& n : nodes_) {
      size += n.edges.capacity() * sizeof(edge) + n.ends.capacity() * sizeof(std::uint32_t);
    }
    return size;
  }

 private:
  using edge = std::pair<char32_t, std::uint32_t>;
  struct node {
    std::vector<edge> edges;  // sorted by code point
    std::vector<std::uint32_t> ends;
    std::uint32_t fail = 0;
    std::uint32_t output = 0;  // nearest node on the failure chain that ends a literal
  };

  std::uint32_t child(std::uint32_t n, char32_t cp) const {
    const auto& edges = nodes_[n].edges;
    const auto it =
        std::lower_bound(edges.begin(), edges.end(), edge{cp, 0},
                         [](const edge& a, const edge& b) { return a.first < b.first; });
    return it != edges.end() && it->first == cp ? it->second : 0;
  }

  std::uint32_t step(std::uint32_t state, char32_t cp) const {
    while (true) {
      if (const std::uint32_t next = child(state, cp)) return next;
      if (state == 0) return 0;
      state = nodes_[state].fail;
    }
  }

  void insert(std::string_view literal, std::uint32_t id) {
    std::uint32_t n = 0;
    for (std::size_t pos = 0; pos < literal.size();) {
      const auto [cp, size] = decode_utf8(literal, pos);
      pos += size;
      std::uint32_t next = child(n, cp);
      if (next == 0) {
        next = static_cast<std::uint32_t>(nodes_.size());
        nodes_.emplace_back();
        auto& edges = nodes_[n].edges;
        edges.insert(
            std::upper_bound(edges.begin(), edges.end(), edge{cp, 0},
                             [](const edge& a, const edge& b) { return a.first < b.first; }),
            {cp, next});
      }
      n = next;
    }
    if (n != 0) nodes_[n].ends.push_back(id);
    bytes_.push_back(literal.size());
  }

  void link() {
    std::queue<std::uint32_t> queue;
    for (const auto& [cp, n] : nodes_[0].edges)
      queue.push(n);
    while (!queue.empty()) {
      const std::uint32_t n = queue.front();
      queue.pop();
      for (const auto& [cp, next] : nodes_[n].edges) {
        std::uint32_t f = nodes_[n].fail;
        std::uint32_t target = child(f, cp);
        while (target == 0 && f != 0) {
          f = nodes_[f].fail;
          target = child(f, cp);
        }
        nodes_[next].fail = target == next ? 0 : target;
        const auto& fail_node = nodes_[nodes_[next].fail];
        nodes_[next].output = fail_node.ends.empty() ? fail_node.output : nodes_[next].fail;
        queue.push(next);
      }
    }
  }

  std::vector<node> nodes_;
  std::vector<std::size_t> bytes_;
};

}  // namespace

std::unique_ptr<literal_matcher> make_aho_corasick(const std::vector<std::string>& literals) {
  return std::make_unique<aho_corasick>(literals);
}

#ifdef STEWARD_NO_HYPERSCAN
bool hyperscan_available() {
  return false;
}
std::unique_ptr<literal_matcher> make_hyperscan_matcher(const std::vector<std::string>&) {
  throw std::runtime_error("this build has no Hyperscan (STEWARD_WITH_HYPERSCAN=OFF)");
}
#endif

std::unique_ptr<literal_matcher> make_matcher(matcher_engine engine,
                                              const std::vector<std::string>& literals) {
  if (engine == matcher_engine::aho_corasick || !hyperscan_available()) {
    return make_aho_corasick(literals);
  }
  return make_hyperscan_matcher(literals);
}

}  // namespace steward::rules
