#pragma once

#include <string>

namespace steward::handlers {

/// What is wrong with an operator entry (an FAQ entry, a scheduled post) and the field it is
/// about, so the config file and the admin API can both name the right key.
struct entry_problem {
  std::string field;    ///< "triggers", "match", "answer", "cron", "text" …
  std::string message;  ///< what is wrong with it
};

}  // namespace steward::handlers
