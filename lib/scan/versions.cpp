// Node and npm versions as CI files write them, turned into the topology's
// version grammar: majors stay partial versions (ranges), `lts/*` and `latest`
// stay as they are, anything that cannot be read becomes unknown.
#include <algorithm>
#include <array>
#include <cctype>
#include <regex>
#include <sstream>

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

// The npm major a Node line bundles from a release on (`from_minor`): a version
// of the line at or after it bundles `npm`, one before it may bundle an older
// npm (unknown), and a bare major (`node-version: 20`) installs the newest
// release. Node 12 and 14 bundle npm 6 throughout; 16 bundles npm 8 from 16.14
// at the latest (npm 7 before); 18 npm 10 from 18.19.0 (8 and 9 before); 20 npm
// 10 from 20.10 at the latest (9 at 20.0.0); 22 npm 10 and 24 npm 11
// throughout (facts file, section 5; early 24.x bundled 11.0 to 11.4).
struct Bundle { int node; int from_minor; const char *npm; };
constexpr std::array<Bundle, 7> kBundled{
    {{12, 0, "6"}, {14, 0, "6"}, {16, 14, "8"}, {18, 19, "10"}, {20, 10, "10"}, {22, 0, "10"}, {24, 0, "11"}}};

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
  static const std::regex version(R"(^(\d{1,4})(?:\.(\d{1,6}|x)(?:\.[0-9x]+)?)?$)");
  std::smatch m;
  if (!regex_match_bounded(node, m, version)) return std::nullopt;
  const int major = std::stoi(m[1].str());
  const bool bare = !m[2].matched || m[2].str() == "x";  // the newest release of the line
  for (const auto &b : kBundled)
    if (b.node == major && (bare || std::stoi(m[2].str()) >= b.from_minor)) return std::string(b.npm);
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

std::optional<std::string> npm_upgrade_in(const std::string &script, int *line) {
  // npm i -g npm@11, npm install --global npm@^11.5.1, corepack prepare npm@11.6.0 --activate.
  // One command: its words are on one line (continuations joined) and end at
  // ; & | ), so that `npm -v` on the next line is not the package installed.
  static const std::regex global(
      R"((?:^|[\s;&|(])npm[ \t]+(?:i|install|add)[ \t]+(?:[^;&|\n]*[ \t])?(?:-g|--global)(?:[ \t][^;&|\n]*)?[ \t](npm(?:@[^\s;&|)]+)?)(?=$|[\s;&|)]))");
  static const std::regex global_first(
      R"((?:^|[\s;&|(])npm[ \t]+(?:i|install|add)[ \t]+(npm(?:@[^\s;&|)]+)?)[ \t]+(?:[^;&|\n]*[ \t])?(?:-g|--global)(?=$|[\s;&|)]))");
  static const std::regex corepack(R"(corepack[ \t]+(?:prepare|use|install[ \t]+-g)[ \t]+(npm@[^\s;&|)]+))");
  std::string text = script;
  for (std::size_t at = 0; (at = text.find("\\\n", at)) != std::string::npos;) text.replace(at, 2, "  ");
  // Line by line, so that a long script is read whole (the patterns are
  // bounded); the last upgrade is the npm that runs after it.
  std::string spec;
  std::size_t spec_at = 0;
  for (std::size_t from = 0; from <= text.size();) {
    std::size_t to = text.find('\n', from);
    if (to == std::string::npos) to = text.size();
    const std::string one = text.substr(from, to - from);
    std::smatch m;
    if (regex_search_bounded(one, m, global) || regex_search_bounded(one, m, global_first) ||
        regex_search_bounded(one, m, corepack))
      spec = m[1].str(), spec_at = from + static_cast<std::size_t>(m.position(1));
    from = to + 1;
  }
  // Joining continuations kept every offset, so the script's own newlines
  // before the match give its line.
  if (line && !spec.empty())
    *line = static_cast<int>(std::count(script.begin(), script.begin() + static_cast<std::ptrdiff_t>(spec_at), '\n'));
  if (spec.empty()) return std::nullopt;
  auto at = spec.find('@');
  if (at == std::string::npos) return std::string("latest");
  auto v = normalize_npm_version(spec.substr(at + 1));
  return v ? v : std::optional<std::string>("");  // upgraded, to a version we cannot read
}

bool installs_package_manager_npm(const std::string &script) {
  // `corepack enable npm`, `corepack enable pnpm npm` (a plain `corepack
  // enable` shims pnpm and Yarn only), or a global npm install of what
  // package.json's packageManager names: `npm i -g "$(node -p
  // "require('./package.json').packageManager")"`.
  static const std::regex enable(R"((?:^|[\s;&|(])corepack[ \t]+enable((?:[ \t]+[^\s;&|)]+)*))");
  static const std::regex global(R"((?:^|[\s;&|(])npm[ \t]+(?:i|install|add)[ \t].*(?:-g|--global)(?=$|[\s;&|)]))");
  for (std::size_t from = 0; from <= script.size();) {
    std::size_t to = script.find('\n', from);
    if (to == std::string::npos) to = script.size();
    const std::string one = script.substr(from, to - from);
    std::smatch m;
    if (regex_search_bounded(one, m, enable)) {
      std::istringstream args(m[1].str());
      for (std::string word; args >> word;)
        if (word == "npm") return true;
    }
    if (one.find("packageManager") != std::string::npos && regex_search_bounded(one, m, global)) return true;
    from = to + 1;
  }
  return false;
}

// The Node version `devEngines.runtime` of a package.json names (an object,
// or a list of them, each with a `name` and a `version`).
std::optional<Field> node_in_dev_engines(const Files &files, const std::string &manifest) {
  const auto doc = files.is_file(manifest) ? files.parse(manifest) : std::nullopt;
  const DocNode *runtime = doc ? at(at(&*doc, "devEngines"), "runtime") : nullptr;
  if (!runtime) return std::nullopt;
  std::vector<const DocNode *> each;
  if (runtime->is_sequence())
    for (const auto &r : runtime->items) each.push_back(&r);
  else
    each.push_back(runtime);
  for (const DocNode *r : each) {
    const DocNode *v = at(r, "version");
    if (str(at(r, "name")) != "node" || !v || !v->is_scalar()) continue;
    if (auto n = normalize_node_version(v->value)) return Field{*n, {files.display(manifest), v->line}, ""};
  }
  return std::nullopt;
}

// The Node version a version file names, with its line: `.nvmrc` and
// `.node-version` (the first line), `package.json` (volta.node, then with
// `dev_engines` devEngines.runtime's node, then engines.node, as setup-node
// reads them; devEngines since setup-node 6), `.tool-versions` (the first version
// of its `nodejs` or `node` line) and mise's TOML (`node = "24"` under [tools]).
std::optional<Field> node_in_version_file(const Files &files, const std::string &file, bool dev_engines) {
  std::string raw;
  int line = 1;
  if (file.ends_with(".json")) {
    if (auto doc = files.is_file(file) ? files.parse(file) : std::nullopt) {
      const DocNode *v = at(at(&*doc, "volta"), "node");
      if (!v && dev_engines)
        if (auto n = node_in_dev_engines(files, file)) return n;
      if (!v) v = at(at(&*doc, "engines"), "node");
      if (v) raw = str(v), line = v->line;
    }
  } else if (auto text = files.is_file(file) ? files.read(file) : std::nullopt) {
    const bool tool_versions = file.ends_with(".tool-versions"), toml = file.ends_with(".toml");
    static const std::regex asdf(R"(^\s*(?:nodejs|node)\s+(\S+))");
    static const std::regex mise(R"re(^\s*"?node"?\s*=\s*(?:\[\s*)?(?:\{[^}]*version\s*=\s*)?"([^"]+)")re");
    std::istringstream in(*text);
    bool tools = false;
    int n = 0;
    for (std::string l; std::getline(in, l);) {
      ++n;
      std::smatch m;
      if (!tool_versions && !toml) {
        raw = l, line = n;
        break;
      }
      if (toml && l.starts_with("[")) tools = l.starts_with("[tools]");
      if ((tool_versions && regex_search_bounded(l, m, asdf)) || (toml && tools && regex_search_bounded(l, m, mise))) {
        raw = m[1].str(), line = n;
        break;
      }
    }
  }
  auto v = normalize_node_version(raw);
  if (!v) return std::nullopt;
  return Field{*v, {files.display(file), line}, ""};
}

}  // namespace pubplan::detail::scan
