// Node and npm versions as CI files write them, turned into the topology's
// version grammar: majors stay partial versions (ranges), `lts/*` and `latest`
// stay as they are, anything that cannot be read becomes unknown.
#include <array>
#include <cctype>
#include <regex>

#include "format/bounded_regex.hpp"
#include "scan/scan_model.hpp"
#include "format/version_range.hpp"

namespace pubplan::detail::scan {

namespace {

std::string trim(std::string s) {
  auto issp = [](unsigned char c) { return std::isspace(c) || c == '"' || c == '\''; };
  while (!s.empty() && issp(s.back())) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && issp(s[i])) ++i;
  return s.substr(i);
}

// Node's LTS code names (nvm and setup-node accept lts/<name>).
struct Codename { const char *name; const char *major; };
constexpr std::array<Codename, 11> kCodenames{{
    {"argon", "4"}, {"boron", "6"}, {"carbon", "8"}, {"dubnium", "10"}, {"erbium", "12"},
    {"fermium", "14"}, {"gallium", "16"}, {"hydrogen", "18"}, {"iron", "20"}, {"jod", "22"},
    {"krypton", "24"}}};

// The npm major a Node major bundles, where it is one major for the whole line
// (facts file, section 5: Node 20 and 22 bundle npm 10; Node 24 bundles npm 11,
// early 24.x releases 11.0 to 11.4).
struct Bundle { int node; const char *npm; };
constexpr std::array<Bundle, 3> kBundled{{{20, "10"}, {22, "10"}, {24, "11"}}};
// Lines whose npm major changed within the line: only the newest release's,
// which is what a bare major (`node-version: 18`) installs (Node 18.19.0 and
// later bundle npm 10).
constexpr std::array<Bundle, 1> kBundledNewest{{{18, "10"}}};

bool in_grammar(const std::string &v) { return parse_version_range(v).has_value(); }

}  // namespace

std::optional<std::string> normalize_node_version(std::string raw) {
  raw = trim(raw);
  if (raw.empty() || raw.find("${{") != std::string::npos || raw.find('$') != std::string::npos)
    return std::nullopt;
  std::string lower;
  for (char c : raw) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "lts" || lower == "lts/*" || lower == "lts/-0") return std::string("lts/*");
  if (lower == "latest" || lower == "node" || lower == "current") return lower;
  if (lower.starts_with("lts/")) {
    for (const auto &c : kCodenames)
      if (lower.substr(4) == c.name) return std::string(c.major);
    return std::nullopt;
  }
  if (lower.starts_with("v")) lower = lower.substr(1);
  if (lower.starts_with(">=")) {
    std::string v = trim(lower.substr(2));
    static const std::regex partial(R"(^(\d+)(?:\.(\d+))?(?:\.(\d+))?$)");
    std::smatch m;
    if (!regex_match_bounded(v, m, partial)) return std::nullopt;
    return ">=" + m[1].str() + "." + (m[2].matched ? m[2].str() : "0") + "." +
           (m[3].matched ? m[3].str() : "0");
  }
  if (in_grammar(lower)) return lower;
  return std::nullopt;
}

std::optional<std::string> node_from_image(const std::string &image_raw) {
  // node:22, node:22.14-alpine, docker.io/library/node:lts, cimg/node:22.14.0
  std::string image = trim(image_raw);
  static const std::regex re(R"(^(?:[^\s:]+/)?node:([A-Za-z0-9._-]+)$)");
  std::smatch m;
  if (!regex_match_bounded(image, m, re)) return std::nullopt;
  std::string tag = m[1].str();
  if (tag.starts_with("lts")) return std::string("lts/*");
  if (tag == "current" || tag == "latest") return tag;
  static const std::regex ver(R"(^(\d+(?:\.\d+){0,2}))");
  std::smatch v;
  if (!regex_search_bounded(tag, v, ver)) return std::nullopt;
  return normalize_node_version(v[1].str());
}

std::optional<std::string> bundled_npm(const std::string &node) {
  static const std::regex major(R"(^(\d+)(?:\.[0-9x]+){0,2}$)");
  std::smatch m;
  if (!regex_match_bounded(node, m, major)) return std::nullopt;
  int n = std::stoi(m[1].str());
  for (const auto &b : kBundled)
    if (b.node == n) return std::string(b.npm);
  if (node == std::to_string(n) || node == std::to_string(n) + ".x")  // a bare major: the newest release
    for (const auto &b : kBundledNewest)
      if (b.node == n) return std::string(b.npm);
  return std::nullopt;
}

std::optional<std::string> normalize_npm_version(std::string raw) {
  raw = trim(raw);
  if (raw.empty() || raw == "latest") return std::string("latest");
  if (raw.starts_with("v")) raw = raw.substr(1);
  if (raw.starts_with(">=")) return normalize_node_version(raw);  // same shape
  if (in_grammar(raw) && raw != "lts/*" && raw != "node" && raw != "current") return raw;
  return std::nullopt;
}

std::optional<std::string> npm_upgrade_in(const std::string &line) {
  // npm i -g npm@11, npm install --global npm@^11.5.1, corepack prepare npm@11.6.0 --activate
  static const std::regex global(
      R"((?:^|[\s;&|(])npm\s+(?:i|install|add)\s+(?:[^;&|]*\s)?(?:-g|--global)(?:\s[^;&|]*)?\s(npm(?:@\S+)?)(?=$|[\s;&|)]))");
  static const std::regex global_first(
      R"((?:^|[\s;&|(])npm\s+(?:i|install|add)\s+(npm(?:@\S+)?)\s+(?:[^;&|]*\s)?(?:-g|--global)(?=$|[\s;&|)]))");
  static const std::regex corepack(R"(corepack\s+(?:prepare|use|install\s+-g)\s+(npm@\S+))");
  std::smatch m;
  std::string spec;
  if (regex_search_bounded(line, m, global) || regex_search_bounded(line, m, global_first) ||
      regex_search_bounded(line, m, corepack))
    spec = m[1].str();
  else
    return std::nullopt;
  auto at = spec.find('@');
  if (at == std::string::npos) return std::string("latest");
  auto v = normalize_npm_version(spec.substr(at + 1));
  return v ? v : std::optional<std::string>("");  // upgraded, to a version we cannot read
}

}  // namespace pubplan::detail::scan
