#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "bot/app/config.hpp"

namespace steward::app {

/// `steward rules test`: one JSON object per text, one per line, in order, evaluated as for an
/// established ordinary member of `group` (its extra lists apply). Returns the exit code.
int run_rules_test(const config& cfg, const std::string& group,
                   const std::vector<std::string>& texts, std::ostream& out, std::ostream& err);

/// `steward rules test --stats`: reads every line of each file in `files` as a message (ANSI
/// colour codes and fortune-file `%` separators dropped) and prints, per file and in total, how
/// many lines the rules would act on, by rule, and how many of those are false alarms: every
/// flagged line except those whose only matches are links and e-mail addresses written out as
/// such. With `show_flagged`, each flagged line's verdict is printed before the summaries.
int run_rules_stats(const config& cfg, const std::string& group,
                    const std::vector<std::string>& files, bool show_flagged, std::ostream& out,
                    std::ostream& err);

/// `steward rules replay`: runs the current rules over the messages stored in the last
/// `since_seconds` and reports, per rule, what would change, with samples.
int run_rules_replay(const config& cfg, std::int64_t since_seconds, std::ostream& out,
                     std::ostream& err);

}  // namespace steward::app
