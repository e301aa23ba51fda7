// Problems visible in the repository itself, in the fixed order of their ids.
#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "scan/scan_model.hpp"

namespace pubplan::detail::scan {

namespace {

constexpr std::array<const char *, 8> kOrder{
    "scan.no-id-token",         "scan.leftover-token", "scan.id-token-not-npm",
    "scan.repository-mismatch", "scan.npm-too-old",    "scan.two-publishers",
    "scan.private-published",   "scan.no-publishing"};

bool tp_capable(const std::string &provider) {
  return provider == "github-actions" || provider == "gitlab-ci" || provider == "circleci";
}

const char *kTpDocs = "docs.npmjs.com/trusted-publishers";

}  // namespace

void find_problems(Scan &s) {
  auto add = [&](const char *id, const Where &w, std::string message, std::string rule) {
    s.findings.push_back({id, w.file, w.line, std::move(message), std::move(rule)});
  };
  for (const Pipeline &p : s.pipelines) {
    if (!tp_capable(p.provider)) continue;
    // 1. Meant for trusted publishing, without the OIDC token it needs.
    if (p.oidc_declared && p.oidc_npm) {
      for (const Where &w : p.oidc_missing)
        add("scan.no-id-token", w,
            fmt::format("pipeline {}: this workflow lacks `id-token: write` while the other side of the "
                        "reusable-workflow call has it; trusted publishing needs it in both",
                        p.name),
            kTpDocs);
    } else if (!p.oidc_declared && !p.token && s.repos[p.repo].npmrc_token.line == 0) {
      const char *what = p.provider == "github-actions" ? "`permissions: id-token: write`"
                         : p.provider == "gitlab-ci"    ? "`id_tokens` with aud npm:registry.npmjs.org"
                                                        : "`circleci run oidc get` for npm";
      add("scan.no-id-token", p.oidc_missing.empty() ? p.where : p.oidc_missing.front(),
          fmt::format("pipeline {} publishes with no npm token, so only trusted publishing can "
                      "authenticate it, but it has no {}",
                      p.name, what),
          kTpDocs);
    }
  }
  for (const Pipeline &p : s.pipelines)
    if (p.oidc_npm && p.token)
      add("scan.leftover-token", p.token_where,
          fmt::format("pipeline {} is set up for trusted publishing but still passes an npm token; "
                      "the client falls back to it silently, so remove it",
                      p.name),
          kTpDocs);
  for (const Pipeline &p : s.pipelines)
    if (p.oidc_other)
      add("scan.id-token-not-npm", p.oidc_other_where,
          fmt::format("pipeline {}: the OIDC token serves {}, so it is no evidence of trusted publishing",
                      p.name, p.oidc_other_what),
          kTpDocs);
  for (const Package &pkg : s.packages) {
    if (pkg.published_by.empty() || pkg.repository_url.empty()) continue;
    bool github = std::any_of(pkg.published_by.begin(), pkg.published_by.end(),
                              [&](int id) { return s.pipelines[id].provider == "github-actions"; });
    const Repo &repo = s.repos[s.pipelines[pkg.published_by[0]].repo];
    std::string id = url_identity(pkg.repository_url);
    if (github && !repo.url.empty() && id != repo.url)
      add("scan.repository-mismatch", pkg.repository_where,
          fmt::format("{}: repository.url names {} but the package is published from {} ({}); "
                      "trusted publishing from GitHub needs an exact match",
                      pkg.name, id.empty() ? pkg.repository_url : id, repo.url, repo.url_where.text()),
          kTpDocs);
  }
  for (const Pipeline &p : s.pipelines) {
    if (!p.oidc_npm || !p.npm.known() || p.client.value == "yarn") continue;
    const char *min = p.provider == "circleci" ? "11.11.0" : "11.5.1";
    if (certainly_below(p.npm.value, min))
      add("scan.npm-too-old", p.npm.where,
          fmt::format("pipeline {} publishes with npm {} ({}), older than {}, the trusted-publishing "
                      "minimum on {}; add `npm install -g npm@latest` before publishing",
                      p.name, p.npm.value, p.npm.why.empty() ? "set here" : p.npm.why, min, p.provider),
          "tp.npm-version");
  }
  for (const Package &pkg : s.packages) {
    std::vector<std::string> identities, names;
    for (int id : pkg.published_by) {
      const Pipeline &p = s.pipelines[id];
      std::string ident = p.provider + "\x1f" + p.file + "\x1f" + p.environment.value;
      if (std::find(identities.begin(), identities.end(), ident) == identities.end()) identities.push_back(ident);
      names.push_back(p.name);
    }
    if (identities.size() > 1) {
      std::string list;
      for (const auto &n : names) list += (list.empty() ? "" : ", ") + n;
      add("scan.two-publishers", pkg.where,
          fmt::format("{} is published by {} distinct publishers ({}); npm accepts one trusted "
                      "publisher per package",
                      pkg.name, identities.size(), list),
          "tp.one-publisher");
    }
  }
  for (const Package &pkg : s.packages)
    if (pkg.is_private && !pkg.targeted_by.empty())
      add("scan.private-published", pkg.private_where,
          fmt::format("{} is \"private\": true, yet pipeline {} publishes it; npm refuses that unless "
                      "the publisher writes the real manifest (a generated package.json)",
                      pkg.name, s.pipelines[*pkg.targeted_by.begin()].name),
          "package.json private");
  for (const Repo &r : s.repos) {
    bool any = std::any_of(s.pipelines.begin(), s.pipelines.end(),
                           [&](const Pipeline &p) { return &s.repos[p.repo] == &r; });
    if (!any)
      s.findings.push_back({"scan.no-publishing", r.root, 0,
                            fmt::format("no publishing pipeline found in {} ({} package(s)): no CI job "
                                        "runs a publish command",
                                        r.root, r.packages.size()),
                            "tp.needs-ci"});
  }
  std::stable_sort(s.findings.begin(), s.findings.end(), [](const Finding &a, const Finding &b) {
    auto rank = [](const std::string &id) { return std::find(kOrder.begin(), kOrder.end(), id) - kOrder.begin(); };
    return rank(a.id) < rank(b.id);
  });
}

}  // namespace pubplan::detail::scan
