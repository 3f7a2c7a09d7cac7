#include "handlers/builtin_texts.hpp"

namespace steward::handlers {

std::vector<builtin_text> joined(std::initializer_list<std::vector<builtin_text>> parts) {
  std::vector<builtin_text> out;
  for (const auto& part : parts)
    out.insert(out.end(), part.begin(), part.end());
  return out;
}

const std::vector<builtin_text>& builtin_texts() {
  static const std::vector<builtin_text> all =
      joined({engagement_texts(), admin_texts(), redemption_texts(), moderation_texts(),
              care_texts(), private_texts(), help_texts()});
  return all;
}

}  // namespace steward::handlers
