// Random small topologies for property tests: every fact drawn from its values
// or left unknown, deterministic from the generator's seed.
#pragma once
#include <random>
#include <string>
#include <vector>

namespace test {

inline std::string pick(std::mt19937 &rng, std::vector<std::string> v) {
  return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)];
}

// A random small topology: every fact drawn from its values or left unknown;
// two repositories, three pipelines and `packages` packages.
inline std::string random_topology(std::mt19937 &rng, int packages = 3) {
  std::string y = "version: 1\n";
  y += "policy:\n  provenance: " + pick(rng, {"required", "preferred", "off"}) +
       "\n  bypass_2fa_tokens: " + pick(rng, {"allowed", "forbidden"}) + "\n";
  y += "npm:\n  orgs: [{name: acme, paid: " + pick(rng, {"true", "false", "unknown"}) + "}]\n";
  y += "repositories:\n";
  for (int r = 0; r < 2; ++r)
    y += "  - {name: r" + std::to_string(r) + ", host: " + pick(rng, {"github", "gitlab", "github-enterprise-server", "other"}) +
         ", visibility: " + pick(rng, {"public", "private", "unknown"}) + "}\n";
  y += "pipelines:\n";
  for (int p = 0; p < 3; ++p) {
    // A provider that fits both hosts a repository may have.
    std::string repo = "r" + std::to_string(p % 2);
    bool gl = y.find("name: " + repo + ", host: gitlab") != std::string::npos;
    bool gh = y.find("name: " + repo + ", host: github") != std::string::npos;
    std::string provider = gl ? pick(rng, {"gitlab-ci", "circleci", "jenkins"})
                         : gh ? pick(rng, {"github-actions", "circleci", "azure-pipelines"})
                              : pick(rng, {"circleci", "jenkins", "buildkite"});
    y += "  - {name: p" + std::to_string(p) + ", repository: " + repo + ", provider: " + provider +
         ", runner: " + pick(rng, {"hosted", "self-hosted", "unknown"}) +
         ", file: " + pick(rng, {"a.yml", "b.yml"}) +
         ", node: " + pick(rng, {"20.11.0", "22.14.0", "22", "24", "unknown"}) +
         ", npm: " + pick(rng, {"10.9.0", "11.5.1", "11.12.0", "^11.6.0", "11.15.0", "12.1.0", "unknown"}) +
         ", unattended: " + pick(rng, {"true", "false", "unknown"}) +
         pick(rng, {"", "", ", client: {name: pnpm, version: 11.3.0}", ", client: {name: pnpm, version: 10.4.0}",
                    ", client: {name: bun}", ", client: {name: yarn, version: 4.10.0}"}) + "}\n";
  }
  y += "packages:\n";
  for (int k = 0; k < packages; ++k) {
    std::string pubs = pick(rng, {"[]", "[p0]", "[p1]", "[p0, p1]", "[p2]", "[p0, p2]", "unknown"});
    y += "  - {name: \"@acme/k" + std::to_string(k) + "\", repository: r" + std::to_string(k % 2) +
         ", access: " + pick(rng, {"public", "private", "unknown"}) +
         ", exists: " + pick(rng, {"true", "false"}) +
         ", tokens_allowed: " + pick(rng, {"true", "false", "unknown"}) +
         ", trusted_publisher: " + pick(rng, {"none", "publish", "stage", "both", "unknown"}) +
         ", published_by: " + pubs + "}\n";
  }
  return y;
}

}  // namespace test
