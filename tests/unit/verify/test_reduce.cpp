// reduce_topology: the smallest topology that still shows a property, for bug
// reports. The properties here are ordinary solver answers, so that the test
// needs no bug to reduce.
#include <catch2/catch.hpp>

#include "helpers.hpp"

namespace {

// Four packages in two repositories; only @acme/nightly is published from a
// self-hosted runner.
const char *kTopology = R"(version: 1
policy: {provenance: preferred}
npm:
  orgs: [{name: acme, paid: true}]
repositories:
  - {name: acme/web, host: github, visibility: public}
  - {name: acme/tools, host: gitlab, visibility: private}
pipelines:
  - {name: release, repository: acme/web, provider: github-actions, runner: hosted, file: release.yml,
     node: 22.14.0, npm: 11.5.1, unattended: true}
  - {name: nightly, repository: acme/web, provider: github-actions, runner: self-hosted, file: nightly.yml,
     node: 22.14.0, npm: 11.5.1, unattended: true}
  - {name: tools, repository: acme/tools, provider: gitlab-ci, runner: hosted, node: 20.11.0, unattended: true}
packages:
  - {name: "@acme/ui", repository: acme/web, access: public, published_by: [release]}
  - {name: "@acme/nightly", repository: acme/web, access: public, published_by: [nightly], depends_on: ["@acme/ui"]}
  - {name: "@acme/cli", repository: acme/tools, access: private, published_by: [tools], depends_on: ["@acme/nightly"]}
  - {name: "@acme/docs", repository: acme/web, access: public, published_by: [release, nightly]}
)";

const pubplan::Planner &planner() {
  static const pubplan::Planner p = test::planner();
  return p;
}

// Whether trusted publishing is infeasible for `package` because of `fact`.
auto tp_infeasible_because(const std::string &package, const std::string &fact) {
  return [package, fact](const pubplan::Topology &t) {
    const auto r = planner().solve(t);
    const auto *p = r.package(package);
    if (!p) return false;
    const auto *tp = p->strategy(pubplan::kTrustedPublishing);
    return tp->status == pubplan::Status::infeasible && test::has(test::ids(tp->because), fact);
  };
}

}  // namespace

TEST_CASE("reduce_topology keeps only what shows the property", "[reduce]") {
  const auto topology = pubplan::Topology::load_string(kTopology, "t.yaml");
  const auto shows = tp_infeasible_because("@acme/nightly", "pipelines[nightly].runner");
  REQUIRE(shows(topology));
  const auto smallest = pubplan::reduce_topology(topology, shows);
  CHECK(shows(smallest));
  CHECK(smallest.package_count() == 1);
  CHECK(smallest.pipeline_count() == 1);
  CHECK(smallest.repository_count() == 1);
  // The self-hosted runner of a provider that has trusted publishing is the
  // reason; every other stated fact is gone (a fact left out of the format is
  // unknown, written null), the dependency on @acme/ui with @acme/ui.
  CHECK(smallest.to_normalized_json() == R"({
  "version": 1,
  "repositories": [
    {
      "name": "acme/web",
      "host": null,
      "visibility": null
    }
  ],
  "pipelines": [
    {
      "name": "nightly",
      "repository": "acme/web",
      "provider": "github-actions",
      "runner": "self-hosted",
      "node": null,
      "npm": null,
      "unattended": null
    }
  ],
  "packages": [
    {
      "name": "@acme/nightly",
      "access": null,
      "repository": "acme/web",
      "published_by": [
        "nightly"
      ]
    }
  ]
}
)");
}

TEST_CASE("reduce_topology keeps a package's dependencies when they are the point", "[reduce]") {
  const auto topology = pubplan::Topology::load_string(kTopology, "t.yaml");
  // @acme/cli depends on @acme/nightly: the deletion of @acme/nightly must take
  // the reference with it, and is refused since the property needs the dependency.
  const auto shows = [](const pubplan::Topology &t) {
    const auto r = planner().solve(t);
    const auto *p = r.package("@acme/cli");
    return p && p->strategy(pubplan::kGranularToken) != nullptr &&
           t.to_normalized_json().find("\"@acme/nightly\"\n") != std::string::npos;
  };
  REQUIRE(shows(topology));
  const auto smallest = pubplan::reduce_topology(topology, shows);
  CHECK(shows(smallest));
  CHECK(smallest.package_count() == 2);
  CHECK(smallest.to_normalized_json().find("\"depends_on\"") != std::string::npos);
}

TEST_CASE("reduce_topology returns the topology when it does not show the property", "[reduce]") {
  const auto topology = pubplan::Topology::load_string(kTopology, "t.yaml");
  int calls = 0;
  const auto smallest = pubplan::reduce_topology(topology, [&](const pubplan::Topology &) { return ++calls, false; });
  CHECK(calls == 1);
  CHECK(smallest.to_normalized_json() == topology.to_normalized_json());
}

TEST_CASE("verify_and_reduce: what --verify reports, agreeing and disagreeing", "[reduce][verify]") {
  const pubplan::Planner planner = test::planner();
  const auto topology = pubplan::Topology::load_file(PUBPLAN_SOURCE_DIR "/examples/acme.yaml");
  const pubplan::Result result = planner.solve(topology);
  const auto agree = pubplan::verify_and_reduce(planner, topology, result);
  CHECK(agree.disagreements.empty());
  CHECK_FALSE(agree.smallest);

  // A result made wrong on purpose: every feasible status reported conditional.
  pubplan::Result wrong = result;
  for (auto &p : wrong.packages)
    for (auto &s : p.strategies)
      if (s.status == pubplan::Status::feasible) s.status = pubplan::Status::conditional;
  const auto report = pubplan::verify_and_reduce(planner, topology, wrong);
  REQUIRE_FALSE(report.disagreements.empty());
  CHECK(report.disagreements.front().to_string().rfind(
            "@acme/ui [trusted-publishing]: status: reported conditional, the checker finds feasible", 0) == 0);
  REQUIRE(report.smallest);
  // A fresh solve of any part agrees with the checker, so no part shows the
  // corrupted status: the report's topology is the whole one.
  CHECK(report.smallest->package_count() == topology.package_count());

  const auto one = pubplan::verify_and_reduce(planner, topology, wrong, "@acme/tokens");
  REQUIRE_FALSE(one.disagreements.empty());
  for (const auto &d : one.disagreements) CHECK(d.package == "@acme/tokens");
}
