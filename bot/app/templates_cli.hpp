#pragma once

#include <iosfwd>

namespace steward::app {

/// `steward templates`: every key of the template book as the README's template reference —
/// one Markdown table per topic (key, placeholders, the English built-in), each between
/// `<!-- templates:TOPIC -->` and `<!-- /templates -->` — or, with `json`, one object per key
/// (key, topic, placeholders, en, zh). Returns 0.
int print_templates(bool json, std::ostream& out);

}  // namespace steward::app
