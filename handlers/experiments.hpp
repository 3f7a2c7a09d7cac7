#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "handlers/handler.hpp"
#include "storage/community_store.hpp"
#include "storage/experiment_store.hpp"

namespace steward::handlers {

/// The outcome a template is tested on: "speaks_24h" for welcome (the newcomer writes within
/// 24 h), "checkin_next_day" for checkin (the member checks in again the next local day),
/// "messages_1h" for a scheduled post "schedule:<id>" (members write within the hour after);
/// "" for templates that cannot be tested.
std::string outcome_for(const std::string& template_key);

/// The two-sided p-value of a two-proportion z-test (pooled) of x1/n1 against x2/n2; nullopt
/// when it is undefined (an empty sample, or every unit converted or none did).
std::optional<double> two_proportion_p(std::int64_t x1, std::int64_t n1, std::int64_t x2,
                                       std::int64_t n2);

/// The variant an experiment chose for one render.
struct variant_choice {
  std::int64_t experiment_id = 0;
  int variant = 0;
  std::optional<std::string> text;  ///< nullopt: the template as it stands (the control)
  /// Carried in the action's purpose_ref, so that the exposure is recorded once delivered.
  std::string ref;
};

/// One variant's results.
struct variant_result {
  std::string name;
  storage::variant_tally tally;
  std::optional<double> rate;     ///< conversions ÷ decided exposures
  std::optional<double> p_value;  ///< against the first variant (the control); none for it
};

/// An experiment's results and what they allow one to say.
struct experiment_result {
  storage::experiment_row row;
  std::string unit;  ///< "member" or "group" (who is assigned a variant)
  std::vector<variant_result> variants;
  bool significant = false;
  std::string verdict;  ///< "significant", "not significant yet"
  std::string note;     ///< the sample's limits, said plainly ("" when none)
};

/// Results of an experiment at `now_s` (significance at p < 0.05, with at least 5 conversions
/// and 5 non-conversions per variant; per-group experiments need 10 groups per variant).
experiment_result experiment_results(storage::experiment_store& store,
                                     const storage::experiment_row& row, std::int64_t now_s);

/// Runs the A/B tests of templates: picks a variant deterministically (a hash of the experiment
/// and the member for replies to members; of the experiment and the group for posts the whole
/// group sees), records an exposure once the platform delivered the message, and the outcome
/// when it follows within its window.
class experiment_runner final : public follow_up_handler {
 public:
  experiment_runner(storage::experiment_store& store, storage::community_store& community);

  /// Reads the running experiments and the exposures still waiting for their outcome (at
  /// start, after an operator's change, and after a batch failed to commit).
  void load(std::int64_t now_s);

  /// The variant for members `user_ids` (the first decides for a shared message) of a render
  /// of `key` in `chat_id` in `language`; nullopt when no experiment runs there.
  std::optional<variant_choice> for_members(const std::string& chat_id, const std::string& key,
                                            const std::string& language,
                                            const std::vector<std::string>& user_ids) const;
  /// The variant for a post of `key` that the whole group sees.
  std::optional<variant_choice> for_group(const std::string& chat_id, const std::string& key) const;

  /// Records the exposure of a delivered message chosen by for_members / for_group.
  std::vector<core::action> follow_up(const delivery_answer& answer,
                                      const core::platform_adapter& platform) override;
  /// A member wrote in a group: an outcome for newcomers welcomed, a response to posts.
  void member_wrote(std::int64_t group_id, std::int64_t member_id, std::int64_t at);
  /// A member checked in: the outcome of an earlier check-in reply.
  void checked_in(std::int64_t member_id, std::int64_t at);

 private:
  const storage::experiment_row* running(const std::string& chat_id, const std::string& key) const;

  storage::experiment_store& store_;
  storage::community_store& community_;
  std::vector<storage::experiment_row> running_;
  std::map<std::int64_t, std::int64_t> open_members_;  // member → window end
  std::map<std::int64_t, std::int64_t> open_posts_;    // group → window end
};

}  // namespace steward::handlers
