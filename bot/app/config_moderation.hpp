#pragma once
// Private to bot/app: the [moderation] section.

#include <string>
#include <vector>

#include "bot/app/config_reader.hpp"
#include "rules/rules_config.hpp"

namespace steward::app {

/// Reads `[moderation]` into `out`. List files are resolved against the configuration file's
/// directory (or the working directory when they exist there only) and must be readable.
void read_moderation(table_reader r, const std::string& config_file, rules::rules_config& out,
                     std::vector<std::string>& errors);

}  // namespace steward::app
