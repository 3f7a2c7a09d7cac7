#pragma once
// Private to bot/app: the [templates] section and the [[faq]] entries.

#include <string>
#include <vector>

#include "bot/app/config_reader.hpp"
#include "handlers/faq.hpp"
#include "handlers/schedules.hpp"
#include "handlers/template_book.hpp"

namespace steward::app {

/// Reads `[templates]`; every text is checked (unknown placeholders name the key).
void read_templates(table_reader r, const std::string& file, handlers::template_settings& out,
                    std::vector<std::string>& errors);

/// Reads the `[[faq]]` tables; each entry is checked (match kind, regexes, answer).
void read_faq(const std::vector<const toml::table*>& tables, const std::string& file,
              std::vector<handlers::faq_entry>& out, std::vector<std::string>& errors);

/// Reads the `[[schedules]]` tables; each entry is checked (cron, once, text, missed policy).
void read_schedules(const std::vector<const toml::table*>& tables, const std::string& file,
                    std::vector<handlers::schedule_entry>& out, std::vector<std::string>& errors);

}  // namespace steward::app
