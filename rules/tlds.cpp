#include <algorithm>
#include <array>
#include <string_view>

#include "rules/detectors.hpp"

namespace steward::rules {

namespace {

// Generic TLDs in common use (spam included) and every two-letter country code that is assigned.
constexpr std::array generic{
    "com",     "net",      "org",     "info",    "biz",      "edu",     "gov",     "mil",
    "int",     "xyz",      "top",     "vip",     "club",     "shop",    "site",    "online",
    "store",   "app",      "dev",     "link",    "live",     "life",    "fun",     "icu",
    "win",     "bet",      "cc",      "tv",      "io",       "me",      "co",      "ai",
    "ly",      "gg",       "to",      "ws",      "su",       "pro",     "mobi",    "asia",
    "name",    "tech",     "space",   "website", "work",     "today",   "news",    "cloud",
    "email",   "games",    "game",    "loan",    "money",    "cash",    "casino",  "poker",
    "porn",    "sex",      "xxx",     "adult",   "dating",   "love",    "wang",    "ink",
    "ren",     "red",      "kim",     "men",     "fit",      "run",     "buzz",    "cyou",
    "sbs",     "cfd",      "bond",    "monster", "rest",     "quest",   "lol",     "pics",
    "click",   "download", "stream",  "party",   "review",   "trade",   "date",    "racing",
    "science", "group",    "company", "center",  "network",  "social",  "media",   "studio",
    "team",    "world",    "zone",    "tools",   "exchange", "finance", "capital", "market",
    "markets", "plus",     "one",     "global",  "blog",     "page",    "host"};
constexpr std::string_view country_codes =
    "ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs "
    "bt bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee "
    "eg er es et eu fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk "
    "hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la "
    "lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my "
    "mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro "
    "rs ru rw sa sb sc sd se sg sh si sk sl sm sn so sr ss st sv sx sy sz tc td tf tg th tj tk tl "
    "tm tn to tr tt tv tw tz ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw";
// Country codes that are also everyday file extensions: only counted with a scheme or "www".
constexpr std::array file_like{"md", "py", "sh", "rs", "pl", "so", "ps", "pm", "cc",
                               "ml", "mk", "am", "in", "is", "it", "me", "as", "at",
                               "by", "do", "go", "no", "to", "us", "tv", "ai"};

}  // namespace

bool is_known_tld(std::string_view tld) {
  if (tld.size() == 2) {
    for (std::size_t pos = 0; pos + 2 <= country_codes.size(); pos += 3) {
      if (country_codes.substr(pos, 2) == tld) return true;
    }
  }
  return std::find(generic.begin(), generic.end(), tld) != generic.end();
}

bool is_file_extension_tld(std::string_view tld) {
  return std::find(file_like.begin(), file_like.end(), tld) != file_like.end();
}

}  // namespace steward::rules
