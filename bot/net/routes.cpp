#include "bot/net/routes.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <optional>

#include "bot/core/log.hpp"
#include "bot/core/url.hpp"
#include "bot/net/detail/client_address.hpp"
#include "bot/net/detail/console_assets.hpp"
#include "bot/net/detail/http_server.hpp"

namespace steward::net {

namespace {

/// The admin API resource a path belongs to ("/api/v1/groups"), the label of its metrics: a
/// fixed set, so requests for made-up paths cannot grow the metrics without bound.
std::string api_resource(std::string_view path) {
  static constexpr std::string_view resources[] = {
      "groups", "moderation",   "rules",   "audit",       "templates", "faq",   "schedules",
      "shop",   "openapi.json", "session", "experiments", "care",      "tokens"};
  const auto rest = path.substr(std::string_view("/api/v1/").size());
  const auto first = rest.substr(0, rest.find('/'));
  for (const auto r : resources) {
    if (first == r) return "/api/v1/" + std::string(r);
  }
  return "/api/v1/(other)";
}

constexpr std::string_view webhook_prefix = "/webhook/";
// Set on an update one instance forwards to another: it is never forwarded a second time.
constexpr std::string_view forwarded_header = "X-Steward-Forwarded";

http_response json_response(http::status status, std::string body) {
  return make_response(status, std::move(body), "application/json");
}

http_response json_error(http::status status, std::string_view code, std::string message) {
  return json_response(status,
                       nlohmann::json{{"error", code}, {"message", std::move(message)}}.dump());
}

http_response method_not_allowed(std::string allow) {
  auto res = json_error(http::status::method_not_allowed, "method_not_allowed", "use " + allow);
  res.set(http::field::allow, allow);
  return res;
}

std::string_view path_of(std::string_view target) {
  return target.substr(0, target.find('?'));
}

}  // namespace

router::router(asio::io_context& ioc, core::core_executor& core,
               std::map<std::string, const core::platform_adapter*, std::less<>> adapters,
               core::metrics& stats, server_settings settings, const core::command_table& commands,
               admin_directory& admins)
    : core_(core),
      adapters_(std::move(adapters)),
      metrics_(stats),
      settings_(std::move(settings)),
      commands_(commands),
      admins_(admins),
      outcomes_(ioc),
      api_answers_(ioc) {}

asio::awaitable<http_response> router::operator()(http_request& req) {
  const std::string_view path = path_of({req.target().data(), req.target().size()});
  if (path.rfind(webhook_prefix, 0) == 0) {
    auto adapter = adapters_.find(path.substr(webhook_prefix.size()));
    if (adapter == adapters_.end()) {
      co_return json_error(
          http::status::not_found, "not_found",
          "no platform named '" + std::string(path.substr(webhook_prefix.size())) + "'");
    }
    // WeCom checks its callback URL with a GET; every other delivery is a POST.
    const bool checks_by_get = adapter->second->checks_url_by_get();
    if (req.method() != http::verb::post && !(checks_by_get && req.method() == http::verb::get)) {
      co_return method_not_allowed(checks_by_get ? "GET, POST" : "POST");
    }
    co_return co_await webhook(*adapter->second, req);
  }
  const bool readable = req.method() == http::verb::get || req.method() == http::verb::head;
  if (path == "/healthz") {
    if (!readable) co_return method_not_allowed("GET, HEAD");
    co_return make_response(http::status::ok, "ok\n");
  }
  if (path == "/readyz") {
    if (!readable) co_return method_not_allowed("GET, HEAD");
    if (!metrics_.ready() || !accepting_) {
      co_return make_response(http::status::service_unavailable, "not ready\n");
    }
    co_return make_response(http::status::ok, "ready\n");
  }
  if (path.rfind("/api/v1/", 0) == 0) {
    auto res = co_await admin_api(req, path);
    // Methods Beast does not know are one label: a client cannot grow the metrics at will.
    const std::string method =
        req.method() == http::verb::unknown ? "OTHER" : std::string(req.method_string());
    metrics_.count_api_request(api_resource(path), method, static_cast<int>(res.result_int()));
    co_return res;
  }
  if (path == "/console" || path.rfind("/console/", 0) == 0) co_return console_file(req, path);
  if (path == "/metrics") {
    if (!readable) co_return method_not_allowed("GET, HEAD");
    co_return make_response(http::status::ok, metrics_.render(), "text/plain; version=0.0.4");
  }
  co_return json_error(
      http::status::not_found, "not_found",
      "nothing at " + std::string(path) + "; see /api/v1/openapi.json for the admin API");
}

asio::awaitable<http_response> router::webhook(const core::platform_adapter& adapter,
                                               http_request& req) {
  const std::string platform(adapter.name());
  const auto header = [&req](std::string_view name) -> std::string_view {
    auto it = req.find(beast::string_view(name.data(), name.size()));
    if (it == req.end()) return {};
    return {it->value().data(), it->value().size()};
  };
  const core::raw_request raw{std::string_view(req.target().data(), req.target().size()),
                              req.body(), header};
  if (!adapter.verify(raw)) {
    metrics_.count_verification_failure(platform);
    co_return json_response(http::status::unauthorized, R"({"error":"unauthorized"})");
  }
  auto update = adapter.parse(raw);
  if (!update) {
    metrics_.count_event(platform, "bad_request");
    nlohmann::json answer{{"error", update.failure().code}, {"message", update.failure().message}};
    if (!update.failure().field.empty()) answer["field"] = update.failure().field;
    core::log_warn("webhook.refused", "an update could not be read; answered 400",
                   {core::field("platform", platform), core::field("field", update.failure().field),
                    core::field("error", update.failure().message)});
    co_return json_response(http::status::bad_request, answer.dump());
  }
  const auto accepted = [&adapter] {
    const auto answer = adapter.accepted();
    if (answer.body.empty()) return make_response(static_cast<http::status>(answer.status), "");
    return json_response(static_cast<http::status>(answer.status), answer.body);
  };
  if (!update->handshake.empty()) {
    if (update->handshake_is_text) {
      co_return make_response(http::status::ok, update->handshake, "text/plain; charset=utf-8");
    }
    co_return json_response(http::status::ok, update->handshake);
  }
  if (update->routine) co_return accepted();
  if (!update->known) {
    metrics_.count_event(platform, "unknown_type");
    core::log_info("webhook.ignored", "an update of a type this version does not read",
                   {core::field("platform", platform), core::field("update_id", update->update_id),
                    core::field("type", update->type)});
    if (adapter.accepted().status != 200) co_return accepted();
    co_return json_response(http::status::ok, R"({"ok":true,"ignored":true})");
  }
  if (!accepting_) {
    co_return json_response(http::status::service_unavailable, R"({"error":"shutting down"})");
  }
  if (owners_ != nullptr && !owners_->serves_all()) {
    if (const auto chat = core::chat_of(*update)) {
      const auto owner = owners_->of(core::partition_of(platform, *chat));
      if (!owner.mine) co_return co_await forward(platform, owner.address, req);
    }
  }
  co_await mark_admins(adapter, *update);
  const auto outcome = co_await commit(std::move(*update));
  if (outcome == core::update_outcome::failed) {
    co_return json_response(http::status::internal_server_error, R"({"error":"not processed"})");
  }
  if (outcome == core::update_outcome::unavailable) {
    co_return json_response(http::status::service_unavailable,
                            R"({"error":"the database is unavailable; redeliver later"})");
  }
  if (outcome == core::update_outcome::elsewhere) {
    co_return json_response(
        http::status::service_unavailable,
        R"({"error":"this chat is moving to another Steward instance; redeliver later"})");
  }
  co_return accepted();
}

// The owner verifies the update again (its signature headers go along), processes it and
// answers only after its commit, so its answer can stand for this one's.
asio::awaitable<http_response> router::forward(const std::string& platform,
                                               const std::string& owner, http_request& req) {
  const auto unavailable = [&](std::string_view event, std::string_view why) {
    metrics_.count_event(platform, "unforwarded");
    core::log_warn(event, std::string(why) + "; answered 503 so the platform redelivers",
                   {core::field("platform", platform), core::field("owner", owner)});
    return json_response(http::status::service_unavailable,
                         nlohmann::json{{"error", std::string(why) + "; redeliver later"}}.dump());
  };
  if (req.find(beast::string_view(forwarded_header.data(), forwarded_header.size())) != req.end()) {
    co_return unavailable("webhook.moved", "this chat moved to another Steward instance");
  }
  if (owner.empty()) {
    co_return unavailable("webhook.unowned", "no Steward instance serves this chat right now");
  }
  core::http_call call{std::string(req.method_string()),
                       owner + std::string(req.target().data(), req.target().size()), req.body()};
  for (const auto& field : req) {
    const auto name = field.name();
    if (name == http::field::host || name == http::field::content_length ||
        name == http::field::connection || name == http::field::transfer_encoding) {
      continue;
    }
    call.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  call.headers.emplace_back(std::string(forwarded_header), own_address_);
  auto answer =
      co_await forwarder_.send(std::move(call), std::chrono::seconds(settings_.core_timeout_s));
  if (answer.status == 0) {
    co_return unavailable("webhook.forward_failed",
                          "the Steward instance serving this chat did not answer");
  }
  metrics_.count_event(platform, "forwarded");
  auto res = make_response(static_cast<http::status>(answer.status), std::move(answer.body),
                           answer.content_type.empty() ? "application/json" : answer.content_type);
  co_return res;
}

// Some commands depend on whether their author administers the group; the core thread does
// no I/O, so the answer is looked up (cached) here and carried in the event.
asio::awaitable<void> router::mark_admins(const core::platform_adapter& adapter,
                                          core::inbound_update& update) {
  for (auto& event : update.events) {
    if (!event.chat.is_group || event.author.user_id.empty() || event.author.is_bot) continue;
    const auto command = commands_.match(event.text);  // read-only: safe beside the core thread
    // Commands ask only when they answer admins differently; other messages when moderation
    // (which exempts admins) wants to know.
    const bool wanted =
        command ? command->needs_admin_check : admin_status_wanted_ && admin_status_wanted_(event);
    if (!wanted) continue;
    // The platform said it with the message (QQ's sender role): only commands need the list.
    if (!command && event.author.is_admin.has_value()) continue;
    if (!adapter.lists_admins()) {
      // No list to ask: the event's own flag, else no platform admin (configured admins are
      // marked by the core).
      if (!event.author.is_admin.has_value()) event.author.is_admin = false;
      continue;
    }
    const auto admins = co_await admins_.admins(adapter, event.chat.chat_id);
    if (!admins) continue;  // unknown stays unknown: handlers must not read it as "no"
    event.author.is_admin = admins->contains(event.author.user_id);
    if (!command) continue;
    // Admin-aware commands also see who administers the chat: /report mentions them, and an
    // admin cannot be sanctioned.
    event.chat_admins.emplace(admins->begin(), admins->end());
  }
}

// Hands the update to the core thread and waits for its commit (the webhook is acknowledged
// only once its effects are durable).
asio::awaitable<core::update_outcome> router::commit(core::inbound_update update) {
  const auto outcome =
      co_await outcomes_.wait(std::chrono::seconds(settings_.core_timeout_s),
                              [this, &update](std::function<void(core::update_outcome)> answer) {
                                core_.submit(std::move(update), std::move(answer));
                              });
  if (!outcome) {
    core::log_error("webhook.timeout",
                    "the update was not committed in time; answered 500 so it is redelivered",
                    {core::field("seconds", settings_.core_timeout_s)});
    co_return core::update_outcome::failed;
  }
  co_return *outcome;
}

// The admin API runs on the core thread, like every read and write of member state — except
// reads of committed rows alone, which readers beside it answer when there are any; this waits
// for the answer without blocking the I/O thread.
asio::awaitable<http_response> router::admin_api(http_request& req, std::string_view path) {
  if (path == "/api/v1/openapi.json") {
    if (req.method() != http::verb::get) co_return method_not_allowed("GET");
    co_return json_response(http::status::ok, api::admin_api::openapi_json());
  }
  if (!api_) {
    co_return json_error(http::status::not_found, "not_found", "the admin API is not served");
  }
  const std::string_view target(req.target().data(), req.target().size());
  const auto auth = req.find(http::field::authorization);
  api::request call{std::string(req.method_string()),
                    std::string(path),
                    core::query_of(target),
                    auth == req.end() ? "" : std::string(auth->value()),
                    req.body(),
                    std::string(req[http::field::accept]),
                    std::string(req[http::field::cookie]),
                    std::string(req["X-CSRF-Token"]),
                    std::string(req[http::field::origin]),
                    std::string(req[http::field::host]),
                    std::string(req["Sec-Fetch-Site"]),
                    req["X-Forwarded-Proto"] == "https",
                    client_address(req[peer_header], req["X-Real-IP"], req["X-Forwarded-For"])};
  const bool elsewhere = api_reads_ && api::admin_api::reads_committed_only(call);
  const auto answer = co_await api_answers_.wait(
      std::chrono::seconds(settings_.core_timeout_s),
      [this, &call, elsewhere](std::function<void(api::response)> reply) {
        if (elsewhere) {
          api_reads_(std::move(call), std::move(reply));
        } else {
          call_core(std::move(call), std::move(reply));
        }
      });
  if (!answer) {
    co_return json_error(http::status::service_unavailable, "busy",
                         elsewhere ? "the read did not finish in time; ask for a shorter period"
                                   : "the core did not answer in time; try again");
  }
  auto res =
      make_response(static_cast<http::status>(answer->status), answer->body, answer->content_type);
  if (!answer->disposition.empty()) res.set(http::field::content_disposition, answer->disposition);
  if (answer->status == 401) res.set(http::field::www_authenticate, "Bearer");
  if (!answer->allow.empty()) res.set(http::field::allow, answer->allow);
  if (!answer->set_cookie.empty()) res.set(http::field::set_cookie, answer->set_cookie);
  // Answers are per caller and may hold members' data: never kept by a browser or a proxy.
  res.set(http::field::cache_control, "no-store");
  co_return res;
}

void router::call_core(api::request call, std::function<void(api::response)> reply) {
  auto result = std::make_shared<api::response>();
  core_.call([this, call = std::move(call), result] { *result = api_(call); },
             [this, result, reply = std::move(reply)](bool ok) {
               if (ok) {
                 reply(std::move(*result));
               } else if (!metrics_.ready()) {  // the database is away (core_executor)
                 reply(api::response{503, R"({"error":"unavailable","message":"the database )"
                                          R"(is unavailable; nothing was saved, try again"})"});
               } else {
                 reply(api::response{500, R"({"error":"internal","message":"not saved"})"});
               }
             });
}

}  // namespace steward::net
