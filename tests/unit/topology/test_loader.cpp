#include <catch2/catch.hpp>

#include <random>
#include <regex>

#include "helpers.hpp"
#include "topology/loader.hpp"
#include "topology/access.hpp"

using pubplan::Topology;
using pubplan::TopologyError;

namespace {

using test::errors_of;

bool any_message(const std::vector<pubplan::Diagnostic> &ds, const std::string &part) {
  for (const auto &d : ds)
    if (d.message.find(part) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("a minimal topology loads with defaults and unknowns", "[loader]") {
  auto t = Topology::load_string(test::one_package("    provider: github-actions\n"), "t.yaml");
  const auto &m = pubplan::detail::Access::model(t);
  REQUIRE(m.packages.size() == 1);
  const auto &pkg = m.packages[0];
  CHECK(pkg.exists.defaulted);
  CHECK(pkg.exists.domain.mask == 0b10);      // true by default
  CHECK(pkg.tokens_allowed.domain.mask == 0b10);
  CHECK_FALSE(pkg.access.stated);             // unknown when absent
  const auto &p = m.pipelines[0];
  CHECK_FALSE(p.node.stated);
  CHECK_FALSE(p.runner.stated);
  CHECK_FALSE(p.unattended.stated);
  CHECK(m.policy_provenance.json == "\"preferred\"");
  CHECK(m.policy_bypass_2fa_tokens.json == "\"allowed\"");
}

TEST_CASE("explicit unknown and null are unknown", "[loader]") {
  auto t = Topology::load_string(
      test::one_package("    provider: github-actions\n    runner: unknown\n    node: ~\n"), "t.yaml");
  CHECK_FALSE(pubplan::detail::Access::model(t).pipelines[0].runner.stated);
  CHECK_FALSE(pubplan::detail::Access::model(t).pipelines[0].node.stated);
}

TEST_CASE("JSON topologies are accepted", "[loader]") {
  const char *json = R"({"version": 1,
    "repositories": [{"name": "acme/web", "host": "github", "visibility": "public"}],
    "pipelines": [{"name": "release", "repository": "acme/web", "provider": "github-actions",
                   "runner": "hosted", "node": "22.14.0", "npm": "11.5.1", "unattended": true}],
    "packages": [{"name": "@acme/ui", "access": "public", "repository": "acme/web",
                  "published_by": ["release"]}]})";
  auto t = Topology::load_string(json, "t.json");
  CHECK(t.package_count() == 1);
  CHECK(pubplan::detail::Access::model(t).pipelines[0].unattended.json == "true");
}

TEST_CASE("syntax errors carry a position", "[loader]") {
  auto ds = errors_of("version: 1\npackages: [\n  - name: x\n");
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].file == "bad.yaml");
  CHECK(ds[0].line >= 2);
  CHECK(ds[0].to_string().starts_with("bad.yaml:"));
}

TEST_CASE("unknown keys are rejected with a suggestion", "[loader]") {
  auto ds = errors_of(test::one_package("    provider: github-actions\n    runer: hosted\n"));
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].message == "unknown key 'runer' in a pipeline; did you mean 'runner'?");
  CHECK(ds[0].line == 11);
  CHECK(ds[0].column == 5);
}

TEST_CASE("wrong enum values list the allowed ones", "[loader]") {
  auto ds = errors_of(test::one_package("    provider: travis\n"));
  REQUIRE(ds.size() == 1);
  CHECK(any_message(ds, "github-actions | gitlab-ci | circleci | jenkins"));
}

TEST_CASE("versions that don't parse are errors", "[loader]") {
  auto ds = errors_of(test::one_package("    provider: github-actions\n    node: v22\n"));
  REQUIRE(ds.size() == 1);
  CHECK(any_message(ds, "node 'v22' is not a version"));
}

TEST_CASE("dangling references and duplicate names are errors", "[loader]") {
  std::string yaml = test::one_package("    provider: github-actions\n",
                                       "    depends_on: [\"@acme/nope\"]\n"
                                       "  - name: \"@acme/ui\"\n    repository: acme/wbe\n    published_by: [relase]\n");
  auto ds = errors_of(yaml);
  CHECK(any_message(ds, "duplicate package name '@acme/ui'"));
  CHECK(any_message(ds, "names unknown package '@acme/nope'"));
  // The duplicate's own references are not resolved (it is dropped), so only 2 errors.
  CHECK(ds.size() == 2);
  auto ds2 = errors_of(test::one_package("    provider: github-actions\n").replace(
      test::one_package("    provider: github-actions\n").find("published_by: [release]"), 23,
      "published_by: [relase]"));
  REQUIRE(ds2.size() == 1);
  CHECK(ds2[0].message == "package '@acme/ui' names unknown pipeline 'relase'; did you mean 'release'?");
}

TEST_CASE("missing required keys are errors", "[loader]") {
  CHECK(any_message(errors_of("packages: []\n"), "missing required key 'version'"));
  auto ds = errors_of("version: 1\npipelines:\n  - name: p\n");
  CHECK(any_message(ds, "missing required key 'repository'"));
  CHECK(any_message(ds, "missing required key 'provider'"));
  CHECK(any_message(errors_of("version: 1\nrepositories:\n  - host: github\n"), "missing required key 'name'"));
}

TEST_CASE("all errors of a file are reported, in file order", "[loader]") {
  auto ds = errors_of("version: 2\nprofiles: [fast]\npolicy:\n  provenance: always\n"
                      "npm:\n  tokens_in_use: 5000\n");
  REQUIRE(ds.size() == 4);
  CHECK(ds[0].line == 1);
  CHECK(ds[1].line == 2);
  CHECK(ds[2].line == 4);
  CHECK(ds[3].line == 6);
}

TEST_CASE("provider must fit the repository host", "[loader]") {
  auto ds = errors_of(test::one_package("    provider: gitlab-ci\n", "", "host: github"));
  REQUIRE(ds.size() == 1);
  CHECK(any_message(ds, "provider gitlab-ci does not fit repository 'acme/web' on host github"));
  // CircleCI and Jenkins build repositories anywhere.
  CHECK_NOTHROW(Topology::load_string(test::one_package("    provider: jenkins\n", "", "host: gitlab"), "t"));
}

TEST_CASE("numbers where strings belong and invalid names are errors", "[loader]") {
  auto ds = errors_of("version: 1\nrepositories:\n  - name: 123\n");
  CHECK(any_message(ds, "must be a string, found a number '123'"));
  auto ds2 = errors_of(test::one_package("    provider: jenkins\n").replace(
      test::one_package("    provider: jenkins\n").find("\"@acme/ui\""), 10, "Bad Name"));
  CHECK(any_message(ds2, "'Bad Name' is not a valid npm package name"));
}

TEST_CASE("empty files, NUL bytes and invalid UTF-8 are rejected", "[loader]") {
  CHECK(any_message(errors_of(""), "empty document"));
  CHECK(any_message(errors_of(std::string("version: 1\n\0x", 13)), "NUL byte"));
  CHECK(any_message(errors_of("version: 1\nname: \xff\n"), "invalid UTF-8"));
  // The byte checks: SIMD validation first, then byte by byte for where.
  auto first_error = [](const std::string &text) {
    const auto errors = errors_of(text);
    return errors.empty() ? std::string() : std::to_string(errors[0].line) + ":" + std::to_string(errors[0].column) +
                                                " " + errors[0].message;
  };
  CHECK(first_error("version: 1\nname: \xc3\xa9\xc0\x80\n") == "2:8 invalid UTF-8");  // overlong, 2 bytes
  CHECK(first_error("version: 1\nname: \xe2\x82") == "2:7 invalid UTF-8");             // cut short
  CHECK(first_error("version: 1\n\xf5\x80\x80\x80: 1\n") == "2:1 invalid UTF-8");      // beyond U+10FFFF
  CHECK(first_error(std::string("version: 1\nn: \xe2\x82\xac\0", 19)) == "2:5 NUL byte in input");
  // Sequences these checks let through (surrogates, 3-byte overlong forms) are
  // the parsers' to judge, as they were before the SIMD check: not a byte error.
  CHECK(first_error("version: 1\nx: \"\xed\xa0\x80\"\n").find("UTF-8") == std::string::npos);
  CHECK(first_error("version: 1\nx: \"\xe0\x80\x80\"\n").find("UTF-8") == std::string::npos);
}

TEST_CASE("alias bombs are stopped before they expand", "[loader]") {
  std::string y = "version: 1\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 9; ++i) {
    y += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) y += (k ? ", *a" : "*a") + std::to_string(i - 1);
    y += "]\n";
  }
  auto ds = errors_of(y);
  REQUIRE(ds.size() == 1);
  CHECK(any_message(ds, "after alias expansion"));
}

TEST_CASE("aliases stand for a copy of their anchored node", "[loader]") {
  const std::string base =
      "version: 1\nrepositories:\n  - {name: a/r, host: github}\n"
      "pipelines:\n  - &p {name: p, repository: a/r, provider: github-actions, node: &v \"22.14.0\"}\n"
      "  - {name: q, repository: a/r, provider: github-actions, node: *v}\n"
      "packages:\n  - {name: one, repository: a/r, published_by: [p, q]}\n";
  auto t = Topology::load_string(base, "t.yaml");
  CHECK(t.pipeline_count() == 2);
  // The copy is the whole mapping, name included, at the anchored node's position.
  auto ds = errors_of(base + "extra: [*p]\n");
  REQUIRE(ds.size() == 1);
  CHECK(any_message(ds, "unknown key 'extra'"));
  std::string twice = base;
  twice.insert(twice.find("packages:"), "  - *p\n");
  auto ds2 = errors_of(twice);
  REQUIRE(ds2.size() == 1);
  CHECK(any_message(ds2, "duplicate pipeline name 'p' (first defined at line 5)"));
}

TEST_CASE("an alias inside its own anchored node is rejected", "[loader]") {
  auto ds = errors_of("version: 1\nx: &a [1, *a]\n");
  REQUIRE(ds.size() == 1);
  CHECK(any_message(ds, "an alias refers to the node that contains it"));
  CHECK(ds[0].line == 2);
  CHECK(ds[0].column == 11);
}

TEST_CASE("an alias counts as deep as the node it copies", "[loader]") {
  // 40 levels anchored, then used 30 levels down: 70 levels once expanded.
  std::string y = "version: 1\na: &deep " + std::string(40, '[') + std::string(40, ']') +
                  "\nb: " + std::string(30, '[') + "*deep" + std::string(30, ']') + "\n";
  auto ds = errors_of(y);
  REQUIRE(ds.size() == 1);
  CHECK(any_message(ds, "document nested deeper than 64 levels"));
  CHECK(ds[0].line == 3);
  // The same alias 20 levels down stays within the limit (only the unknown keys are wrong).
  std::string ok = "version: 1\na: &deep " + std::string(40, '[') + std::string(40, ']') +
                   "\nb: " + std::string(20, '[') + "*deep" + std::string(20, ']') + "\n";
  for (const auto &d : errors_of(ok)) CHECK(d.message.find("nested deeper") == std::string::npos);
}

TEST_CASE("list elements are read as they are parsed, whatever the order of the keys", "[loader]") {
  const std::string lists =
      "packages:\n  - {name: one, repository: a/r, published_by: [p]}\n"
      "  - {name: two, repository: a/r, published_by: [p], requires: {provenance: off}}\n"
      "pipelines:\n  - {name: p, repository: a/r, provider: github-actions}\n"
      "repositories:\n  - {name: a/r, host: github}\n";
  // The policy comes after the packages that follow it.
  auto t = Topology::load_string(lists + "policy: {provenance: required}\nversion: 1\n", "t.yaml");
  const auto &m = pubplan::detail::Access::model(t);
  REQUIRE(m.packages.size() == 2);
  CHECK(m.packages[0].provenance_policy.json == "\"required\"");
  CHECK(m.packages[0].provenance_from_policy);
  CHECK(m.packages[1].provenance_policy.json == "\"off\"");
  CHECK(m.packages[0].repository == 0);
  CHECK(m.packages[1].published_by == std::vector<int>{0});
  // A reference that resolves to nothing is reported where it is written.
  std::string wrong = lists + "version: 1\n";
  wrong.replace(wrong.find("a/r, published_by: [p], requires"), 3, "a/x");
  auto ds = errors_of(wrong);
  REQUIRE(ds.size() == 1);
  CHECK(any_message(ds, "package 'two' names unknown repository 'a/x'"));
  CHECK(ds[0].line == 3);
  CHECK(ds[0].column == 29);
}

TEST_CASE("a list that is an alias is read like a written one", "[loader]") {
  auto t = Topology::load_string(
      "version: 1\nrepositories: &repos\n  - {name: a/r, host: github}\n"
      "pipelines: []\npackages:\n  - {name: one, repository: a/r}\n", "t.yaml");
  CHECK(t.repository_count() == 1);
  auto ds = errors_of("version: 1\nrepositories: &repos\n  - {name: a/r, host: github}\n"
                      "pipelines: *repos\n");
  // The pipeline list is the repository list again: its element has no provider.
  CHECK(any_message(ds, "is missing required key 'provider'"));
}

TEST_CASE("a document that does not parse reports the parse error alone", "[loader]") {
  // The first package is wrong, but the document breaks before it is complete.
  auto ds = errors_of("version: 1\npackages:\n  - {name: Bad Name, repository: a/r}\n  - {name: [\n");
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].line == 5);
}

TEST_CASE("many unknown names among many names are all reported, suggestions within a budget", "[loader]") {
  // 5,000 packages, each depending on a package that does not exist: every
  // reference is reported; suggestions (each compared with all 5,000 names) stop
  // after 10,000,000 comparisons, so the first 2,000 have one.
  std::string y = "version: 1\nrepositories: [{name: a/r, host: github}]\npackages:\n";
  for (int i = 0; i < 5000; ++i)
    y += "  - {name: p" + std::to_string(i) + ", repository: a/r, depends_on: [q" + std::to_string(i) + "]}\n";
  auto ds = errors_of(y);
  REQUIRE(ds.size() == 5000);
  CHECK(ds[0].message == "package 'p0' names unknown package 'q0'; did you mean 'p0'?");
  CHECK(ds[1999].message == "package 'p1999' names unknown package 'q1999'; did you mean 'p1999'?");
  CHECK(ds[2000].message == "package 'p2000' names unknown package 'q2000'");
  CHECK(ds[4999].line == 5003);
}

TEST_CASE("origins are FILE:LINE exactly as the pattern says, at any length", "[loader]") {
  auto loads = [](const std::string &origin) {
    std::string esc;
    for (char c : origin) esc += c == '\n' ? std::string("\\n") : std::string(1, c);
    const std::string y = "version: 1\nrepositories:\n  - {name: a/r, host: github, origins: {host: \"" +
                          esc + "\"}}\n";
    try {
      (void)Topology::load_string(y, "t.yaml");
      return true;
    } catch (const TopologyError &e) {
      REQUIRE(e.diagnostics().size() == 1);
      CHECK(e.diagnostics()[0].message.find("must be \"FILE:LINE\"") != std::string::npos);
      return false;
    }
  };
  // The pattern the check replaces, on every short string over the characters
  // that matter (it cannot take long ones: a regex recursion per character).
  const std::regex pattern(R"(^.*[^:]:[1-9][0-9]{0,8}$)");
  const std::string alphabet = "a:10\n";
  std::mt19937 rng(3);
  for (int i = 0; i < 3000; ++i) {
    std::string s;
    const int len = std::uniform_int_distribution<int>(1, 14)(rng);
    for (int k = 0; k < len; ++k) s += alphabet[std::uniform_int_distribution<std::size_t>(0, 4)(rng)];
    INFO(s);
    CHECK(loads(s) == std::regex_match(s, pattern));
  }
  CHECK(loads("a:1"));
  CHECK(loads("ci/release.yml:123456789"));
  CHECK_FALSE(loads("ci/release.yml:1234567890"));
  CHECK_FALSE(loads("ci/release.yml::1"));
  CHECK(loads(std::string(200000, 'a') + ":12"));
  CHECK_FALSE(loads(std::string(200000, 'a')));
}

TEST_CASE("unreadable files are input errors", "[loader]") {
  CHECK_THROWS_AS(Topology::load_file("/nonexistent/dir/t.yaml"), TopologyError);
}

TEST_CASE("the bundled example loads", "[loader]") {
  auto t = Topology::load_file(PUBPLAN_SOURCE_DIR "/examples/acme.yaml");
  CHECK(t.package_count() == 9);
  CHECK(t.pipeline_count() == 5);
}

TEST_CASE("publishers: pipelines with one identity are one publisher", "[loader]") {
  std::string yaml =
      "version: 1\nrepositories:\n  - name: a/r\n    host: github\n"
      "pipelines:\n"
      "  - {name: p1, repository: a/r, provider: github-actions, file: release.yml}\n"
      "  - {name: p2, repository: a/r, provider: github-actions, file: release.yml}\n"
      "  - {name: p3, repository: a/r, provider: github-actions, file: other.yml}\n"
      "  - {name: p4, repository: a/r, provider: github-actions}\n"
      "packages:\n"
      "  - {name: one, repository: a/r, published_by: [p1, p2]}\n"
      "  - {name: two, repository: a/r, published_by: [p1, p3]}\n"
      "  - {name: maybe, repository: a/r, published_by: [p1, p4]}\n";
  auto t = Topology::load_string(yaml, "t.yaml");
  const auto &pk = pubplan::detail::Access::model(t).packages;
  CHECK(pk[0].publishers.lo == 1);
  CHECK(pk[0].publishers.hi == 1);
  CHECK(pk[1].publishers.lo == 2);
  CHECK(pk[2].publishers.lo == 1);  // p4 has no file: it may be release.yml
  CHECK(pk[2].publishers.hi == 2);
}

TEST_CASE("current names a strategy of the catalog, or unknown", "[loader][current]") {
  auto t = Topology::load_string(test::one_package(test::kGood, "    current: granular-token\n"), "t.yaml");
  const auto &pkg = pubplan::detail::Access::model(t).packages[0];
  CHECK(pkg.current == "granular-token");
  CHECK(pkg.current_origin.line == 19);
  CHECK(t.to_normalized_json().find("\"current\": \"granular-token\"") != std::string::npos);

  auto u = Topology::load_string(test::one_package(test::kGood, "    current: unknown\n"), "t.yaml");
  CHECK(pubplan::detail::Access::model(u).packages[0].current.empty());
  CHECK(u.to_normalized_json().find("\"current\"") == std::string::npos);
  auto absent = Topology::load_string(test::one_package(test::kGood), "t.yaml");
  CHECK(pubplan::detail::Access::model(absent).packages[0].current.empty());

  const auto errors = errors_of(test::one_package(test::kGood, "    current: classic-token\n"));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].line == 19);
  CHECK(errors[0].message ==
        "current must be one of trusted-publishing | trusted-publishing-without-provenance | staged-publishing | "
        "granular-token | interactive-2fa | unknown, found 'classic-token'");

  // A strategy a user catalog adds is a value too, with that catalog.
  pubplan::Catalog catalog = pubplan::Catalog::builtin();
  catalog.add_file("tests/catalog_extension/woodpecker.yaml");
  auto bot = Topology::load_string(test::one_package(test::kGood, "    current: release-bot\n"), "t.yaml", catalog);
  CHECK(pubplan::detail::Access::model(bot).packages[0].current == "release-bot");
  CHECK_FALSE(errors_of(test::one_package(test::kGood, "    current: release-bot\n")).empty());
}
