// Problems visible in the repository itself, in the fixed order of their ids.
#include <algorithm>
#include <array>
#include <optional>

#include <fmt/format.h>

#include "explain/evaluate.hpp"
#include "format/version_range.hpp"
#include "scan/scan_model.hpp"
#include "solve/problem.hpp"

namespace pubplan::detail::scan {

namespace {

constexpr std::array<const char *, 13> kOrder{
    "scan.host-mismatch",       "scan.no-id-token",    "scan.leftover-token",      "scan.unread-token",
    "scan.id-token-not-npm",    "scan.repository-mismatch", "scan.npm-too-old",
    "scan.two-publishers",      "scan.private-published",   "scan.publishes-elsewhere",
    "scan.no-publishing",       "scan.publisher-not-found", "scan.registry-unreachable"};

// The catalog's requirements of the strategies that publish with no stored
// credential (trusted publishing), read against what the scan saw: which of
// them certainly fail. The scan copies no rule; it asks the catalog.
class CatalogCheck {
 public:
  explicit CatalogCheck(const CatalogModel &cat) : cat_(cat) {
    for (std::size_t s = 0; s < cat.strategies.size(); ++s)
      if (cat.strategies[s].credential == Credential::none) oidc_.push_back(static_cast<int>(s));
  }

  // The value of a scanned enumeration, or nothing when the catalog lacks it.
  std::optional<Domain> value(Attr a, const std::string &text) const {
    const auto &values = cat_.vocabulary.of(a);
    auto it = std::find(values.begin(), values.end(), text);
    if (text.empty() || it == values.end()) return std::nullopt;
    return Domain{1u << (it - values.begin()), 0, 0};
  }

  // Requirement rules of those strategies that certainly fail on `known`; with
  // `strategy`, only rules of that one.
  std::vector<const Rule *> failing(const std::vector<std::pair<Attr, Domain>> &known, int pipelines,
                                    int strategy = -1) const {
    const Problem pr = problem_of_facts(cat_.vocabulary, pipelines, known);
    const Evaluator ev(cat_, pr);
    std::vector<const Rule *> out;
    for (const Rule &r : cat_.rules) {
      if (!r.enabled || r.kind != RuleKind::requirement) continue;
      for (int s : oidc_) {
        if ((strategy >= 0 && s != strategy) || !std::count(r.strategies.begin(), r.strategies.end(), s)) continue;
        bool fails = false;
        for (int pos = r.for_each_pipeline ? 0 : -1; pos < (r.for_each_pipeline ? pipelines : 0); ++pos)
          fails |= ev.requirement(r, s, pos) == Tri::no;
        if (fails) {
          out.push_back(&r);
          break;
        }
      }
    }
    return out;
  }

  // Whether some strategy without a stored credential may work for a pipeline with these facts.
  bool possible(const std::vector<std::pair<Attr, Domain>> &known) const {
    return std::any_of(oidc_.begin(), oidc_.end(), [&](int s) { return failing(known, 1, s).empty(); });
  }

  // What rule `r` needs of attribute `a` when nothing else but `known` is known:
  // ">= 11.5.1" (empty when it needs nothing of it).
  std::string need(const Rule &r, Attr a, const std::vector<std::pair<Attr, Domain>> &known) const {
    const Problem pr = problem_of_facts(cat_.vocabulary, 1, known);
    const Evaluator ev(cat_, pr);
    const int slot = pr.slot_of(a, 0);
    for (int s : oidc_) {
      if (!std::count(r.strategies.begin(), r.strategies.end(), s)) continue;
      std::vector<Need> needs;
      ev.requirement(r, s, r.for_each_pipeline ? 0 : -1, &needs);
      for (const Need &n : needs)
        if (n.slot == slot) return n.needs;
    }
    return "";
  }

 private:
  const CatalogModel &cat_;
  std::vector<int> oidc_;
};

// The CI providers of a repository's pipelines: "github-actions, circleci".
std::string providers_of(const Scan &s, const Repo &r) {
  std::vector<std::string> out;
  for (const Pipeline &p : s.pipelines)
    if (&s.repos[p.repo] == &r && std::find(out.begin(), out.end(), p.provider) == out.end())
      out.push_back(p.provider);
  return fmt::format("{}", fmt::join(out, ", "));
}

Domain count(std::size_t n) { return Domain{0, static_cast<std::int64_t>(n), static_cast<std::int64_t>(n)}; }

const char *kTpDocs = "docs.npmjs.com/trusted-publishers";

}  // namespace

void judge_oidc(Scan &s, const CatalogModel &cat) {
  const CatalogCheck check(cat);
  for (Pipeline &p : s.pipelines) {
    if (!p.oidc_npm) continue;
    // What the pipeline shows of who exchanges the token: provider, runner, client, npm.
    std::vector<std::pair<Attr, Domain>> known;
    auto add_value = [&](Attr a, const Field &f) {
      if (auto d = f.known() ? check.value(a, f.value) : std::nullopt) known.emplace_back(a, *d);
    };
    auto add_version = [&](Attr a, const Field &f) {
      if (auto v = f.known() ? parse_version_range(f.value) : std::nullopt) known.emplace_back(a, *v);
    };
    if (auto d = check.value(Attr::pipeline_provider, p.provider)) known.emplace_back(Attr::pipeline_provider, *d);
    add_value(Attr::pipeline_runner, p.runner);
    add_value(Attr::pipeline_client, p.client);
    add_version(Attr::pipeline_client_version, p.client_version);
    add_version(Attr::pipeline_npm, p.npm);
    if (check.possible(known)) continue;
    const auto failing = check.failing(known, 1);
    p.oidc_unusable = failing.empty() ? "" : failing.front()->id;
  }
}

void find_problems(Scan &s, const CatalogModel &cat) {
  const CatalogCheck check(cat);
  auto provider_of = [&](const Pipeline &p) {
    std::vector<std::pair<Attr, Domain>> known;
    if (auto d = check.value(Attr::pipeline_provider, p.provider)) known.emplace_back(Attr::pipeline_provider, *d);
    return known;
  };
  auto add = [&](const char *id, const Where &w, std::string message, std::string rule) {
    s.findings.push_back({id, w.file, w.line, std::move(message), std::move(rule)});
  };
  // A remote its own CI cannot build (a GitHub mirror of a GitLab project):
  // the host the CI sees is not the one the remote names, so it stays unknown.
  for (const Repo &r : s.repos)
    if (!r.host.known() && !r.url.empty())
      add("scan.host-mismatch", r.url_where,
          fmt::format("{}: the remote names {}, which the repository's CI ({}) cannot build; its host is "
                      "left unknown (a mirror?), so say which host the CI checks out",
                      r.name, r.url.substr(0, r.url.find('/')), providers_of(s, r)),
          "provider_hosts");
  for (const Pipeline &p : s.pipelines) {
    // Where publishing is handed elsewhere, how it authenticates is there too.
    if (!check.possible(provider_of(p)) || !p.elsewhere.empty()) continue;
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
  // (Where no trusted publishing can work, the token is what publishes.)
  for (const Pipeline &p : s.pipelines)
    if (p.oidc_npm && p.oidc_missing.empty() && p.token && p.oidc_unusable.empty())
      add("scan.leftover-token", p.token_where,
          fmt::format("pipeline {} can publish with trusted publishing (it has an OIDC token for npm) but "
                      "still passes an npm token, which npm falls back to silently when the exchange fails; "
                      "remove the token once its packages have a trusted publisher (until then, or where the "
                      "OIDC token is there only for --provenance, the token is what publishes)",
                      p.name),
          kTpDocs);
  // A secret handed to a step that nothing reads: no credential, but a
  // secret exposed for nothing (and one someone may take for what publishes).
  for (const Pipeline &p : s.pipelines)
    for (const auto &[var, where] : p.unread_tokens)
      add("scan.unread-token", where,
          fmt::format("pipeline {} gives this step {} from a secret, but nothing reads it: npm reads a token only "
                      "through an .npmrc, and neither the step, its publish command nor any file of the "
                      "checkout names {}; it is not counted as the pipeline's npm token, and the secret can "
                      "be removed from the step",
                      p.name, var, var),
          "docs.npmjs.com/cli/configuring-npm/npmrc");
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
    if (!p.oidc_npm || !p.npm.known()) continue;
    const auto npm = parse_version_range(p.npm.value);
    if (!npm) continue;
    auto known = provider_of(p);
    if (auto d = check.value(Attr::pipeline_client, p.client.value)) known.emplace_back(Attr::pipeline_client, *d);
    if (auto v = p.client_version.known() ? parse_version_range(p.client_version.value) : std::nullopt)
      known.emplace_back(Attr::pipeline_client_version, *v);
    auto with_npm = known;
    with_npm.emplace_back(Attr::pipeline_npm, *npm);
    for (const Rule *r : check.failing(with_npm, 1)) {
      if (!r->reads(Attr::pipeline_npm)) continue;
      std::string min = check.need(*r, Attr::pipeline_npm, known);
      if (min.starts_with(">= ")) min = min.substr(3);
      // The newest release of the minimum's major line meets it; npm@latest
      // (npm 12) would not run on the Node many pipelines have.
      const std::string major = min.substr(0, min.find('.'));
      add("scan.npm-too-old", p.npm.where,
          fmt::format("pipeline {} publishes with npm {} ({}), older than {}, the minimum "
                      "for trusted publishing on {}; add `npm install -g npm@{}` before publishing "
                      "({}npm 12 needs Node ^22.22.2, ^24.15.0 or >= 26)",
                      p.name, p.npm.value, p.npm.why.empty() ? "set here" : p.npm.why, min, p.provider, major,
                      major == "12" ? "" : "not npm@latest: "),
          r->id);
    }
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
      const std::vector<std::pair<Attr, Domain>> known{{Attr::package_publishers, count(identities.size())},
                                                       {Attr::package_pipelines, count(names.size())}};
      for (const Rule *r : check.failing(known, static_cast<int>(names.size())))
        if (r->reads(Attr::package_publishers))
          add("scan.two-publishers", pkg.where,
              fmt::format("{} is published by {} distinct publishers ({}); {}", pkg.name, identities.size(), list,
                          r->statement),
              r->id);
    }
  }
  for (const Package &pkg : s.packages)
    if (pkg.is_private && !pkg.targeted_by.empty())
      add("scan.private-published", pkg.private_where,
          fmt::format("{} is \"private\": true, yet pipeline {} publishes it; npm refuses that unless "
                      "the publisher writes the real manifest (a generated package.json)",
                      pkg.name, s.pipelines[*pkg.targeted_by.begin()].name),
          "package.json private");
  for (const Pipeline &p : s.pipelines)
    if (!p.elsewhere.empty())
      add("scan.publishes-elsewhere", p.publishes.front().where,
          fmt::format("pipeline {} hands publishing to {}: its runner, Node, npm, client and which packages it "
                      "publishes are set there, so they are unknown here (it is taken to publish every package "
                      "of the repository)",
                      p.name, p.elsewhere),
          "");
  for (const Repo &r : s.repos) {
    bool any = std::any_of(s.pipelines.begin(), s.pipelines.end(),
                           [&](const Pipeline &p) { return &s.repos[p.repo] == &r; });
    if (!any) {
      // The rule that a package without a pipeline breaks, if the catalog has one.
      std::string rule;
      for (const Rule *failed : check.failing({{Attr::package_pipelines, count(0)}}, 0))
        if (rule.empty() && failed->reads(Attr::package_pipelines)) rule = failed->id;
      // Jobs that looked like publishing are named by scan.publisher-not-found.
      const bool candidates = std::any_of(s.candidates.begin(), s.candidates.end(),
                                          [&](const Candidate &c) { return &s.repos[c.repo] == &r; });
      s.findings.push_back({"scan.no-publishing", r.root, 0,
                            fmt::format("no publishing pipeline found in {} ({} package(s)): no CI job "
                                        "runs a publish command the scan can follow{}",
                                        r.root,
                                        std::count_if(r.packages.begin(), r.packages.end(),
                                                      [&](int id) { return in_topology(s.packages[id]); }),
                                        candidates ? " (scan.publisher-not-found names the jobs that look like "
                                                     "publishing)"
                                                   : ""),
                            rule});
    }
  }
  for (std::size_t ri = 0; ri < s.repos.size(); ++ri) {
    // Packages nobody was seen publishing: unknown publishers (emit.cpp),
    // with the jobs that looked like publishing and why each was not read so.
    std::vector<const Package *> unknown;
    for (int id : s.repos[ri].packages)
      if (s.packages[id].publishable() && s.packages[id].published_by.empty()) unknown.push_back(&s.packages[id]);
    if (unknown.empty()) continue;
    std::string names;
    for (std::size_t i = 0; i < unknown.size() && i < 3; ++i) names += (i ? ", " : "") + unknown[i]->name;
    if (unknown.size() > 3) names += fmt::format(" and {} more", unknown.size() - 3);
    std::string seen;
    Where where = unknown.front()->where;
    int strongest = -1;
    for (const Candidate &c : s.candidates) {
      if (c.repo != static_cast<int>(ri)) continue;
      if (c.weight > strongest) where = c.where, strongest = c.weight;
      std::string evidence, why;
      for (const auto &e : c.evidence) evidence += (evidence.empty() ? "" : ", ") + e;
      for (const auto &u : c.unfollowed) why += (why.empty() ? "" : "; ") + u;
      seen += fmt::format("{}job {} ({}){}{}: {}", seen.empty() ? "" : "; ", c.job, c.where.text(),
                          evidence.empty() ? "" : " has ", evidence,
                          why.empty() ? "no step runs a publish command the scan recognises" : why);
    }
    // The repository's publishing jobs that reach other packages, named so
    // that "none looks like publishing" is never said beside one.
    std::string publishing;
    for (const Pipeline &p : s.pipelines)
      if (p.repo == static_cast<int>(ri) && !p.packages.empty()) publishing += (publishing.empty() ? "" : ", ") + p.name;
    const std::string none_seen =
        publishing.empty() ? "no CI job looks like publishing; a person may publish, or CI the checkout does not hold"
                           : fmt::format("the publishing jobs found ({}) do not reach them, and no other CI job looks "
                                         "like publishing; a person may publish, or CI the checkout does not hold",
                                         publishing);
    add("scan.publisher-not-found", where,
        fmt::format("no job found that publishes {} package(s) ({}), so who publishes them is unknown "
                    "(published_by: unknown){}{}",
                    unknown.size(), names, seen.empty() ? ": " : "; candidates: ", seen.empty() ? none_seen : seen),
        "");
  }
  std::stable_sort(s.findings.begin(), s.findings.end(), [](const Finding &a, const Finding &b) {
    auto rank = [](const std::string &id) { return std::find(kOrder.begin(), kOrder.end(), id) - kOrder.begin(); };
    return rank(a.id) < rank(b.id);
  });
}

}  // namespace pubplan::detail::scan
