// The pubplan command's arguments: parsed with CLI11, one subcommand each,
// defaults from the library's own option structs (pubplan::Options,
// pubplan::ScanOptions), so that they are written in one place.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "pubplan/pubplan.hpp"

namespace cli {

inline constexpr int kExitUsage = 2;
// --verify: the independent checker disagrees with the solver (a bug in pubplan).
inline constexpr int kExitDisagreement = 4;

struct Args {
  std::string command;
  std::string file;                 // solve, plan, explain, validate, graph
  std::string package;              // explain
  std::vector<std::string> dirs;    // scan
  std::string format = "text";
  bool format_given = false;
  std::vector<std::string> catalogs;
  std::optional<std::string> strategy;
  pubplan::Options options;  // the library's defaults, changed by the flags
  bool verify = false;
  std::optional<std::string> output;
  bool quiet = false;
  bool whole_org = false;
  pubplan::ScanOptions scan;  // the scan's registry options, the library's defaults
  bool print_normalized = false;
  std::vector<pubplan::Gate> fail_on;  // empty: the usual exit codes
  pubplan::PackageFilter filter;  // solve: --package, --status
  bool summary = false;           // solve: --summary
  pubplan::DotOptions graph;      // graph: --package, --pipeline, --no-legend
  std::optional<int> done;  // help or the version was printed: exit with this code
};

// Parses the command line. Prints help or the version when asked (and sets
// `done`); prints a usage error and exits 2 when the arguments are wrong.
Args parse_arguments(int argc, char **argv);

// "pubplan CMD: error: MESSAGE" and a pointer to the command's help; exit 2.
[[noreturn]] void usage_error(const std::string &command, const std::string &message);

// The closest of `candidates` to `word` when close enough to be a typo.
std::optional<std::string> closest(const std::string &word, const std::vector<std::string> &candidates);

}  // namespace cli
