#include "bot/net/service.hpp"

#include <spdlog/spdlog.h>

#include <csignal>

#include "bot/core/log.hpp"
#include "bot/net/detail/dispatcher.hpp"
#include "bot/net/detail/http_server.hpp"
#include "bot/net/routes.hpp"

namespace steward::net {

namespace {
std::map<std::string, const core::platform_adapter*, std::less<>> by_name(
    const std::vector<const core::platform_adapter*>& adapters) {
  std::map<std::string, const core::platform_adapter*, std::less<>> out;
  for (const auto* a : adapters)
    out.emplace(std::string(a->name()), a);
  return out;
}
}  // namespace

struct service::impl {
  impl(server_settings server_cfg, dispatch_settings dispatch_cfg, core::core_executor& core,
       std::vector<const core::platform_adapter*> adapters, core::metrics& stats,
       const core::command_table& commands, int admin_cache_ttl_s)
      : core(core),
        dispatch_cfg(dispatch_cfg),
        admins(std::chrono::seconds(admin_cache_ttl_s), tokens),
        routes(ioc, core, by_name(adapters), stats, server_cfg, commands, admins),
        server(ioc, server_cfg, [this](http_request& req) { return routes(req); }),
        outbox(ioc, core, by_name(adapters), stats, dispatch_cfg, tokens),
        signals(ioc, SIGINT, SIGTERM),
        hangups(ioc, SIGHUP) {}

  // The core's clock-driven work (delayed welcomes, scheduled posts) runs once a second.
  asio::awaitable<void> tick_loop() {
    asio::steady_timer timer(ioc);
    while (!shutting_down) {
      timer.expires_after(std::chrono::seconds(1));
      co_await timer.async_wait(use_tuple);
      if (!shutting_down) core.tick();
    }
  }

  void wait_for_hangup() {
    hangups.async_wait([this](const boost::system::error_code& ec, int) {
      if (ec) return;
      core::log_info("rules.reload", "SIGHUP received: reloading the word lists");
      if (reload) reload();
      wait_for_hangup();
    });
  }

  asio::awaitable<void> shut_down() {
    core::log_info("shutdown.requests", "no new connections; finishing requests in flight");
    routes.stop_accepting();
    co_await server.shutdown();
    core::log_info("shutdown.drain", "draining the outbox",
                   {core::field("max_seconds", dispatch_cfg.drain_s)});
    co_await outbox.drain(std::chrono::steady_clock::now() +
                          std::chrono::seconds(dispatch_cfg.drain_s));
    outbox.stop();
    signals.cancel();
    hangups.cancel();
    ioc.stop();
  }

  void begin_shutdown() {
    if (std::exchange(shutting_down, true)) return;
    asio::co_spawn(ioc, shut_down(), log_failure("shutdown"));
  }

  asio::io_context ioc{1};
  core::core_executor& core;
  dispatch_settings dispatch_cfg;
  access_tokens tokens;
  admin_directory admins;
  router routes;
  http_server server;
  dispatcher outbox;
  asio::signal_set signals;
  asio::signal_set hangups;
  std::function<void()> reload;
  bool shutting_down = false;
};

service::service(server_settings server, dispatch_settings dispatch, core::core_executor& core,
                 std::vector<const core::platform_adapter*> adapters, core::metrics& stats,
                 const core::command_table& commands, int admin_cache_ttl_s)
    : impl_(std::make_unique<impl>(std::move(server), dispatch, core, std::move(adapters), stats,
                                   commands, admin_cache_ttl_s)) {
  core.on_outbox_written([this] { impl_->outbox.notify(); });
}

service::~service() = default;

std::uint16_t service::port() const {
  return impl_->server.port();
}

void service::run() {
  impl_->signals.async_wait([this](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    core::log_info("shutdown.signal", "signal received: shutting down",
                   {core::field("signal", signal)});
    impl_->begin_shutdown();
  });
  impl_->wait_for_hangup();
  asio::co_spawn(impl_->ioc, impl_->tick_loop(), log_failure("tick"));
  impl_->server.start();
  impl_->outbox.start();
  impl_->ioc.run();
}

void service::on_reload_signal(std::function<void()> reload) {
  impl_->reload = std::move(reload);
}

void service::want_admin_status(std::function<bool(const core::chat_event&)> wanted) {
  impl_->routes.want_admin_status(std::move(wanted));
}

void service::serve_api(std::function<api::response(const api::request&)> api) {
  impl_->routes.serve_api(std::move(api));
}

void service::serve_api_reads(
    std::function<void(api::request, std::function<void(api::response)>)> read) {
  impl_->routes.serve_api_reads(std::move(read));
}

void service::serve_chats_of(const core::chat_owners& owners, std::string own_address) {
  impl_->routes.route_by(owners, std::move(own_address));
  impl_->outbox.serve_chats_of(owners);
}

void service::request_stop() {
  asio::post(impl_->ioc, [this] { impl_->begin_shutdown(); });
}

}  // namespace steward::net
