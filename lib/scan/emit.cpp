// Writing the scan as topology v1 YAML: every fact with its origin (the
// `origins` map; a comment says why a fact is unknown or how it was derived).
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "scan/scan_model.hpp"

namespace pubplan::detail::scan {

namespace {

// A YAML scalar: plain when that reads back as the same string, else double-quoted.
std::string q(const std::string &s) {
  static const char *const kWords[] = {"true", "false", "null", "unknown", "yes", "no", "on", "off", "~"};
  bool plain = !s.empty();
  for (const char *w : kWords) plain &= s != w;
  for (std::size_t i = 0; plain && i < s.size(); ++i) {
    char c = s[i];
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '/' || c == '.';
    if (!ok || (i == 0 && (c == '-' || c == '.'))) plain = false;
  }
  // Numbers and versions such as 22 or 22.14 must stay strings.
  if (plain && s.find_first_not_of("0123456789.") == std::string::npos) plain = false;
  if (plain) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') { out += "\\n"; continue; }
    out += c;
  }
  return out + "\"";
}

std::string comment(const std::string &why) { return why.empty() ? "" : "  # " + why; }

// Whether the job can request an OIDC token for npm, and where that shows;
// nullopt where the scan cannot tell. GitHub: `id-token: write` in every
// workflow of the call (any audience: npm asks for its own); GitLab: `id_tokens`
// for npm's audience; CircleCI: only a seen `circleci run oidc get` counts.
std::optional<std::pair<bool, Where>> id_token(const Pipeline &p) {
  if (p.provider == "github-actions") {
    if (p.oidc_declared && p.oidc_missing.empty()) return std::pair{true, p.oidc_where};
    return std::pair{false, p.oidc_missing.empty() ? p.where : p.oidc_missing.front()};
  }
  if (p.provider == "gitlab-ci") return std::pair{p.oidc_npm, p.oidc_npm ? p.oidc_where : p.where};
  if (p.provider == "circleci" && p.oidc_npm) return std::pair{true, p.oidc_where};
  return std::nullopt;
}

struct Writer {
  std::string out;
  std::vector<std::pair<std::string, std::string>> origins;  // of the entity being written

  void fact(const char *key, const Field &f, const char *indent = "    ") {
    if (f.known()) {
      // Booleans (unattended) are written plain; every other value is a string.
      const bool boolean = f.value == "true" || f.value == "false";
      out += fmt::format("{}{}: {}{}\n", indent, key, boolean ? f.value : q(f.value), comment(f.why));
    } else {
      out += fmt::format("{}{}: unknown{}\n", indent, key, comment(f.why));
    }
    if (!f.where.file.empty() && f.where.line > 0) origins.push_back({key, f.where.text()});
  }
  void origin(const char *key, const Where &w) {
    if (!w.file.empty() && w.line > 0) origins.push_back({key, w.text()});
  }
  void flush_origins() {
    if (origins.empty()) return;
    out += "    origins:\n";
    for (const auto &[k, v] : origins) out += fmt::format("      {}: {}\n", k, q(v));
    origins.clear();
  }
};

}  // namespace

std::string emit_topology(const Scan &s, const std::vector<std::string> &roots, bool whole_org) {
  Writer w;
  std::string list;
  for (const auto &r : roots) list += (list.empty() ? "" : ", ") + r;
  w.out += fmt::format(
      "# Written by `pubplan scan {}`. Each fact's source is in `origins`;\n"
      "# `unknown` marks what a checkout cannot show (the comment says why).\n"
      "version: 1\n",
      list);
  if (!whole_org)
    w.out += "npm:\n  complete: false  # the checkouts scanned may not hold every package of the organisation "
             "(scan --whole-org says they do)\n";
  w.out += s.repos.empty() ? "repositories: []\n" : "repositories:\n";
  for (const Repo &r : s.repos) {
    w.out += fmt::format("  - name: {}\n", q(r.name));
    w.origin("name", r.url_where);
    w.fact("host", r.host);
    w.fact("visibility", {"", {}, "public or private is a setting of the host, not in the checkout"});
    w.flush_origins();
  }
  w.out += s.pipelines.empty() ? "pipelines: []\n" : "pipelines:\n";
  for (const Pipeline &p : s.pipelines) {
    w.out += fmt::format("  - name: {}\n", q(p.name));
    w.origin("name", p.where);
    w.out += fmt::format("    repository: {}\n", q(s.repos[p.repo].name));
    w.out += fmt::format("    provider: {}\n", p.provider);
    w.origin("provider", p.where);
    w.out += fmt::format("    file: {}\n", q(p.file));
    w.origin("file", p.where);
    if (p.environment.known()) {
      w.out += fmt::format("    environment: {}\n", q(p.environment.value));
      w.origin("environment", p.environment.where);
    }
    w.fact("runner", p.runner);
    w.fact("node", p.node);
    w.fact("npm", p.npm);
    w.fact("unattended", p.unattended);
    if (const auto oidc = id_token(p)) {
      w.out += fmt::format("    id_token: {}\n", oidc->first ? "true" : "false");
      w.origin("id_token", oidc->second);
    }
    if (p.client.value == "npm") {
      w.out += "    client: { name: npm }\n";
    } else if (!p.client.known()) {
      w.out += fmt::format("    client: {{ name: unknown, version: unknown }}{}\n", comment(p.client.why));
    } else {
      std::string version = p.client_version.known() ? q(p.client_version.value) : "unknown";
      w.out += fmt::format("    client: {{ name: {}, version: {} }}{}\n", p.client.value, version,
                           comment(p.client_version.known() ? p.client_version.why : p.client_version.why));
    }
    w.origin("client", p.client.where);
    w.flush_origins();
  }
  w.out += s.packages.empty() ? "packages: []\n" : "packages:\n";
  std::size_t written = 0;
  for (const Package &pkg : s.packages) {
    if (!in_topology(pkg)) continue;  // never published: not part of the topology
    ++written;
    const Repo *repo = nullptr;
    for (const Repo &r : s.repos)
      for (int id : r.packages)
        if (&s.packages[id] == &pkg) repo = &r;
    w.out += fmt::format("  - name: {}\n", q(pkg.name));
    w.origin("name", pkg.where);
    w.out += fmt::format("    repository: {}\n", q(repo->name));
    w.fact("access", pkg.access);
    w.fact("exists", pkg.exists.known() || !pkg.exists.why.empty()
                         ? pkg.exists
                         : Field{"", {}, "whether it is on the registry yet is not in the checkout (scan --registry reads it)"});
    w.fact("tokens_allowed", {"", {}, "a package setting on npmjs.com, not in the checkout"});
    w.fact("trusted_publisher", {"", {}, "a package setting on npmjs.com, not in the checkout"});
    std::string pubs;
    for (int id : pkg.published_by) pubs += (pubs.empty() ? "" : ", ") + q(s.pipelines[id].name);
    if (pkg.published_by.empty())  // never "a person publishes" for want of evidence
      w.out += "    published_by: unknown  # no job found that publishes it: see scan.publisher-not-found\n";
    else
      w.out += fmt::format("    published_by: [{}]\n", pubs);
    if (!pkg.published_by.empty())
      w.origin("published_by", pkg.published_where.file.empty() ? s.pipelines[pkg.published_by[0]].where
                                                                : pkg.published_where);
    w.fact("current", pkg.published_by.empty() ? Field{"", {}, "no job found that publishes it"} : pkg.current);
    std::string deps;
    for (const auto &d : pkg.deps)
      for (const Package &other : s.packages)
        if (other.name == d && &other != &pkg && in_topology(other) &&
            deps.find(q(d)) == std::string::npos)
          deps += (deps.empty() ? "" : ", ") + q(d);
    if (!deps.empty()) w.out += fmt::format("    depends_on: [{}]\n", deps);
    w.flush_origins();
  }
  if (written == 0 && !s.packages.empty()) {
    // None published: say why instead of an empty list with no reason.
    w.out.replace(w.out.rfind("packages:\n"), 10,
                  "packages: []  # no package.json found is one npm publishes (\"private\": true, no version, an "
                  "example, or publishConfig.registry of another registry)\n");
  }
  if (s.findings.empty()) {
    w.out += "findings: []\n";
  } else {
    w.out += "findings:\n";
    for (const Finding &f : s.findings) {
      w.out += fmt::format("  - id: {}\n    file: {}\n    line: {}\n    message: {}\n", f.id, q(f.file),
                           f.line, q(f.message));
      w.out += f.rule.empty() ? "    rule: null\n" : fmt::format("    rule: {}\n", q(f.rule));
    }
  }
  return w.out;
}

}  // namespace pubplan::detail::scan
