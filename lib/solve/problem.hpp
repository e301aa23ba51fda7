// One package's decision problem: exactly the facts the catalog's rules can read
// for it, as numbered slots. Packages with equal signatures have the same answer
// up to renaming, so each distinct shape is solved once.
#pragma once
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "catalog/catalog_model.hpp"
#include "topology/model.hpp"

namespace pubplan::detail {

// Where a slot's fact lives in the topology, for explanations.
// `unknown_pipeline`: a fact of the pipelines of a package published by
// `unknown` pipelines (entity: the package).
struct FactRef {
  enum class Kind : std::uint8_t { package, pipeline, repository, org, policy, unknown_pipeline } kind;
  int entity = -1;
  Attr attr;
};

struct Slot {
  ValueType type;
  std::uint32_t values = 0;  // enumerations: number of values
  Domain domain;             // the values the facts allow
  bool tracked = false;      // a stated fact: may appear in a reason set
  FactRef ref;
  std::uint32_t stands_for = 1;  // facts of the topology it stands for (merged pipelines)
};

inline constexpr int kPackageAttrs = kFirstPipelineAttr;
inline constexpr int kPipelineAttrs = kFirstStrategyAttr - kFirstPipelineAttr;

struct Problem {
  int package = -1;
  std::vector<Slot> slots;
  std::array<int, kPackageAttrs> package_slot{};
  std::vector<std::array<int, kPipelineAttrs>> pipeline_slot;  // per publishing pipeline
  std::vector<int> pipelines;                                  // their model indices
  // Per publishing pipeline: the model indices of the other pipelines of the
  // package with exactly its facts (same repository), merged into it (see
  // build_problem); a change a repair makes to the pipeline is made to its
  // copies too.
  std::vector<std::vector<int>> copies;
  // `published_by: unknown`: the one pipeline position (0, model index -1)
  // stands for every pipeline of the package, each fact unknown, and exists
  // only when package.pipelines >= 1 (0 is a person publishing). One position
  // is enough: the catalog's conditions over pipelines are per pipeline or
  // quantified over them, and unknown pipelines can each be the worst or best
  // case. Package.pipelines = 0 exactly when package.publishers = 0.
  bool publishers_unknown = false;
  // Whether position `pos` exists only when package.pipelines >= 1.
  bool guarded(int pos) const { return publishers_unknown && pos == 0; }

  int slot_of(Attr a, int pipeline_pos) const {
    int i = static_cast<int>(a);
    return i < kFirstPipelineAttr ? package_slot[i] : pipeline_slot[pipeline_pos][i - kFirstPipelineAttr];
  }
  // Everything the answer depends on, and nothing it does not: no names, no
  // origins, and versions and counts only as the piece of the catalog's cuts
  // (`value_cuts`) they fall in, since no rule can tell apart two values there.
  // With `reads`, only the facts of those attributes count (the others by
  // their type alone): the shape as one strategy sees it (strategy_reads).
  std::string signature(const std::vector<std::vector<std::int64_t>> &cuts,
                        const std::vector<bool> *reads = nullptr) const;
  // The facts of the topology slot `slot` stands for: its own, then the same
  // fact of each pipeline merged into its pipeline.
  std::vector<FactRef> facts_of(int slot) const;
};

// With `merge`, a pipeline with the same facts as one before it in the package's
// `published_by` is merged into that one (Problem::copies) when its facts of
// the attributes `merge` marks (merge_needs_known) are known values. Without,
// every pipeline is its own (the independent checker's view).
Problem build_problem(const TopologyModel &m, int package, const std::vector<bool> *merge = nullptr);

// A problem of one package published by `pipelines` pipelines in which only the
// facts in `known` are known (a pipeline fact holds for each pipeline) and every
// other fact may be anything: for reading the catalog's rules against what a
// scan saw, without a topology.
Problem problem_of_facts(const Vocabulary &vocabulary, int pipelines,
                         const std::vector<std::pair<Attr, Domain>> &known);

// Per attribute: whether pipelines must know it to be merged. A rule instance
// per pipeline reads one pipeline, so copies with the same unknowns answer as
// one; a condition quantified over the pipelines (every_pipeline, some_pipeline)
// can tell copies with different values apart, so what it reads must be known.
std::vector<bool> merge_needs_known(const CatalogModel &cat);

// Per attribute, sorted: the values at which some comparison of the catalog may
// change its answer. Two values with the same number of cuts at or below them
// satisfy exactly the same conditions.
std::vector<std::vector<std::int64_t>> value_cuts(const CatalogModel &cat);

// Per strategy, per attribute: whether the strategy's answer can depend on it:
// its requirement rules read it, or a provision of a capability they read does,
// or it is a pipeline's provider or a repository's host (the format ties the
// two together). A strategy's status, conflicts and repairs are the same for
// every problem that agrees on these facts.
std::vector<std::vector<bool>> strategy_reads(const CatalogModel &cat);

// Per attribute: whether some strategy's answer can depend on it (strategy_reads,
// with what every provision reads). A package's whole answer, its conflict and
// diagnosis when nothing fits included, is the same for every problem that
// agrees on these facts; a fact of another attribute is free in its encoding.
std::vector<bool> attributes_read(const CatalogModel &cat);

// How a rule instance at pipeline position `pos` is named in reasons:
// `pipelines[NAME]`, or `packages[NAME].published_by` for unknown pipelines.
std::string instance_name(const TopologyModel &m, const Problem &pr, int pos);

// Reporting helpers for a slot of a problem.
std::string fact_path(const TopologyModel &m, const FactRef &ref);
std::string fact_value_json(const TopologyModel &m, const FactRef &ref);
const Fact *fact_of(const TopologyModel &m, const FactRef &ref);
Origin fact_origin(const TopologyModel &m, const FactRef &ref);

}  // namespace pubplan::detail
