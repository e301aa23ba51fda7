// `pubplan scan`: one or more checkouts of an organisation -> one topology.
#include <algorithm>
#include <bit>
#include <filesystem>

#include <fmt/format.h>

#include "pubplan/catalog.hpp"
#include "scan/scan_model.hpp"
#include "topology/access.hpp"
#include "format/date.hpp"

namespace pubplan {

namespace {

using namespace detail::scan;

// The host kind of a repository identity. github.com, gitlab.com and
// bitbucket.org are themselves; another host is self-managed, and what its
// pipelines' providers can build (the catalog's provider_hosts) says of which
// kind, when that leaves one host that is not a cloud one.
Field host_field(const Repo &r, const std::vector<Pipeline> &pipelines, int repo_id, const detail::Vocabulary &vocabulary) {
  if (r.url.empty())
    return {"", {}, "no remote in .git/config, no repository.url in the root package.json, and none agreed on by its packages"};
  const std::string host = host_of(r.url);
  const auto &hosts = vocabulary.of(detail::Attr::repository_host);
  const auto &providers = vocabulary.of(detail::Attr::pipeline_provider);
  auto bit = [&](const char *h) {
    auto it = std::find(hosts.begin(), hosts.end(), h);
    return it == hosts.end() ? 0u : 1u << (it - hosts.begin());
  };
  // Hosts every pipeline of the repository can build.
  std::uint32_t fit = vocabulary.full(detail::Attr::repository_host).mask;
  for (const auto &p : pipelines) {
    auto it = std::find(providers.begin(), providers.end(), p.provider);
    if (p.repo == repo_id && it != providers.end())
      fit &= vocabulary.hosts_of(static_cast<std::size_t>(it - providers.begin()));
  }
  const std::uint32_t cloud = bit("github") | bit("gitlab") | bit("bitbucket");
  std::uint32_t kind = host == "github.com" ? bit("github") : host == "gitlab.com" ? bit("gitlab")
                       : host == "bitbucket.org" ? bit("bitbucket") : 0;
  if (!kind) kind = std::popcount(fit & ~cloud) == 1 ? fit & ~cloud : bit("other");
  // A CI that cannot build this host means the identity is not the one the CI sees.
  if (!(kind & fit))
    return {"", r.url_where, fmt::format("{} names {}, which its CI cannot build", r.url_where.file, host)};
  return {hosts[static_cast<std::size_t>(std::countr_zero(kind))], r.url_where, ""};
}

std::string unique(std::string name, std::set<std::string> &taken) {
  std::string out = name;
  for (int i = 2; taken.count(out); ++i) out = fmt::format("{}-{}", name, i);
  taken.insert(out);
  return out;
}

}  // namespace

ScanResult scan(const std::vector<std::string> &roots, const ScanOptions &options) {
  return scan(roots, options, Catalog::builtin());
}

ScanResult scan(const std::vector<std::string> &roots, const ScanOptions &options, const Catalog &catalog) {
  ScanResult result;
  if (roots.empty()) throw InputError({{"pubplan scan", 0, 0, "no directory to scan"}});
  const auto day = options.as_of.empty() ? std::optional<detail::Day>(detail::today()) : detail::parse_date(options.as_of);
  if (!day)
    throw InputError({{"pubplan scan", 0, 0, "as_of must be a date written YYYY-MM-DD, not '" + options.as_of + "'"}});
  std::vector<Files> files;
  std::vector<Diagnostic> bad;
  for (const auto &root : roots) {
    files.emplace_back(root, options, result.warnings);
    if (!files.back().ok()) bad.push_back({root, 0, 0, "cannot scan: not a readable directory"});
  }
  if (!bad.empty()) throw InputError(std::move(bad));
  Scan s;
  std::set<std::string> repo_names;
  for (std::size_t i = 0; i < roots.size(); ++i) {
    files[i].progress(fmt::format("scanning {}", files[i].display("")));
    Repo r;
    r.root = files[i].display("");
    r.files = &files[i];  // `files` no longer grows
    scan_git_remote(files[i], r);
    s.repos.push_back(std::move(r));
    scan_workspace(files[i], static_cast<int>(i), s);
    Repo &repo = s.repos[i];
    std::string name = repo.url.empty() ? "" : repo.url.substr(repo.url.find('/') + 1);
    if (name.empty())
      name = std::filesystem::canonical(roots[i]).filename().string();
    repo.name = unique(name, repo_names);
  }
  for (std::size_t i = 0; i < roots.size(); ++i) {
    int id = static_cast<int>(i);
    scan_github(files[i], id, s);
    scan_gitlab(files[i], id, s);
    scan_circleci(files[i], id, s);
    scan_other_ci(files[i], id, s);
    scan_azure(files[i], id, s);
    scan_kokoro(files[i], id, s);
  }
  std::set<std::string> pipeline_names;
  // Several checkouts: a pipeline's name says which repository it belongs to.
  for (auto &p : s.pipelines)
    p.name = unique(roots.size() > 1 ? s.repos[p.repo].name + ":" + p.name : p.name, pipeline_names);
  for (std::size_t i = 0; i < s.repos.size(); ++i) {
    s.repos[i].host = host_field(s.repos[i], s.pipelines, static_cast<int>(i), pubplan::detail::Access::model(catalog).vocabulary);
    for (auto &p : s.pipelines)
      if (p.repo == static_cast<int>(i) && p.provider == "gitlab-ci" && !p.runner.known() &&
          s.repos[i].host.value == "gitlab-self-managed")
        p.runner = {"self-hosted", s.repos[i].host.where, "a self-managed GitLab has no GitLab.com shared runners"};
  }
  resolve_targets(s);
  if (options.registry)
    read_registry(s, options.registry_url.empty() ? user_registry() : options.registry_url,
                  options.registry_timeout_ms, files[0]);
  const detail::CatalogModel rules_in_force = detail::in_force(pubplan::detail::Access::model(catalog), *day);
  judge_oidc(s, rules_in_force);
  find_problems(s, rules_in_force);
  infer_current(s, pubplan::detail::Access::model(catalog));
  result.topology = emit_topology(s, roots, options.whole_org);
  result.findings = s.findings;
  for (std::size_t i = 0; i < roots.size(); ++i)
    files[i].progress(fmt::format("{}: {} package(s), {} publishing pipeline(s)", files[i].display(""),
                                  std::count_if(s.repos[i].packages.begin(), s.repos[i].packages.end(),
                                                [&](int id) { return in_topology(s.packages[id]); }),
                                  std::count_if(s.pipelines.begin(), s.pipelines.end(),
                                                [&](const Pipeline &p) { return p.repo == static_cast<int>(i); })));
  return result;
}

}  // namespace pubplan
