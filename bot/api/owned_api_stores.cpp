#include "bot/api/admin_api.hpp"

namespace steward::api {

owned_api_stores::owned_api_stores(storage::backend& db)
    : community(db),
      moderation(db),
      tokens(db),
      templates(db),
      ledger(db),
      shop(db),
      badges(db),
      checkins(db),
      content(db),
      member_data(db) {}

api_stores owned_api_stores::refs() {
  return {community, moderation, tokens,   templates, ledger,
          shop,      badges,     checkins, content,   member_data};
}

}  // namespace steward::api
