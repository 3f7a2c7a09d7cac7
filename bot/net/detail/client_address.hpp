#pragma once

#include <string>
#include <string_view>

namespace steward::net {

/// Whether a peer may be a reverse proxy of the operator's: loopback or a private network (a
/// proxy on the same machine, or beside Steward in a compose or cluster network). A client on
/// the public internet is never one of these, so it cannot name its own address.
bool may_be_proxy(std::string_view peer);

/// Who makes a request, for the failed sign-in limit: the connected `peer`; when that may be the
/// operator's proxy, the address it reports (`real_ip`, else the last hop of `forwarded_for`,
/// which the proxy itself appended).
std::string client_address(std::string_view peer, std::string_view real_ip,
                           std::string_view forwarded_for);

}  // namespace steward::net
