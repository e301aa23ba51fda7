// libFuzzer target: the scanner's readers on arbitrary files. The input is cut
// at lines "----" into the files of one checkout (a root package.json, a
// GitHub workflow, a local composite action, .gitlab-ci.yml, a CircleCI
// config, pnpm-workspace.yaml, rush.json, an Azure pipeline, a release script
// and a package of the workspace), written to a scratch directory that is
// scanned. The scan must not crash, and what it writes must load as a
// topology: a scan's output that `solve` rejects is a bug.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "pubplan/pubplan.hpp"
#include "pubplan/scan.hpp"

namespace {

namespace fs = std::filesystem;

constexpr const char *kFiles[] = {
    "package.json",          ".github/workflows/release.yml", ".github/actions/setup/action.yml",
    ".gitlab-ci.yml",        ".circleci/config.yml",          "pnpm-workspace.yaml",
    "rush.json",             "build/pipelines/release.yml",   "scripts/release.sh",
    "packages/a/package.json", "nx.json",                     "packages/a/project.json"};

const fs::path &scratch() {
  static const fs::path dir = [] {
    std::string tmpl = (fs::temp_directory_path() / "pubplan-fuzz-scan-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) std::abort();
    return fs::path(tmpl);
  }();
  return dir;
}

void write(const fs::path &path, std::string_view text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary).write(text.data(), static_cast<std::streamsize>(text.size()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char *>(data), size);
  const fs::path &root = scratch();
  std::size_t start = 0;
  for (const char *name : kFiles) {
    const fs::path path = root / name;
    if (start > input.size()) {
      std::error_code ec;
      fs::remove(path, ec);
      continue;
    }
    std::size_t end = input.find("\n----\n", start);
    if (end == std::string_view::npos) end = input.size();
    write(path, input.substr(start, end - start));
    start = end + 6;
  }
  pubplan::ScanOptions options;
  options.as_of = "2026-12-04";
  pubplan::ScanResult result;
  try {
    result = pubplan::scan({root.string()}, options);
  } catch (const pubplan::InputError &) {
    std::abort();  // the root is a readable directory
  }
  try {
    pubplan::Topology::load_string(result.topology, "<scan>");
  } catch (const pubplan::TopologyError &e) {
    std::fprintf(stderr, "the scan wrote a topology that does not load:\n%s\n%s\n", e.what(),
                 result.topology.c_str());
    std::abort();
  }
  return 0;
}
