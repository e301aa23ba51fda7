// validate --print-normalized: the normalized output loads to the same model,
// on the examples and on generated topologies (property test).
#include <catch2/catch.hpp>

#include <optional>
#include <random>

#include "helpers.hpp"
#include "topology/model.hpp"
#include "topology/access.hpp"

using namespace pubplan::detail;

namespace {

// Two facts are the same fact when they allow the same values, say them the
// same way and are (or are not) defaults. Origins differ, on purpose.
void same_fact(const Fact &a, const Fact &b, const std::string &what) {
  INFO(what);
  CHECK(a.domain == b.domain);
  CHECK(a.stated == b.stated);
  CHECK(a.defaulted == b.defaulted);
  CHECK(a.json == b.json);
}

void same_model(const TopologyModel &a, const TopologyModel &b) {
  CHECK(a.profiles == b.profiles);
  same_fact(a.policy_provenance, b.policy_provenance, "policy.provenance");
  same_fact(a.policy_bypass_2fa_tokens, b.policy_bypass_2fa_tokens, "policy.bypass_2fa_tokens");
  CHECK(a.token_owner == b.token_owner);
  CHECK(a.tokens_in_use == b.tokens_in_use);
  REQUIRE(a.orgs.size() == b.orgs.size());
  for (std::size_t i = 0; i < a.orgs.size(); ++i) {
    CHECK(a.orgs[i].name == b.orgs[i].name);
    CHECK(a.orgs[i].declared == b.orgs[i].declared);
    same_fact(a.orgs[i].paid, b.orgs[i].paid, "org " + a.orgs[i].name);
  }
  REQUIRE(a.repositories.size() == b.repositories.size());
  for (std::size_t i = 0; i < a.repositories.size(); ++i) {
    const auto &x = a.repositories[i], &y = b.repositories[i];
    CHECK(x.name == y.name);
    CHECK(x.host_fit == y.host_fit);
    same_fact(x.host, y.host, x.name + ".host");
    same_fact(x.visibility, y.visibility, x.name + ".visibility");
  }
  REQUIRE(a.pipelines.size() == b.pipelines.size());
  for (std::size_t i = 0; i < a.pipelines.size(); ++i) {
    const auto &x = a.pipelines[i], &y = b.pipelines[i];
    CHECK(x.name == y.name);
    CHECK(x.repository == y.repository);
    CHECK(x.file == y.file);
    CHECK(x.has_file == y.has_file);
    CHECK(x.environment == y.environment);
    CHECK(x.has_environment == y.has_environment);
    same_fact(x.provider, y.provider, x.name + ".provider");
    same_fact(x.runner, y.runner, x.name + ".runner");
    same_fact(x.node, y.node, x.name + ".node");
    same_fact(x.npm, y.npm, x.name + ".npm");
    same_fact(x.unattended, y.unattended, x.name + ".unattended");
  }
  REQUIRE(a.packages.size() == b.packages.size());
  for (std::size_t i = 0; i < a.packages.size(); ++i) {
    const auto &x = a.packages[i], &y = b.packages[i];
    CHECK(x.name == y.name);
    CHECK(x.repository == y.repository);
    CHECK(x.published_by == y.published_by);
    CHECK(x.published_by_defaulted == y.published_by_defaulted);
    CHECK(x.depends_on == y.depends_on);
    CHECK(x.org == y.org);
    CHECK(x.provenance_from_policy == y.provenance_from_policy);
    CHECK(x.publishers == y.publishers);
    same_fact(x.access, y.access, x.name + ".access");
    same_fact(x.exists, y.exists, x.name + ".exists");
    same_fact(x.tokens_allowed, y.tokens_allowed, x.name + ".tokens_allowed");
    same_fact(x.provenance_policy, y.provenance_policy, x.name + ".provenance_policy");
    same_fact(x.installs_private, y.installs_private, x.name + ".installs_private");
  }
}

void round_trip(const pubplan::Topology &t) {
  const std::string once = t.to_normalized_json();
  INFO(once);
  const pubplan::Topology again = pubplan::Topology::load_string(once, "normalized.json");
  same_model(pubplan::detail::Access::model(t), pubplan::detail::Access::model(again));
  CHECK(again.to_normalized_json() == once);  // a fixed point
}

// A key drawn from its values or left out; a fact may also be written as unknown.
std::string draw(std::mt19937 &rng, const char *key, std::vector<std::string> values, bool fact = true) {
  if (fact) values.push_back("unknown");
  values.push_back("");  // absent
  const std::string v = values[std::uniform_int_distribution<std::size_t>(0, values.size() - 1)(rng)];
  return v.empty() ? "" : std::string(", ") + key + ": " + v;
}

std::string generated(std::mt19937 &rng) {
  auto coin = [&] { return std::uniform_int_distribution<int>(0, 1)(rng) == 1; };
  std::string y = "version: 1\n";
  if (coin()) y += "profiles: [monorepo, compliance]\n";
  const std::string policy = draw(rng, "provenance", {"required", "preferred", "off"}) +
                             draw(rng, "bypass_2fa_tokens", {"allowed", "forbidden"});
  if (!policy.empty()) y += "policy: {" + policy.substr(2) + "}\n";
  y += "npm: {token_owner: bot, tokens_in_use: " + std::to_string(rng() % 1001) +
       ", orgs: [{name: acme" + draw(rng, "paid", {"true", "false"}) + "}]}\n";
  y += "repositories:\n";
  for (int r = 0; r < 2; ++r)
    y += "  - {name: acme/r" + std::to_string(r) + draw(rng, "host", {"github", "other"}) +
         draw(rng, "visibility", {"public", "private"}) + "}\n";
  y += "pipelines:\n";
  for (int p = 0; p < 3; ++p) {
    y += "  - {name: p" + std::to_string(p) + ", repository: acme/r" + std::to_string(p % 2) +
         ", provider: " + (coin() ? "circleci" : "jenkins") +
         draw(rng, "runner", {"hosted", "self-hosted"}) + draw(rng, "file", {"a.yml", "\"b c.yml\""}, false) +
         draw(rng, "environment", {"npm", "\"release env\""}, false) +
         draw(rng, "node", {"20.11.0", "\"22\"", "22.x", "^22.14.0", "\">=24.0.0\"", "lts/*", "latest"}) +
         draw(rng, "npm", {"11.5.1", "\"11\"", "~11.6.0", "current"}) +
         draw(rng, "unattended", {"true", "false"}) + "}\n";
  }
  y += "packages:\n";
  for (int k = 0; k < 3; ++k) {
    y += "  - {name: \"" + std::string(coin() ? "@acme/" : "@other/") + "k" + std::to_string(k) +
         "\", repository: acme/r" + std::to_string(k % 2) + draw(rng, "access", {"public", "private"}) +
         draw(rng, "exists", {"true", "false"}) + draw(rng, "tokens_allowed", {"true", "false"}) +
         draw(rng, "published_by", {"[]", "[p0]", "[p1, p2]"}, false) +
         draw(rng, "depends_on", {"[]", "[\"@acme/k0\"]"}, false) +
         draw(rng, "requires", {"{provenance: required}", "{provenance: off}", "{}"}, false) + "}\n";
  }
  return y;
}

}  // namespace

TEST_CASE("the bundled example round-trips through its normalized form", "[normalize]") {
  round_trip(pubplan::Topology::load_file(PUBPLAN_SOURCE_DIR "/examples/acme.yaml"));
}

TEST_CASE("generated topologies round-trip through their normalized form", "[normalize][property]") {
  std::mt19937 rng(8);
  int loaded = 0;
  for (int i = 0; i < 300; ++i) {
    const std::string yaml = generated(rng);
    INFO(yaml);
    std::optional<pubplan::Topology> t;
    try {
      t = pubplan::Topology::load_string(yaml, "generated.yaml");
    } catch (const pubplan::TopologyError &e) {
      // Only references the generator cannot know are allowed to fail
      // (a dependency on @acme/k0 when k0 is @other/k0).
      INFO(e.what());
      CHECK(std::string(e.what()).find("unknown package") != std::string::npos);
      continue;
    }
    ++loaded;
    round_trip(*t);
  }
  CHECK(loaded > 100);
}
