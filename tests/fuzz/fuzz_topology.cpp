// libFuzzer target: the topology loader on arbitrary bytes (YAML, and JSON when
// the input starts with '{'). Any input must either load or be rejected with
// diagnostics that carry the file name; nothing else may escape.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "pubplan/pubplan.hpp"

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
  return 0;
}
