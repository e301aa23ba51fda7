// Reading checkouts into a topology: `pubplan scan`. The scan reads files only
// (it never runs anything, never follows a symbolic link out of the scanned
// directory, and touches the network only when asked to read the registry) and writes topology v1 YAML in which every
// fact carries the FILE:LINE it came from, plus the problems it saw ("findings").
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "pubplan/catalog.hpp"
#include "pubplan/error.hpp"
#include "pubplan/export.hpp"
#include "pubplan/topology.hpp"  // Finding

namespace pubplan {

struct ScanOptions {
  std::size_t max_file_bytes = std::size_t(4) << 20;  // larger files are skipped with a warning
  std::size_t max_files = 200'000;                    // files looked at per root
  // Called with a line of progress (directories walked, files read); may be empty.
  std::function<void(const std::string &)> progress;
  // The day whose rules the findings read, "YYYY-MM-DD"; empty: today.
  std::string as_of;
  // The roots hold every package of the organisation: the topology says it is
  // complete (npm.complete), so the token plan may grant whole scopes. False: it
  // writes npm.complete: false, and tokens grant packages one by one.
  bool whole_org = false;
  // Read each package's packument from a registry, anonymously: whether it
  // exists yet and, where the registry serves it to anyone, that it is public.
  // False: the scan uses no network at all.
  bool registry = false;
  // The registry to read; empty: the user's npm configuration (NPM_CONFIG_REGISTRY,
  // else `registry=` of ~/.npmrc), else https://registry.npmjs.org/. Never a
  // file of the scanned checkouts.
  std::string registry_url;
  long registry_timeout_ms = 10'000;  // per packument; a time-out leaves the facts unknown
};

struct ScanResult {
  std::string topology;                // topology v1 YAML (loads with Topology::load_string)
  std::vector<Finding> findings;       // also inside `topology`, in the same order
  std::vector<Diagnostic> warnings;    // files that could not be read or parsed; the scan went on
};

// Scans one or more checkouts of one organisation into one topology.
// Throws InputError when a root is missing or is not a readable directory.
PUBPLAN_API ScanResult scan(const std::vector<std::string> &roots, const ScanOptions &options = {});
// The same with a catalog: the findings read its rules (which CI can use trusted
// publishing, which npm it needs, ...) and its vocabulary (which hosts a CI builds).
PUBPLAN_API ScanResult scan(const std::vector<std::string> &roots, const ScanOptions &options,
                            const Catalog &catalog);

}  // namespace pubplan
