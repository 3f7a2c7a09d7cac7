#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "rules/normalizer.hpp"

namespace steward::rules {

/// Something a detector found, as a byte range of the strict view.
struct detection {
  std::string rule;  ///< "phone", "wechat", "qq", "url" or "email"
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string value;  ///< what was found, normalised (13800138000, abc_123, example.com)
};

/// Finds contact details and links in a strict view: Chinese mobile numbers (separators, +86,
/// styled and spoken digits; never inside a longer digit run or next to a currency), WeChat and
/// QQ contacts (trigger word or look-alike *and* an ID next to it), e-mail addresses, and URLs
/// (scheme, www, 点 / [.] / dot substitutions, spaced dots after www, a real TLD; never a
/// decimal, an IP address or digits inside a link read as a phone, never a time of day (9点lol)
/// or prose (the dot com) read as a link). `allowed_domains` are never reported
/// as URLs (a domain matches itself and its subdomains).
class contact_detectors {
 public:
  explicit contact_detectors(std::vector<std::string> allowed_domains = {});
  ~contact_detectors();
  contact_detectors(const contact_detectors&) = delete;
  contact_detectors& operator=(const contact_detectors&) = delete;

  /// Everything found in `strict`.
  std::vector<detection> detect(const normalized_text& strict) const;

 private:
  /// Whether `host` is an allowed domain or one of its subdomains.
  bool is_allowed(const std::string& host) const;
  struct patterns;
  std::vector<std::string> allowed_domains_;
  patterns* patterns_;
};

/// Whether `tld` (lower case, no dot) is a top-level domain people actually register names under.
bool is_known_tld(std::string_view tld);
/// Whether a name ending in `.tld` is more likely a file (README.md, setup.py) than a site.
bool is_file_extension_tld(std::string_view tld);

}  // namespace steward::rules
