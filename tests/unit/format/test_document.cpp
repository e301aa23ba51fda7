// The JSON reader (simdjson) against the YAML reader (yaml-cpp) on the same
// JSON text: the same tree, node for node, with the same positions, streamed or
// not; and what the JSON reader leaves to YAML.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "format/document.hpp"
#include "topology/model.hpp"
#include "pubplan/pubplan.hpp"
#include "random_topology.hpp"
#include "topology/access.hpp"

using pubplan::Diagnostic;
using pubplan::detail::DocLimits;
using pubplan::detail::DocNode;
using pubplan::detail::DocStream;
using pubplan::detail::JsonOutcome;

namespace {

std::string describe(const DocNode &n) {
  std::string out = std::to_string(n.line) + ":" + std::to_string(n.column) + " ";
  switch (n.kind) {
    case DocNode::Kind::null: return out + "null";
    case DocNode::Kind::scalar: return out + (n.plain ? "plain " : "quoted ") + n.value;
    case DocNode::Kind::sequence: {
      out += "[";
      for (const auto &i : n.items) out += describe(i) + ", ";
      return out + "]";
    }
    case DocNode::Kind::map: {
      out += "{";
      for (const auto &[k, v] : n.entries) out += describe(k) + ": " + describe(v) + ", ";
      return out + "}";
    }
  }
  return out;
}

DocNode yaml_tree(const std::string &text, const DocStream *stream = nullptr) {
  std::vector<Diagnostic> errors;
  DocNode n = pubplan::detail::parse_yaml(text, "t.json", errors, DocLimits{}, stream);
  for (const auto &e : errors) FAIL_CHECK(e.line << ":" << e.column << ": " << e.message);
  REQUIRE(errors.empty());
  return n;
}

DocNode json_tree(const std::string &text, const DocStream *stream = nullptr) {
  std::vector<Diagnostic> errors;
  DocNode n;
  REQUIRE(pubplan::detail::parse_json(text, "t.json", errors, DocLimits{}, stream, n) ==
          JsonOutcome::parsed);
  REQUIRE(errors.empty());
  return n;
}

// The same tree from both readers, and the same elements and rest when streamed.
void same_both_ways(const std::string &text) {
  INFO(text.substr(0, 400));
  CHECK(describe(json_tree(text)) == describe(yaml_tree(text)));
  std::vector<std::string> from_json, from_yaml;
  auto collect = [](std::vector<std::string> &into) {
    return DocStream{{"packages", "pipelines"},
                     [&into](const std::string &list, const DocNode &n) {
                       into.push_back(list + " " + describe(n));
                     },
                     {}};
  };
  const DocStream sj = collect(from_json), sy = collect(from_yaml);
  CHECK(describe(json_tree(text, &sj)) == describe(yaml_tree(text, &sy)));
  CHECK(from_json == from_yaml);
}

std::string slurp(const std::filesystem::path &p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("JSON files read the same through simdjson and yaml-cpp", "[doc]") {
  int files = 0;
  for (const char *dir : {"tests", "examples"})
    for (const auto &e :
         std::filesystem::recursive_directory_iterator(std::string(PUBPLAN_SOURCE_DIR) + "/" + dir))
      // rush.json allows comments (JSONC): not JSON, the scan blanks them first.
      if (e.path().extension() == ".json" && e.path().filename() != "rush.json") {
        same_both_ways(slurp(e.path()));
        ++files;
      }
  CHECK(files > 30);
}

TEST_CASE("normalized topologies read the same through simdjson and yaml-cpp", "[doc]") {
  // Every example and scenario, as `validate --print-normalized` writes it.
  int files = 0;
  for (const char *dir : {"examples", "tests/scenarios"})
    for (const auto &e : std::filesystem::directory_iterator(std::string(PUBPLAN_SOURCE_DIR) + "/" + dir))
      if (e.path().extension() == ".yaml") {
        same_both_ways(pubplan::Topology::load_file(e.path().string()).to_normalized_json());
        ++files;
      }
  CHECK(files > 5);
  std::mt19937 rng(7);
  for (int i = 0; i < 50; ++i)
    same_both_ways(pubplan::Topology::load_string(test::random_topology(rng), "r.yaml").to_normalized_json());
}

TEST_CASE("JSON scalars, escapes, layout and positions read the same both ways", "[doc]") {
  for (const char *text : {
           R"({"a": 1, "b": -0, "c": 2.5e3, "d": 1E-2, "e": 99999999999999999999999, "f": true,
               "g": false, "h": null, "i": "", "j": "x\"y\\z\/\b\f\n\r\t", "k": "\u00e9"})",
           "{\"caf\xc3\xa9\": \"\xc3\xa9t\xc3\xa9\", \"n\": [1, \"\xe2\x82\xac\", {\"m\": null}]}",
           "[1, [2, [3, []]], {}, {\"a\": {}}]",
           "\n\n   {\r\n\"packages\": [{\"name\": \"x\"},\n {\"name\": \"y\"}],\t\"pipelines\": {},\n"
           "\"other\": [1]}\n\n",
           R"({"packages": [], "packages": [{"a": 1}], "version": "1"})",
       })
    same_both_ways(text);
}

TEST_CASE("streamed elements of changing shapes read the same both ways", "[doc]") {
  // The JSON reader reads each element into the node the one before it left:
  // lists and maps that grow, shrink or change kind must not keep anything.
  same_both_ways(R"({"packages": [{"a": [1, 2, {"b": 3, "c": [4]}], "d": "x"}, 5, {"a": []},
                     [{"e": null}, "f"], "s", null, {"a": [1], "g": {"h": true}}, {}, [],
                     {"d": "y", "a": [{"b": [], "z": 1}]}],
                     "pipelines": [["p"], {"q": 1}, "r", {"q": [2, 3]}], "version": 1})");
}

TEST_CASE("a UTF-16 surrogate pair is one character in JSON", "[doc]") {
  // yaml-cpp rejects pairs ("invalid unicode"); JSON writes characters beyond the
  // basic plane that way, and simdjson reads them.
  DocNode n = json_tree(R"({"k": "\ud83d\ude00"})");
  REQUIRE(n.entries.size() == 1);
  CHECK(n.entries[0].second.value == "\xf0\x9f\x98\x80");
}

TEST_CASE("a lone carriage return is whitespace in JSON", "[doc]") {
  // yaml-cpp would read `true\r` as a scalar with the CR in it (and reject it as a
  // boolean); the JSON reader reads what JSON says.
  auto t = pubplan::Topology::load_string(
      "{\"version\": 1, \"npm\": {\"orgs\": [{\"name\": \"acme\", \"paid\": true\r }]}}", "t.json");
  CHECK(pubplan::detail::Access::model(t).orgs.at(0).paid.json == "true");
}

TEST_CASE("the JSON reader leaves what is not strict JSON to YAML", "[doc]") {
  for (const char *text : {"{version: 1}", "{\"a\": 1} x", "{\"a\": 1} {\"b\": 2}", "{\"a\": [1,]}",
                           "{\"a\": 01}", "{\"a\": 1.}", "{\"a\": nul}", "{\"a\": \"\\ud800\"}",
                           "{\"a\": 1,}", "{\"a\": 'x'}", "[1, 2", "{\"a\": tru}"}) {
    INFO(text);
    std::vector<Diagnostic> errors;
    DocNode n;
    CHECK(pubplan::detail::parse_json(text, "t.json", errors, DocLimits{}, nullptr, n) ==
          JsonOutcome::not_json);
    CHECK(errors.empty());
  }
  // A YAML flow document that looks like JSON still loads, elements read once.
  auto t = pubplan::Topology::load_string(
      "{version: 1, repositories: [{name: a/r, host: github}],\n"
      " packages: [{name: one, repository: a/r}, {name: 'two', repository: a/r}]}",
      "t.yaml");
  CHECK(t.package_count() == 2);
}

TEST_CASE("limits and NUL escapes stop the JSON reader where YAML stops", "[doc]") {
  const std::string deep = "{\"a\": " + std::string(70, '[') + std::string(70, ']') + "}";
  const std::string nul = "{\"a\": [\"ok\", \"x\\u0000y\"]}";
  for (const std::string &text : {deep, nul}) {
    std::vector<Diagnostic> from_json, from_yaml;
    DocNode n;
    CHECK(pubplan::detail::parse_json(text, "t.json", from_json, DocLimits{}, nullptr, n) ==
          JsonOutcome::failed);
    (void)pubplan::detail::parse_yaml(text, "t.json", from_yaml, DocLimits{});
    REQUIRE(from_json.size() == 1);
    REQUIRE(from_yaml.size() == 1);
    CHECK(from_json[0].message == from_yaml[0].message);
    CHECK(from_json[0].line == from_yaml[0].line);
    CHECK(from_json[0].column == from_yaml[0].column);
  }
}
