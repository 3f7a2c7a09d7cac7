#include "bot/app/config_templates.hpp"

#include <fmt/format.h>

#include <set>

#include "bot/core/duration.hpp"

namespace steward::app {

namespace {

void read_texts(table_reader& r, handlers::template_texts& out) {
  for (const auto& key : handlers::template_book::keys()) {
    std::string text;
    r.read(key.c_str(), text);
    if (text.empty()) continue;
    if (const auto problem = handlers::template_book::check(key, text)) {
      r.fail(key, *problem);
    } else {
      out[key] = text;
    }
  }
}

void check_language(table_reader& r, const std::string& language) {
  if (!language.empty() && language != "zh" && language != "en") {
    r.fail("language", "must be \"zh\" or \"en\", not \"" + language + "\"");
  }
}

}  // namespace

void read_templates(table_reader r, const std::string& file, handlers::template_settings& out,
                    std::vector<std::string>& errors) {
  r.read("language", out.language);
  check_language(r, out.language);
  r.read("welcome", out.welcome);
  r.read("goodbye", out.goodbye);
  r.read("delete_previous_welcome", out.delete_previous_welcome);
  std::string burst;
  r.read("welcome_burst", burst);
  if (!burst.empty()) {
    if (const auto seconds = core::parse_duration(burst)) {
      out.welcome_burst_seconds = *seconds;
    } else {
      r.fail("welcome_burst", "must be a duration such as \"30s\", not \"" + burst + "\"");
    }
  }
  for (const char* language : {"zh", "en"}) {
    if (const auto* table = r.table(language)) {
      table_reader t(table, std::string("templates.") + language, file, errors);
      read_texts(t, out.texts[language]);
      t.finish();
    }
  }
  if (const auto* groups = r.table("groups")) {
    for (const auto& [chat, node] : *groups) {
      table_reader g(node.as_table(), "templates.groups." + std::string(chat.str()), file, errors);
      handlers::group_templates group;
      g.read("language", group.language);
      check_language(g, group.language);
      read_texts(g, group.texts);
      g.finish();
      out.groups[std::string(chat.str())] = std::move(group);
    }
  }
  r.finish();
}

void read_faq(const std::vector<const toml::table*>& tables, const std::string& file,
              std::vector<handlers::faq_entry>& out, std::vector<std::string>& errors) {
  for (std::size_t i = 0; i < tables.size(); ++i) {
    table_reader f(tables[i], fmt::format("faq[{}]", i), file, errors);
    handlers::faq_entry e;
    f.read("id", e.id);
    if (e.id.empty()) e.id = fmt::format("faq{}", i + 1);
    f.read("triggers", e.triggers);
    f.read("match", e.match);
    f.read("answer", e.answer);
    f.read("priority", e.priority, -1000, 1000);
    std::string cooldown;
    f.read("cooldown", cooldown);
    if (!cooldown.empty()) {
      if (const auto seconds = core::parse_duration(cooldown)) {
        e.cooldown_s = *seconds;
      } else {
        f.fail("cooldown", "must be a duration such as \"60s\", not \"" + cooldown + "\"");
      }
    }
    std::vector<std::string> groups;
    f.read("groups", groups);
    e.groups.insert(groups.begin(), groups.end());
    if (const auto problem = handlers::check_faq(e)) f.fail(problem->field, problem->message);
    f.finish();
    out.push_back(std::move(e));
  }
}

void read_schedules(const std::vector<const toml::table*>& tables, const std::string& file,
                    std::vector<handlers::schedule_entry>& out, std::vector<std::string>& errors) {
  std::set<std::string> ids;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    table_reader s(tables[i], fmt::format("schedules[{}]", i), file, errors);
    handlers::schedule_entry e;
    s.read("id", e.id);
    s.read("cron", e.cron);
    s.read_time("once", e.once);
    s.read("groups", e.groups);
    s.read("text", e.text);
    s.read("enabled", e.enabled);
    std::string missed = "skip";
    s.read("missed", missed);
    if (missed != "skip" && missed != "catch_up") {
      s.fail("missed", "must be \"skip\" or \"catch_up\", not \"" + missed + "\"");
    }
    e.catch_up = missed == "catch_up";
    if (e.id.empty() || !ids.insert(e.id).second) {
      s.fail("id", "is required and must be unique (runs are remembered by it)");
    }
    if (const auto problem = handlers::check_schedule(e)) s.fail(problem->field, problem->message);
    s.finish();
    out.push_back(std::move(e));
  }
}

}  // namespace steward::app
