#include "rules/engine.hpp"

#include <fmt/format.h>
#include <malloc.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "bot/core/log.hpp"
#include "rules/word_list.hpp"

namespace steward::rules {

namespace {

// Compiling a large word list allocates and frees far more heap than the compiled matcher keeps;
// glibc holds on to the freed pages, so they are handed back to the system explicitly.
void give_back_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace

rules_engine::rules_engine(rules_config cfg, std::vector<word_edit> edits)
    : cfg_(std::move(cfg)), edits_(std::make_shared<std::vector<word_edit>>(std::move(edits))) {
  compile_all(all_, groups_);
}

void rules_engine::set_word_edits(std::vector<word_edit> edits) {
  auto shared = std::make_shared<const std::vector<word_edit>>(std::move(edits));
  std::lock_guard lock(mutex_);
  edits_ = std::move(shared);
}

std::vector<word_edit> rules_engine::word_edits() const {
  std::lock_guard lock(mutex_);
  return *edits_;
}

rules_engine::~rules_engine() {
  if (worker_.joinable()) worker_.join();
}

void rules_engine::compile_all(std::shared_ptr<const rule_set>& all, set_map& groups) const {
  std::shared_ptr<const std::vector<word_edit>> edits;
  {
    std::lock_guard lock(mutex_);
    edits = edits_;
  }
  all = rule_set::compile(cfg_, {}, switches_, *edits);
  for (const auto& [chat, extra] : cfg_.groups) {
    if (!extra.words.empty() || !extra.allow.empty()) {
      groups[chat] = rule_set::compile(cfg_, chat, switches_, *edits);
    }
  }
  give_back_memory();
}

std::shared_ptr<const rule_set> rules_engine::for_chat(const std::string& chat_id) const {
  std::lock_guard lock(mutex_);
  const auto it = groups_.find(chat_id);
  return it == groups_.end() ? all_ : it->second;
}

bool rules_engine::enabled_in(const std::string& chat_id) const {
  if (!cfg_.enabled) return false;
  const auto it = cfg_.groups.find(chat_id);
  return it == cfg_.groups.end() || it->second.enabled;
}

void rules_engine::reload(reload_done done) {
  std::lock_guard lock(reload_mutex_);
  if (done) waiting_.push_back(std::move(done));
  if (reloading_) {
    again_ = true;
    return;
  }
  reloading_ = true;
  if (worker_.joinable()) worker_.join();  // finished: it cleared reloading_ before exiting
  worker_ = std::thread([this] { reload_loop(); });
}

void rules_engine::reload_loop() {
  while (true) {
    std::vector<reload_done> callers;
    {
      std::lock_guard lock(reload_mutex_);
      callers.swap(waiting_);
      again_ = false;
    }
    const auto started = std::chrono::steady_clock::now();
    bool ok = true;
    std::string message;
    try {
      std::shared_ptr<const rule_set> all;
      set_map groups;
      compile_all(all, groups);
      const auto words = all->word_count();
      {
        std::lock_guard lock(mutex_);
        all_ = std::move(all);
        groups_ = std::move(groups);
      }
      ++generation_;
      const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - started)
                          .count();
      message = fmt::format("{} words and allowed phrases compiled in {} ms", words, ms);
      core::log_info("rules.reloaded", message);
    } catch (const std::exception& e) {
      ok = false;
      message = e.what();
      core::log_error("rules.reload_failed", "reload failed; the previous rules stay in force",
                      {core::field("error", message)});
    }
    for (auto& done : callers)
      done(ok, message);
    std::lock_guard lock(reload_mutex_);
    if (!again_) {
      reloading_ = false;
      return;
    }
  }
}

}  // namespace steward::rules
