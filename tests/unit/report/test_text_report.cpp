// The text people read: conflicts as numbered sentences chaining the rules'
// statements and the file's facts (PubGrub style), composed from the catalog.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <random>

#include "helpers.hpp"
#include "random_topology.hpp"
#include "report/json_out.hpp"

namespace {

// A whole document as the writer lays it out written as one value.
std::string laid_out(const nlohmann::ordered_json &doc, int indent) {
  std::string out;
  pubplan::detail::JsonOut(out, indent).value(doc);
  return out;
}

bool contains(const std::string &text, const std::string &part) { return text.find(part) != std::string::npos; }

// Jenkins on a self-hosted runner, unattended, bypass-2FA tokens forbidden by policy.
const std::string kBypass = test::one_package(
    "    provider: jenkins\n    runner: self-hosted\n    node: 22.14.0\n    npm: 11.5.1\n    unattended: true\n",
    "    access: public\n", "host: github\n    visibility: public", "policy:\n  bypass_2fa_tokens: forbidden\n");

}  // namespace

TEST_CASE("a conflict reads as numbered sentences, each concluding what it leaves out", "[report]") {
  auto r = test::solve(kBypass);
  const auto &p = r.packages[0];
  REQUIRE_FALSE(p.recommended);
  const std::string text = pubplan::explain_text(p, "");
  INFO(text);
  // A provision is a premise; the policy rule builds on it and leaves out only
  // the strategy that needs a bypass-2FA token (not every strategy it lists).
  CHECK(contains(text, "    1. Publishing with a granular token from CI needs a bypass-2FA token"));
  CHECK(contains(text, "`packages[@acme/ui].published_by` is [\"release\"] (t.yaml:"));
  CHECK(contains(text, "`policy.bypass_2fa_tokens` is forbidden (t.yaml:3), with (1), `granular-token` does not fit."));
  CHECK(contains(text, "`trusted-publishing` and `trusted-publishing-without-provenance` do not fit."));
  CHECK(contains(text, ", `interactive-2fa` does not fit."));
  CHECK(contains(text, "`pipelines[release].npm` is 11.5.1 (t.yaml:"));
  CHECK(contains(text, "6. So, by (2), (3), (4) and (5), no strategy fits `@acme/ui`."));
  // The other conflict differs in one line: only that line is shown again.
  CHECK(contains(text, "Conflict 2: the same, with (2) replaced by:"));
  CHECK(contains(text, "Because trusted publishing cannot run on self-hosted runners [tp.no-self-hosted"));
  // Then the repairs, a short list.
  CHECK(contains(text, "- `pipelines[release].unattended`: true -> false (t.yaml:"));
}

TEST_CASE("rules_out: what a rule leaves out on its own, given the file's facts", "[report]") {
  auto r = test::solve(kBypass);
  for (const auto &m : r.packages[0].conflict)
    if (m.kind == pubplan::Reason::Kind::rule && m.rule == "policy.no-bypass-2fa") {
      CHECK(m.rules_out == std::vector<std::string>{pubplan::kGranularToken});
      CHECK(m.strategies.size() == 5);
    } else if (m.kind == pubplan::Reason::Kind::rule && m.rule == "token.bypass-2fa") {
      CHECK(m.rules_out.empty());  // a provision: a premise
    }
}

TEST_CASE("two independent reasons for trusted publishing read as two derivations", "[report][acceptance]") {
  auto r = test::solve(test::one_package(
      "    provider: github-actions\n    runner: self-hosted\n    node: 20.11.0\n    npm: 11.6.0\n    unattended: true\n",
      "    access: public\n"));
  const auto *tp = r.packages[0].strategy(pubplan::kTrustedPublishing);
  REQUIRE(tp->status == pubplan::Status::infeasible);
  CHECK(tp->conflicts.size() == 2);
  const std::string text = pubplan::explain_text(r.packages[0], pubplan::kTrustedPublishing);
  INFO(text);
  CHECK(contains(text, "`trusted-publishing` does not fit:\n    1. Because trusted publishing"));
  CHECK(contains(text, "Conflict 2"));
  CHECK(contains(text, "tp.no-self-hosted"));
  CHECK(contains(text, "tp.node-version"));
  // The repair that needs both changes.
  CHECK(contains(text, "`pipelines[release].runner`: self-hosted -> hosted (t.yaml:"));
  CHECK(contains(text, " and `pipelines[release].node`: 20.11.0 -> 22.14.0 (t.yaml:"));
}

TEST_CASE("a conditional strategy's assumptions never ask for a value and its opposite", "[report]") {
  // Access unknown: provenance needs a public package; "a private package needs a
  // paid plan" then does not apply, so it must not add "access private".
  auto r = test::solve(test::one_package(test::kGood));
  const auto *tp = r.packages[0].strategy(pubplan::kTrustedPublishing);
  REQUIRE(tp->status == pubplan::Status::conditional);
  std::vector<std::string> needs;
  for (const auto &a : tp->assuming) needs.push_back(a.fact + " " + a.needs);
  INFO(needs.size());
  CHECK(needs == std::vector<std::string>{"packages[@acme/ui].access public"});
}

// write_json streams the long arrays (packages, read needs) element by element;
// the layout must be the one the writer gives the whole document as one value
// (test_json_out.cpp checks that layout against the rule), and compact output
// must be nlohmann's own.
TEST_CASE("the streamed JSON document is laid out as the whole document would be", "[report][json]") {
  const auto r = test::planner().solve(pubplan::Topology::load_file(PUBPLAN_SOURCE_DIR "/examples/acme.yaml"));
  REQUIRE(r.packages.size() > 1);
  REQUIRE_FALSE(r.graph.read_needs.empty());
  const auto doc = nlohmann::ordered_json::parse(pubplan::to_json(r, -1));
  // One entry per pipeline, with the path to each of its packages (--diagnose all).
  REQUIRE(doc["graph"]["read_needs"].size() == r.graph.installs.size());
  const auto &first = doc["graph"]["read_needs"][0];
  CHECK(first["pipeline"] == r.graph.installs[0].pipeline);
  REQUIRE(first["paths"].size() == first["packages"].size());
  for (const auto &need : r.graph.read_needs)
    if (need.pipeline == r.graph.installs[0].pipeline && need.package == first["packages"][0])
      CHECK(first["paths"][0] == need.path);
  CHECK(doc["packages"].size() == r.packages.size());
  CHECK(pubplan::to_json(r, -1) == doc.dump(-1) + "\n");
  for (int indent : {0, 2, 4}) {
    INFO("indent " << indent);
    CHECK(pubplan::to_json(r, indent) == laid_out(doc, indent) + "\n");
  }
  // Every kind of value the document holds: infeasible strategies with
  // conflicts and repairs, conditional ones, nothing fits, tokens and cycles.
  std::mt19937 rng(11);
  for (int n = 0; n < 30; ++n) {
    const std::string text = test::random_topology(rng, 4);
    INFO(text);
    const auto random = test::planner().solve(pubplan::Topology::load_string(text, "random.yaml"));
    const std::string compact = pubplan::to_json(random, -1);
    CHECK(compact == nlohmann::ordered_json::parse(compact).dump(-1) + "\n");
    const std::string pretty = pubplan::to_json(random, 2);
    CHECK(pretty == laid_out(nlohmann::ordered_json::parse(pretty), 2) + "\n");
    CHECK(nlohmann::ordered_json::parse(pretty) == nlohmann::ordered_json::parse(compact));
  }
}

namespace {

// The document of a streamed solve: packages written as `each` hands them over.
std::string streamed_json(const pubplan::Planner &planner, const pubplan::Topology &t, pubplan::Result *kept = nullptr) {
  std::ostringstream out;
  pubplan::JsonWriter writer(out, t.source_name(), planner.catalog().as_of());
  std::size_t handed = 0;
  pubplan::Result r = planner.solve(t, [&](pubplan::PackageResult &&p) {
    ++handed;
    writer.package(p);
  });
  writer.finish(r);
  CHECK(r.packages.empty());
  CHECK(handed == t.package_count());
  CHECK(r.summary.packages == handed);
  if (kept) *kept = std::move(r);
  return std::move(out).str();
}

}  // namespace

TEST_CASE("a streamed solve writes the same document and exit code as a kept one", "[report][json]") {
  const pubplan::Planner planner = test::planner();
  for (const char *file : {"/examples/acme.yaml", "/tests/scenarios/jenkins-nothing-fits.yaml",
                           "/tests/scenarios/github-hosted.yaml"}) {
    INFO(file);
    const auto t = pubplan::Topology::load_file(std::string(PUBPLAN_SOURCE_DIR) + file);
    const pubplan::Result kept = planner.solve(t);
    pubplan::Result streamed;
    CHECK(streamed_json(planner, t, &streamed) == pubplan::to_json(kept));
    CHECK(streamed.exit_code() == kept.exit_code());
    CHECK(kept.summary.packages == kept.packages.size());
    CHECK(streamed.summary.nothing_fits == kept.summary.nothing_fits);
    CHECK(streamed.summary.feasible == kept.summary.feasible);
  }
  // No package at all: the array is empty, the rest as before.
  const auto empty = pubplan::Topology::load_string("version: 1\npackages: []\n", "empty.yaml");
  CHECK(streamed_json(planner, empty) == pubplan::to_json(planner.solve(empty)));
}

TEST_CASE("an exception from the package callback ends the solve", "[report][json]") {
  const auto t = pubplan::Topology::load_file(PUBPLAN_SOURCE_DIR "/examples/acme.yaml");
  std::size_t calls = 0;
  CHECK_THROWS_WITH(test::planner().solve(t,
                                             [&](pubplan::PackageResult &&) {
                                               if (++calls == 2) throw std::runtime_error("disk full");
                                             }),
                    "disk full");
  CHECK(calls == 2);
}

TEST_CASE("the exit code of a Result put together by hand comes from its packages", "[report]") {
  pubplan::Result r;
  CHECK(r.exit_code() == 0);
  pubplan::PackageResult fits;
  fits.recommended = "granular-token";
  fits.recommended_status = pubplan::Status::conditional;
  r.packages.push_back(fits);
  CHECK(r.exit_code() == 3);
  r.packages.push_back(pubplan::PackageResult{});  // nothing fits
  CHECK(r.exit_code() == 1);
  // Once counted, the summary decides (a streamed Result has no packages).
  r.summary.count(fits);
  CHECK(r.exit_code() == 3);
}

TEST_CASE("a reason set the budget stopped shrinking is not presented as minimal", "[report]") {
  auto r = test::solve(kBypass);
  auto &p = r.packages[0];
  auto it = std::find_if(p.strategies.begin(), p.strategies.end(),
                         [](const pubplan::StrategyResult &s) { return s.status == pubplan::Status::infeasible; });
  REQUIRE(it != p.strategies.end());
  const std::string note = "may hold more than is needed";
  CHECK_FALSE(contains(pubplan::explain_text(p, it->id), note));
  CHECK_FALSE(contains(pubplan::to_json(r), "because_minimal"));
  it->because_minimal = false;
  CHECK(contains(pubplan::explain_text(p, it->id), note));
  const auto doc = nlohmann::json::parse(pubplan::to_json(r));
  CHECK(doc["packages"][0]["strategies"][it->id]["because_minimal"] == false);
}

TEST_CASE("a derivation is data: steps of members, what they rule out and cite", "[report]") {
  const auto r = test::solve(test::read(PUBPLAN_SOURCE_DIR "/examples/acme.yaml"));
  const auto *legacy = r.package("@acme/legacy-sdk");
  REQUIRE(legacy);
  const auto steps = pubplan::derivation(legacy->conflict, "");
  using K = pubplan::DerivationStep::Kind;
  REQUIRE(steps.size() == 5);
  for (int k = 0; k < 4; ++k) {
    CHECK(steps[k].kind == K::ruling);
    // A rule and the one fact of the file it reads.
    REQUIRE(steps[k].members.size() == 2);
    CHECK(legacy->conflict[steps[k].members[0]].kind == pubplan::Reason::Kind::rule);
    CHECK(legacy->conflict[steps[k].members[1]].kind == pubplan::Reason::Kind::fact);
  }
  CHECK(steps[0].rules_out == std::vector<std::string>{"trusted-publishing", "trusted-publishing-without-provenance"});
  CHECK(steps[4].kind == K::conclusion);
  CHECK(steps[4].cites == std::vector<int>{1, 2, 3, 4});
  // The text is the rendering of these steps.
  const std::string text = pubplan::explain_text(*legacy, "");
  CHECK(contains(text, "5. So, by (1), (2), (3) and (4), no strategy fits `@acme/legacy-sdk`."));

  // A premise (a provision) is cited by the step that builds on it.
  auto bypass = test::solve(kBypass);
  const auto b = pubplan::derivation(bypass.packages[0].conflict, "");
  REQUIRE_FALSE(b.empty());
  CHECK(b[0].kind == K::premise);
  CHECK(std::any_of(b.begin(), b.end(), [](const pubplan::DerivationStep &s) {
    return s.kind == K::ruling && std::count(s.cites.begin(), s.cites.end(), 1);
  }));
}

// Packages with nothing that fits for the same cause are explained once, with
// the pipelines their conflicts name, in the full report and in --summary.
TEST_CASE("the text report groups packages with nothing that fits by cause", "[report][text]") {
  std::string yaml = R"(version: 1
npm:
  orgs: [{name: acme, paid: true}]
repositories:
  - {name: acme/web, host: bitbucket, visibility: public}
pipelines:
  - {name: release, repository: acme/web, provider: jenkins, runner: hosted, file: release.yml, npm: 10.2.4, unattended: true}
  - {name: nightly, repository: acme/web, provider: jenkins, runner: hosted, file: nightly.yml, npm: 10.2.4, unattended: true}
packages:
)";
  for (const char *name : {"a", "b", "c"})
    yaml += std::string("  - {name: \"@acme/") + name +
            "\", access: public, repository: acme/web, published_by: [release], tokens_allowed: false}\n";
  yaml += "  - {name: \"@acme/d\", access: public, repository: acme/web, published_by: [nightly], tokens_allowed: false}\n";
  yaml += "  - {name: \"@acme/e\", access: private, repository: acme/web, published_by: [nightly]}\n";
  const auto r = test::solve(yaml);
  const std::string text = pubplan::to_text(r);
  INFO(text);
  const std::string cause = "tp.supported-ci, stage.npm-version, token.disallowed, interactive.unattended";
  CHECK(text.find("4 packages: " + cause + " — pipelines release, nightly\n") != std::string::npos);
  CHECK(text.find("  shown for @acme/a (t.yaml:10); the same for @acme/b, @acme/c, @acme/d\n") != std::string::npos);
  // One explanation for the four: the conflict's conclusion appears once for them.
  std::size_t conclusions = 0;
  for (std::size_t at = 0; (at = text.find("no strategy fits `@acme/", at)) != std::string::npos; ++at) ++conclusions;
  CHECK(conclusions == 1 + (r.package("@acme/e")->recommended ? 0 : 1));
  const std::string summary = pubplan::to_text(r, {false, true});
  INFO(summary);
  CHECK(summary.find("  4 packages: " + cause + " — pipelines release, nightly\n    e.g. @acme/a, @acme/b, @acme/c, and 1 more\n") !=
        std::string::npos);
}
