#pragma once

#include <string>

namespace steward::app {

/// Options of `steward demo`.
struct demo_options {
  std::string listen = "127.0.0.1:8080";
  std::string database = "steward-demo.db";
  bool once = false;  ///< stop after the scripted conversation instead of serving on
  std::string platform = "telegram";  ///< "telegram", "onebot" (QQ), "slack", "feishu", "dingtalk",
                                      ///< "wecom" or "generic"
};

/// Runs Steward against a simulated group (Telegram, or QQ through OneBot 11): a fake platform
/// API on loopback and a scripted stream of members joining, chatting and checking in. Returns
/// the exit code.
int run_demo(const demo_options& options);

}  // namespace steward::app
