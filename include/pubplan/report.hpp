// Rendering results: the stable JSON document and the text people read.
#pragma once
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "pubplan/export.hpp"
#include "pubplan/catalog.hpp"
#include "pubplan/result.hpp"
#include "pubplan/topology.hpp"

namespace pubplan {

// The JSON document of `pubplan solve --format json` (schema_version 2, docs/json.md).
// `indent` < 0: compact; otherwise plain values and short lists of them on one
// line, other containers one element per line, `indent` spaces a level
// (docs/json.md, "Layout").
PUBPLAN_API std::string to_json(const Result &result, int indent = 2);
// One part of that document, compact JSON, exactly as the document writes it
// (the Python bindings' to_dict() are these, parsed).
PUBPLAN_API std::string to_json(const Reason &reason);
PUBPLAN_API std::string to_json(const Assumption &assumption);
PUBPLAN_API std::string to_json(const Change &change);
PUBPLAN_API std::string to_json(const Repair &repair);
PUBPLAN_API std::string to_json(const Warning &warning);
PUBPLAN_API std::string to_json(const Token &token);
PUBPLAN_API std::string to_json(const PackageResult &package);
PUBPLAN_API std::string to_json(const StrategyResult &strategy);  // packages[].strategies[ID]
PUBPLAN_API std::string to_json(const AheadChange &change);
// The same document written to `out` package by package, without holding it
// in memory (for large topologies).
PUBPLAN_API void write_json(std::ostream &out, const Result &result, int indent = 2);

// The same document written as a streamed solve goes (Planner::solve with a
// callback): package() for each package as it comes, then finish() with the
// Result that solve returned, which writes the rest (tokens, graph, summary)
// and the packages the Result itself holds, if any. The bytes are those of
// write_json over the same packages. `source` and `catalog_as_of` are the
// topology's source name and the catalog's date (Topology::source_name(),
// Catalog::as_of()).
class PUBPLAN_API JsonWriter {
 public:
  JsonWriter(std::ostream &out, std::string source, std::string catalog_as_of, int indent = 2);
  ~JsonWriter();
  JsonWriter(const JsonWriter &) = delete;
  JsonWriter &operator=(const JsonWriter &) = delete;
  void package(const PackageResult &package);
  void finish(const Result &result);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// An explanation as data: the numbered steps in which a reason set (`because`)
// rules out `target` (a strategy id; empty: every strategy of the package),
// PubGrub style. The text report renders these steps; the JSON carries what
// they are computed from (each rule member's reads, strategies and rules_out).
struct DerivationStep {
  enum class Kind { premise, ruling, conclusion } kind = Kind::premise;
  // Indices into the reason set: a rule first, then the facts it reads; or a
  // fact no rule of the set reads. Empty for the conclusion.
  std::vector<std::size_t> members;
  std::vector<std::string> rules_out;  // ruling: the strategies this step leaves out
  std::vector<int> cites;              // 1-based numbers of the steps it builds on
};
PUBPLAN_API std::vector<DerivationStep> derivation(const std::vector<Reason> &because, const std::string &target);

struct TextStyle {
  bool color = false;
  // Only the summary (`--summary`): counts by recommendation, the packages with
  // nothing that fits grouped by the rules of their conflict, what changes ahead.
  bool summary_only = false;
};

// Which packages a report lists (`--package GLOB`, `--status STATUS`): those
// whose name matches one of `globs` (shell patterns, fnmatch; none: any name)
// and whose recommendation has one of `statuses` (feasible, conditional,
// unknown, nothing-fits; none: any). Tokens, graph and summary stay those of
// the whole topology.
struct PackageFilter {
  std::vector<std::string> globs;
  std::vector<std::string> statuses;
  bool empty() const noexcept { return globs.empty() && statuses.empty(); }
  PUBPLAN_API bool matches(const PackageResult &package) const noexcept;
};
// The status words PackageFilter::statuses takes.
inline constexpr const char *kFilterStatuses[] = {"feasible", "conditional", "unknown", "nothing-fits"};
// `result` with only the packages `filter` matches (and `ahead` narrowed to them).
PUBPLAN_API Result filtered(Result result, const PackageFilter &filter);
// The text report of `pubplan solve`.
PUBPLAN_API std::string to_text(const Result &result, TextStyle style = {});
// What changes ahead (Result::ahead) as sentences, one per change with its
// packages; "" when nothing changes within the horizon. Part of to_text.
PUBPLAN_API std::string ahead_text(const Result &result, TextStyle style = {});
// SARIF 2.1.0 (`pubplan solve --format sarif`), for code scanning: the
// topology's findings, and each package whose recommendation is not feasible
// (nothing fits: level error; conditional or undecided: warning), located at
// the origins the topology gives, with the catalog rules they cite. `result`
// holds its packages (not streamed); `catalog` is the planner's.
PUBPLAN_API std::string to_sarif(const Result &result, const Topology &topology, const Catalog &catalog);
// The same issues as a GitLab Code Quality report (`--format codequality`):
// nothing fits is severity major, the others minor; each with a fingerprint
// that stays the same from run to run.
PUBPLAN_API std::string to_codequality(const Result &result, const Topology &topology);
// The same with the migration plan (`pubplan plan --format sarif|codequality`):
// each step with a location is one more result, level note (Code Quality: info).
struct MigrationPlan;
PUBPLAN_API std::string to_sarif(const Result &result, const Topology &topology, const Catalog &catalog,
                                 const MigrationPlan &plan);
PUBPLAN_API std::string to_codequality(const Result &result, const Topology &topology, const MigrationPlan &plan);
// The Markdown report (`pubplan solve --format markdown`), for a pull-request
// comment or a job summary: a summary table, the packages with nothing that
// fits (conflict and cheapest repairs), the conditional ones, what changes
// ahead, then tokens and every package in collapsed sections. At most `limit`
// characters (GitHub's comment limit by default); what does not fit is left
// out with a note that says how much.
inline constexpr std::size_t kMarkdownLimit = 65'536;
PUBPLAN_API std::string to_markdown(const Result &result, std::size_t limit = kMarkdownLimit);
// The same with the migration plan (`pubplan plan --format markdown`): its
// steps follow the summary and the packages with nothing that fits.
PUBPLAN_API std::string to_markdown(const Result &result, const MigrationPlan &plan,
                                    std::size_t limit = kMarkdownLimit);
// The explanation of one package (`pubplan explain`); strategy empty = all.
PUBPLAN_API std::string explain_text(const PackageResult &package, const std::string &strategy,
                                     TextStyle style = {});

}  // namespace pubplan
