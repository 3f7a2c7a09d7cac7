#include "bot/net/detail/client_address.hpp"

#include "bot/net/detail/asio.hpp"

namespace steward::net {

bool may_be_proxy(std::string_view peer) {
  beast::error_code ec;
  auto address = asio::ip::make_address(std::string(peer), ec);
  if (ec) return false;
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
  }
  if (address.is_v6()) {
    const auto v6 = address.to_v6();
    return v6.is_loopback() || (v6.to_bytes()[0] & 0xfe) == 0xfc;  // fc00::/7
  }
  const auto v4 = address.to_v4().to_uint();
  return (v4 >> 24) == 127 || (v4 >> 24) == 10 || (v4 >> 20) == 0xac1 ||  // 172.16.0.0/12
         (v4 >> 16) == 0xc0a8;                                            // 192.168.0.0/16
}

std::string client_address(std::string_view peer, std::string_view real_ip,
                           std::string_view forwarded_for) {
  if (!may_be_proxy(peer)) return std::string(peer);
  if (!real_ip.empty()) return std::string(real_ip);
  auto last = forwarded_for.substr(forwarded_for.rfind(',') + 1);  // npos + 1 == 0: all of it
  while (!last.empty() && last.front() == ' ')
    last.remove_prefix(1);
  return last.empty() ? std::string(peer) : std::string(last);
}

}  // namespace steward::net
