// The topology graph's answers: private installs, release order, cycles,
// components, and the Graphviz picture.
#include <catch2/catch.hpp>

#include <random>

#include "topology/graph.hpp"
#include "helpers.hpp"
#include "topology/model.hpp"
#include "topology/access.hpp"

namespace {

// Packages of one or two repositories with the given dependencies
// ("a>b": a depends on b) and private packages.
std::string deps_topology(const std::vector<std::string> &packages, const std::vector<std::string> &edges,
                          const std::vector<std::string> &private_packages = {},
                          const std::vector<std::string> &in_repo_b = {}) {
  std::string y =
      "version: 1\nnpm:\n  orgs:\n    - name: acme\n      paid: true\n"
      "repositories:\n  - name: a\n    host: github\n    visibility: public\n"
      "  - name: b\n    host: github\n    visibility: public\n"
      "pipelines:\n  - name: rel\n    repository: a\n    provider: github-actions\n    runner: hosted\n"
      "    file: r.yml\n    node: 22.14.0\n    npm: 11.5.1\n    unattended: true\npackages:\n";
  for (const auto &p : packages) {
    const bool priv = std::count(private_packages.begin(), private_packages.end(), p);
    const bool b = std::count(in_repo_b.begin(), in_repo_b.end(), p);
    y += "  - name: \"@acme/" + p + "\"\n    access: " + (priv ? "private" : "public") +
         "\n    repository: " + (b ? "b" : "a") + "\n    published_by: [rel]\n    depends_on: [";
    std::string sep;
    for (const auto &e : edges)
      if (e.substr(0, e.find('>')) == p) {
        y += sep + "\"@acme/" + e.substr(e.find('>') + 1) + "\"";
        sep = ", ";
      }
    y += "]\n";
  }
  return y;
}

std::vector<std::string> scoped(std::vector<std::string> v) {
  for (auto &s : v) s = "@acme/" + s;
  return v;
}

}  // namespace

TEST_CASE("release order puts dependencies first and keeps topology order otherwise", "[graph]") {
  auto r = test::solve(deps_topology({"app", "ui", "tokens", "cli"}, {"app>ui", "ui>tokens", "cli>tokens"}));
  CHECK(r.graph.release_order == scoped({"tokens", "ui", "app", "cli"}));
  CHECK(r.graph.cycles.empty());
  CHECK(r.graph.components == 1);  // one pipeline publishes them all
}

TEST_CASE("a dependency cycle is reported with its members, and released together", "[graph]") {
  auto r = test::solve(deps_topology({"a", "b", "c", "d", "e"}, {"a>b", "b>c", "c>a", "d>a", "e>e"}));
  REQUIRE(r.graph.cycles.size() == 2);
  CHECK(r.graph.cycles[0] == scoped({"a", "b", "c"}));
  CHECK(r.graph.cycles[1] == scoped({"e"}));
  CHECK(r.graph.release_order == scoped({"a", "b", "c", "d", "e"}));
  // The text report names the cycle.
  CHECK(pubplan::to_text(r).find("dependency cycle: @acme/a -> @acme/b -> @acme/c") != std::string::npos);
}

TEST_CASE("installs_private follows dependencies across repositories, through cycles", "[graph]") {
  // x (repo a) -> y (repo a, cycle with z) -> z (repo a) -> s (repo b, private)
  auto t = pubplan::Topology::load_string(
      deps_topology({"x", "y", "z", "s", "t"}, {"x>y", "y>z", "z>y", "z>s", "t>x"}, {"s"}, {"s", "t"}), "g.yaml");
  const auto &m = pubplan::detail::Access::model(t);
  auto fact = [&](const std::string &name) { return m.packages.at(static_cast<std::size_t>(m.package_index.find("@acme/" + name))).installs_private.json; };
  CHECK(fact("x") == "true");
  CHECK(fact("y") == "true");
  CHECK(fact("z") == "true");
  CHECK(fact("s") == "false");  // depends on nothing
  // t lives in repository b like s: s is still reached only through repository a's packages,
  // but it belongs to t's own repository, so t installs nothing private from elsewhere.
  CHECK(fact("t") == "false");
}

TEST_CASE("installs_private agrees with a plain search on random dependency graphs", "[graph]") {
  std::mt19937 rng(11);
  for (int round = 0; round < 200; ++round) {
    const int n = 2 + static_cast<int>(rng() % 9);
    std::vector<std::string> pkgs, edges, priv, in_b;
    for (int i = 0; i < n; ++i) pkgs.push_back("p" + std::to_string(i));
    for (int i = 0; i < n; ++i) {
      if (rng() % 3 == 0) priv.push_back(pkgs[i]);
      if (rng() % 2 == 0) in_b.push_back(pkgs[i]);
      for (int j = 0; j < n; ++j)
        if (rng() % 5 == 0) edges.push_back(pkgs[i] + ">" + pkgs[j]);
    }
    auto t = pubplan::Topology::load_string(deps_topology(pkgs, edges, priv, in_b), "g.yaml");
    const auto &m = pubplan::detail::Access::model(t);
    for (int i = 0; i < n; ++i) {
      // Depth-first search from i's dependencies.
      std::vector<char> seen(n, 0);
      std::vector<int> stack(m.packages[i].depends_on.begin(), m.packages[i].depends_on.end());
      bool expected = false;
      while (!stack.empty()) {
        int q = stack.back();
        stack.pop_back();
        if (seen[q]) continue;
        seen[q] = 1;
        const auto &dep = m.packages[q];
        expected |= dep.access.json == "\"private\"" && dep.repository != m.packages[i].repository;
        stack.insert(stack.end(), dep.depends_on.begin(), dep.depends_on.end());
      }
      INFO("round " << round << ", package " << i);
      CHECK(m.packages[i].installs_private.json == (expected ? "true" : "false"));
    }
  }
}

TEST_CASE("an unknown access makes installs_private unknown", "[graph]") {
  std::string y = deps_topology({"x", "s"}, {"x>s"}, {}, {"s"});
  y.replace(y.rfind("access: public"), 14, "access: null");
  auto t = pubplan::Topology::load_string(y, "g.yaml");
  CHECK(pubplan::detail::Access::model(t).packages[0].installs_private.json == "null");
  CHECK_FALSE(pubplan::detail::Access::model(t).packages[0].installs_private.stated);
}

TEST_CASE("components join packages through pipelines and dependencies only", "[graph]") {
  std::string y =
      "version: 1\nrepositories:\n  - name: r\n    host: github\n    visibility: public\n"
      "pipelines:\n"
      "  - name: one\n    repository: r\n    provider: github-actions\n    runner: hosted\n    file: a.yml\n"
      "  - name: two\n    repository: r\n    provider: github-actions\n    runner: hosted\n    file: b.yml\n"
      "packages:\n"
      "  - name: a\n    repository: r\n    published_by: [one]\n"
      "  - name: b\n    repository: r\n    published_by: [one]\n"
      "  - name: c\n    repository: r\n    published_by: [two]\n"
      "  - name: d\n    repository: r\n    published_by: []\n    depends_on: [c]\n"
      "  - name: e\n    repository: r\n    published_by: []\n";
  auto t = pubplan::Topology::load_string(y, "c.yaml");
  const auto &g = pubplan::detail::Access::graph(t);
  CHECK(g.component_count() == 3);
  CHECK(g.component_of_package() == std::vector<int>{0, 0, 1, 1, 2});
  // 5 packages, 2 pipelines, 1 repository, 1 scope (the user account).
  CHECK(g.vertex_count() == 9);
  // lives-in: 2 + 5; owned-by: 5; publishes: 3; depends-on: 1.
  CHECK(g.edge_count() == 16);
  auto r = test::solve(y);
  CHECK(r.graph.components == 3);
  CHECK(r.graph.largest_component == 2);
}

TEST_CASE("the Graphviz picture colours packages by recommendation", "[graph]") {
  const std::string y = deps_topology({"ui", "tokens"}, {"ui>tokens"});
  auto t = pubplan::Topology::load_string(y, "g.yaml");
  pubplan::Planner planner = test::planner();
  auto r = planner.solve(t);
  const std::string dot = pubplan::to_dot(t, &r);
  CHECK(dot.rfind("digraph G {", 0) == 0);
  CHECK(dot.find("[label=\"@acme/ui\",shape=ellipse,style=\"filled\",fillcolor=\"#a5d6a7\"") != std::string::npos);
  CHECK(dot.find("[label=\"depends on\",style=dashed]") != std::string::npos);
  CHECK(dot.find("[label=\"rel\",shape=box,style=rounded]") != std::string::npos);
  CHECK(dot.find("[label=\"@acme\",shape=hexagon]") != std::string::npos);
  // Without a result: no colours.
  CHECK(pubplan::to_dot(t).find("fillcolor") == std::string::npos);
}

TEST_CASE("results do not depend on the thread count or on shape reuse", "[graph][planner]") {
  std::mt19937 rng(5);
  for (int round = 0; round < 3; ++round) {
    std::string y = "version: 1\nrepositories:\n";
    // Enough distinct shapes for several workers.
    std::string pipes, pkgs;
    for (int i = 0; i < 40; ++i) {
      const std::string n = std::to_string(i);
      const std::string provider = rng() % 3 == 0 ? "jenkins" : rng() % 2 ? "github-actions" : "gitlab-ci";
      const std::string host = provider == "gitlab-ci" ? "gitlab" : provider == "github-actions" ? "github"
                               : rng() % 2                 ? "bitbucket"
                                                           : "github";
      y += "  - name: r" + n + "\n    host: " + host + "\n    visibility: public\n";
      pipes += "  - name: p" + n + "\n    repository: r" + n + "\n    provider: " + provider + "\n    runner: " +
               (rng() % 3 ? "hosted" : "self-hosted") + "\n    node: " + (rng() % 2 ? "22.14.0" : "20.11.0") +
               "\n    unattended: " + (rng() % 2 ? "true" : "false") + "\n";
      pkgs += "  - name: k" + n + "\n    repository: r" + n + "\n    published_by: [p" + n + "]\n    tokens_allowed: " +
              (rng() % 4 ? "true" : "false") + "\n";
    }
    y += "pipelines:\n" + pipes + "packages:\n" + pkgs;
    auto t = pubplan::Topology::load_string(y, "d.yaml");
    pubplan::Options serial = test::options();
    serial.threads = 1;
    pubplan::Options parallel = test::options();
    parallel.threads = 4;
    pubplan::Options every = test::options();
    every.threads = 2;
    every.reuse_shapes = false;
    auto a = pubplan::Planner(pubplan::Catalog::builtin(), serial).solve(t);
    auto b = pubplan::Planner(pubplan::Catalog::builtin(), parallel).solve(t);
    auto c = pubplan::Planner(pubplan::Catalog::builtin(), every).solve(t);
    CHECK(pubplan::to_json(a) == pubplan::to_json(b));
    CHECK(c.distinct_problems == 40);
    c.distinct_problems = a.distinct_problems;
    CHECK(pubplan::to_json(a) == pubplan::to_json(c));
  }
}
