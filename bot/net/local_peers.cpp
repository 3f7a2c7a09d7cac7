#include "bot/net/local_peers.hpp"

#include <spdlog/spdlog.h>

#include <thread>

#include "bot/core/url.hpp"
#include "bot/net/detail/http_server.hpp"

namespace steward::net {

namespace {
server_settings loopback_any_port() {
  server_settings s;
  s.host = "127.0.0.1";
  s.port = 0;
  return s;
}
}  // namespace

// Every platform's success in one answer: Telegram and Slack read "ok", OneBot "retcode",
// Feishu "code" (and its token), DingTalk a 200 with its token or processQueryKey.
constexpr std::string_view all_answers =
    R"({"ok":true,"result":{"message_id":1},"status":"ok","retcode":0,"code":0,)"
    R"("data":{"message_id":"1"},"tenant_access_token":"t-demo","expire":7200,)"
    R"("accessToken":"at-demo","expireIn":7200,"processQueryKey":"k1"})";

// Questions about the chat get the shape their platform gives: the bot an administrator with
// every right it asks for, no other administrator listed (the demo names its admin in the
// config), and an invite link when one is asked for. The success above would read as "no answer"
// and log a warning the demo does not mean.
std::string_view answer_to(std::string_view target, std::string_view body) {
  const auto asks = [&](std::string_view method) { return target.ends_with(method); };
  if (asks("/getChatMember")) {
    return R"({"ok":true,"result":{"status":"administrator","user":{"id":123456,"is_bot":true,)"
           R"("first_name":"Steward"},"can_delete_messages":true,"can_restrict_members":true,)"
           R"("can_invite_users":true}})";
  }
  if (asks("/getChatAdministrators")) return R"({"ok":true,"result":[]})";
  if (asks("/createChatInviteLink")) {
    return R"({"ok":true,"result":{"invite_link":"https://t.me/+demo","creates_join_request":)"
           R"(false,"is_primary":false,"is_revoked":false}})";
  }
  if (asks("/get_group_member_info")) {
    return R"({"status":"ok","retcode":0,"data":{"user_id":10000,"role":"admin"}})";
  }
  if (asks("/get_group_member_list")) return R"({"status":"ok","retcode":0,"data":[]})";
  // The generic relay has one URL; the action is in the body.
  if (body.find(R"("action":"get_admins")") != std::string_view::npos) {
    return R"({"ok":true,"admins":[]})";
  }
  return all_answers;
}

struct fake_platform_api::impl {
  explicit impl(call_observer observer)
      : on_call(std::move(observer)),
        server(ioc, loopback_any_port(),
               [this](http_request& req) -> asio::awaitable<http_response> {
                 on_call(std::string(req.target()), req.body());
                 co_return make_response(http::status::ok,
                                         std::string(answer_to(req.target(), req.body())),
                                         "application/json");
               }) {
    server.start();
    thread = std::thread([this] { ioc.run(); });
  }
  ~impl() {
    ioc.stop();
    thread.join();
  }

  call_observer on_call;
  asio::io_context ioc{1};
  http_server server;
  std::thread thread;
};

fake_platform_api::fake_platform_api(call_observer on_call)
    : impl_(std::make_unique<impl>(std::move(on_call))) {}

fake_platform_api::~fake_platform_api() = default;

std::string fake_platform_api::base_url() const {
  return "http://127.0.0.1:" + std::to_string(impl_->server.port());
}

int post_json(const std::string& url, const std::string& body,
              const std::vector<std::pair<std::string, std::string>>& headers) {
  return send_json("POST", url, body, headers).status;
}

http_answer send_json(const std::string& method, const std::string& url, const std::string& body,
                      const std::vector<std::pair<std::string, std::string>>& headers) {
  const auto parts = core::parse_url(url);
  if (!parts || parts->tls) return {};
  asio::io_context ioc{1};
  tcp::resolver resolver(ioc);
  beast::tcp_stream stream(ioc);
  beast::error_code ec;
  stream.connect(resolver.resolve(parts->host, parts->port, ec), ec);
  if (ec) return {};
  http_request req{http::string_to_verb(method), parts->target, 11};
  req.set(http::field::host, parts->host);
  req.set(http::field::content_type, "application/json");
  for (const auto& [name, value] : headers)
    req.set(name, value);
  req.body() = body;
  req.prepare_payload();
  http::write(stream, req, ec);
  if (ec) return {};
  beast::flat_buffer buffer;
  http_response res;
  http::read(stream, buffer, res, ec);
  if (ec) return {};
  return {static_cast<int>(res.result_int()), res.body()};
}

}  // namespace steward::net
