// The keys topology v1 gained for scanned topologies: a pipeline's `client`,
// `origins` on repositories, pipelines and packages, and top-level `findings`.
#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "topology/loader.hpp"
#include "topology/access.hpp"

using pubplan::Status;
using pubplan::Topology;
using pubplan::TopologyError;

namespace {

using test::errors_of;

const pubplan::StrategyResult &tp(const pubplan::Result &r) {
  return *r.packages.at(0).strategy("trusted-publishing");
}

// A GitHub-hosted pipeline that would fit trusted publishing but for its npm (10.9.0).
std::string with_client(const std::string &client) {
  return test::one_package("    provider: github-actions\n    runner: hosted\n    node: 22.14.0\n"
                           "    npm: 10.9.0\n    unattended: true\n" + client,
                           "    access: public\n", "host: github\n    visibility: public");
}

}  // namespace

TEST_CASE("client: absent means npm, a fixed fact never cited in reasons", "[loader][client]") {
  auto t = Topology::load_string(with_client(""), "t.yaml");
  const auto &p = pubplan::detail::Access::model(t).pipelines[0];
  CHECK(p.client.domain.mask == 1u);  // npm only
  CHECK_FALSE(p.client.stated);       // so not a member of reason sets
  auto r = test::solve(with_client(""));
  REQUIRE(tp(r).status == Status::infeasible);
  auto ids = test::ids(tp(r).because);
  CHECK(test::has(ids, "tp.npm-version"));
  CHECK(test::has(ids, "pipelines[release].npm"));
  CHECK_FALSE(test::has(ids, "pipelines[release].client.name"));
}

TEST_CASE("client: Yarn Berry 4.10 publishes with OIDC whatever the npm CLI's version", "[loader][client]") {
  auto r = test::solve(with_client("    client: { name: yarn, version: 4.10.3 }\n"));
  CHECK(tp(r).status == Status::feasible);
}

TEST_CASE("client: Yarn classic has no trusted publishing", "[loader][client]") {
  auto r = test::solve(with_client("    client: { name: yarn, version: 1.22.22 }\n"));
  REQUIRE(tp(r).status == Status::infeasible);
  auto ids = test::ids(tp(r).because);
  CHECK(test::has(ids, "tp.yarn-version"));
  CHECK(test::has(ids, "pipelines[release].client.version"));
}

TEST_CASE("client: Yarn Berry before 4.10.0 has none either", "[loader][client]") {
  auto r = test::solve(with_client("    client: { name: yarn, version: 4.9.2 }\n"));
  REQUIRE(tp(r).status == Status::infeasible);
  CHECK(test::has(test::ids(tp(r).because), "tp.yarn-version"));
}

TEST_CASE("client: Yarn of unknown version makes trusted publishing conditional", "[loader][client]") {
  auto r = test::solve(with_client("    client: { name: yarn, version: unknown }\n"));
  REQUIRE(tp(r).status == Status::conditional);
  REQUIRE(tp(r).assuming.size() == 1);
  CHECK(tp(r).assuming[0].fact == "pipelines[release].client.version");
  CHECK(tp(r).assuming[0].needs == ">= 4.10.0");
}

TEST_CASE("client: pnpm 10 still needs the npm CLI's minimum, and says why", "[loader][client]") {
  auto r = test::solve(with_client("    client: { name: pnpm, version: 10.4.0 }\n"));
  CHECK(tp(r).status == Status::infeasible);
  CHECK(test::has(test::ids(tp(r).because), "tp.npm-version"));
  auto ok = test::solve(test::one_package(
      "    provider: github-actions\n    runner: hosted\n    node: 22.14.0\n    npm: 11.6.0\n"
      "    unattended: true\n    client: { name: pnpm, version: 10.4.0 }\n",
      "    access: public\n", "host: github\n    visibility: public"));
  REQUIRE(ok.packages[0].recommended == std::optional<std::string>("trusted-publishing"));
  bool warned = false;
  for (const auto &w : ok.packages[0].warnings) warned |= w.rule == "tp.pnpm-uses-npm";
  CHECK(warned);
}

TEST_CASE("client: malformed values are errors with positions", "[loader][client]") {
  auto ds = errors_of(with_client("    client: { name: npmx }\n"));
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].message.find("client.name must be one of npm | pnpm | yarn | bun | other") == 0);
  CHECK(ds[0].line == 15);
  auto ds2 = errors_of(with_client("    client: { version: 4.10.0 }\n"));
  REQUIRE(ds2.size() == 1);
  CHECK(ds2[0].message.find("missing required key 'name'") != std::string::npos);
  auto ds3 = errors_of(with_client("    client: { name: yarn, versoin: 4 }\n"));
  REQUIRE(ds3.size() == 1);
  CHECK(ds3[0].message == "unknown key 'versoin' in client; did you mean 'version'?");
}

TEST_CASE("origins: a scanned fact's FILE:LINE replaces the topology's line in reasons", "[loader][origins]") {
  std::string yaml = with_client("    origins:\n      npm: \".github/workflows/release.yml:21\"\n"
                                 "      name: \".github/workflows/release.yml:9\"\n");
  auto r = test::solve(yaml);
  REQUIRE(tp(r).status == Status::infeasible);
  bool found = false;
  for (const auto &m : tp(r).because)
    if (m.fact == "pipelines[release].npm") {
      found = true;
      CHECK(m.origin == ".github/workflows/release.yml:21");
    }
  CHECK(found);
  // Facts without an origins entry keep the topology's own line.
  auto plain = test::solve(with_client(""));
  for (const auto &m : tp(plain).because)
    if (m.fact == "pipelines[release].npm") CHECK(m.origin == "t.yaml:13");
}

TEST_CASE("origins: a package's name origin is the package's origin", "[loader][origins]") {
  auto r = test::solve(test::one_package(test::kGood, "    origins: { name: \"packages/ui/package.json:2\" }\n"));
  CHECK(r.packages[0].origin == "packages/ui/package.json:2");
}

TEST_CASE("origins: malformed maps are rejected with positions", "[loader][origins]") {
  auto ds = errors_of(test::one_package(test::kGood, "    origins: { nmae: \"a:1\" }\n"));
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].message == "unknown key 'nmae' in origins; did you mean 'name'?");
  CHECK(ds[0].line == 19);
  auto ds2 = errors_of(test::one_package(test::kGood, "    origins: { name: \"package.json\" }\n"));
  REQUIRE(ds2.size() == 1);
  CHECK(ds2[0].message.find("origins.name must be \"FILE:LINE\"") == 0);
  CHECK(ds2[0].column > 5);
  auto ds3 = errors_of(test::one_package(test::kGood, "    origins: [a]\n"));
  REQUIRE(ds3.size() == 1);
  CHECK(ds3[0].message == "origins must be a mapping, found a list");
  auto ds4 = errors_of(test::one_package(test::kGood, "    origins: { name: \"a:0\" }\n"));
  CHECK(ds4.size() == 1);
}

TEST_CASE("findings: accepted when well formed, rejected with positions otherwise", "[loader][findings]") {
  const std::string good = "findings:\n  - id: scan.npm-too-old\n    file: .github/workflows/release.yml\n"
                           "    line: 21\n    message: npm 10 is too old\n    rule: tp.npm-version\n"
                           "  - { id: scan.no-publishing, file: ., line: 0, message: nothing, rule: null }\n";
  auto t = Topology::load_string(test::one_package(test::kGood) + good, "t.yaml");
  REQUIRE(pubplan::detail::Access::model(t).findings.size() == 2);
  CHECK(pubplan::detail::Access::model(t).findings[0].id == "scan.npm-too-old");
  CHECK(pubplan::detail::Access::model(t).findings[0].line == 21);
  CHECK(pubplan::detail::Access::model(t).findings[1].rule.empty());
  auto ds = errors_of(test::one_package(test::kGood) + "findings:\n  - { id: x, file: f, line: -1, message: m }\n");
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].message == "a finding's line must be between 0 and 999999999, found -1");
  auto ds2 = errors_of(test::one_package(test::kGood) + "findings:\n  - { id: x, line: 2, message: m, rul: r }\n");
  REQUIRE(ds2.size() == 2);
  CHECK(ds2[0].message == "a finding is missing required key 'file'");
  CHECK(ds2[1].message == "unknown key 'rul' in a finding; did you mean 'rule'?");
}
