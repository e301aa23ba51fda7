// libFuzzer target: the topology loader on arbitrary bytes (YAML, and JSON when
// the input starts with '{'). Any input must either load or be rejected with
// diagnostics that carry the file name; nothing else may escape. And where the
// JSON reader (simdjson) reads an input, the YAML reader (yaml-cpp) must read the
// same tree with the same positions, or reject it (yaml-cpp rejects some JSON,
// such as UTF-16 surrogate pairs), except where yaml-cpp reads JSON wrongly;
// and so must the elements of the lists the loader streams.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "format/document.hpp"
#include "pubplan/pubplan.hpp"

namespace {

using pubplan::detail::DocNode;

bool same(const DocNode &a, const DocNode &b) {
  if (a.kind != b.kind || a.value != b.value || a.plain != b.plain || a.line != b.line ||
      a.column != b.column || a.items.size() != b.items.size() ||
      a.entries.size() != b.entries.size())
    return false;
  for (std::size_t i = 0; i < a.items.size(); ++i)
    if (!same(a.items[i], b.items[i])) return false;
  for (std::size_t i = 0; i < a.entries.size(); ++i)
    if (!same(a.entries[i].first, b.entries[i].first) || !same(a.entries[i].second, b.entries[i].second))
      return false;
  return true;
}

// A carriage return not followed by a line feed is whitespace to JSON; yaml-cpp
// makes it part of a plain scalar (`true\r` is not `true` to it). No comparison
// there: JSON's reading is the right one (tests/unit/test_doc.cpp).
bool has_lone_cr(std::string_view text) {
  for (std::size_t i = text.find('\r'); i != std::string_view::npos; i = text.find('\r', i + 1))
    if (i + 1 == text.size() || text[i + 1] != '\n') return true;
  return false;
}

void json_reads_as_yaml(std::string_view text) {
  if (has_lone_cr(text)) return;
  std::vector<pubplan::Diagnostic> from_json, from_yaml;
  DocNode json;
  if (pubplan::detail::parse_json(text, "fuzz.yaml", from_json, {}, nullptr, json) !=
      pubplan::detail::JsonOutcome::parsed)
    return;
  const DocNode yaml = pubplan::detail::parse_yaml(text, "fuzz.yaml", from_yaml, {});
  if (!from_yaml.empty()) return;
  if (!same(json, yaml)) std::abort();
  // Streamed too: the JSON reader reads each element of a streamed list into the
  // node the element before it left, so every element must still read as YAML's.
  std::vector<DocNode> json_elements, yaml_elements;
  auto collect = [](std::vector<DocNode> &into) {
    return pubplan::detail::DocStream{
        {"packages", "pipelines"}, [&into](const std::string &, const DocNode &n) { into.push_back(n); }, {}};
  };
  const auto json_stream = collect(json_elements), yaml_stream = collect(yaml_elements);
  from_json.clear();
  DocNode json_rest;
  if (pubplan::detail::parse_json(text, "fuzz.yaml", from_json, {}, &json_stream, json_rest) !=
      pubplan::detail::JsonOutcome::parsed)
    std::abort();  // it read the same text without a stream
  const DocNode yaml_rest = pubplan::detail::parse_yaml(text, "fuzz.yaml", from_yaml, {}, &yaml_stream);
  if (!from_yaml.empty() || !same(json_rest, yaml_rest) || json_elements.size() != yaml_elements.size())
    std::abort();
  for (std::size_t i = 0; i < json_elements.size(); ++i)
    if (!same(json_elements[i], yaml_elements[i])) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char *>(data), size);
  try {
    pubplan::Topology t = pubplan::Topology::load_string(text, "fuzz.yaml");
    (void)t.package_count();
  } catch (const pubplan::TopologyError &e) {
    if (e.diagnostics().empty()) std::abort();  // an error must say what is wrong
    for (const auto &d : e.diagnostics())
      if (d.file != "fuzz.yaml" || d.message.empty()) std::abort();
  }
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && (text[first] == '{' || text[first] == '[')) json_reads_as_yaml(text);
  return 0;
}
