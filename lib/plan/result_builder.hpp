// Packages' results read out of their problems' outcomes: statuses and
// reasons, conflicts and repairs as the user reads them, and the ranking.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog_model.hpp"
#include "pubplan/result.hpp"
#include "solve/encoder.hpp"
#include "solve/problem.hpp"

namespace pubplan::detail {

class ResultBuilder {
 public:
  // `diagnosed`: the outcomes hold every infeasible strategy's diagnosis.
  ResultBuilder(const TopologyModel &m, const CatalogModel &cat, bool diagnosed = false)
      : m_(m), cat_(cat), diagnosed_(diagnosed) {}

  // The budget slot stands for npm.tokens_in_use: its repair is retiring
  // tokens down to the count at which every requested token fits.
  void set_tokens_in_use_to_fit(long long n) { tokens_in_use_to_fit_ = n; }

  // The recommended strategy alone: the ranking reads only the statuses, the
  // provenance and the package's policy, so no reasons are built for it.
  std::optional<std::string> recommended(const Problem &pr, const ProblemOutcome &out) const;

  // Statuses, provenance and the ranking, nothing else: what `ahead` compares.
  PackageResult brief(const Problem &pr, const ProblemOutcome &out) const;

  PackageResult build(const Problem &pr, const ProblemOutcome &out) const;

 private:
  const TopologyModel &m_;
  const CatalogModel &cat_;
  bool diagnosed_ = false;
  long long tokens_in_use_to_fit_ = 0;

  void fill(const Problem &pr, int target, const Diagnosis &d, std::vector<std::vector<Reason>> &conflicts,
            bool &conflicts_complete, std::vector<Repair> &repairs, bool &repairs_complete) const;

  // Two slots can be one fact of the file (`published_by` is both the number
  // of pipelines and of publishers): two conflicts minimal over slots can read
  // as one inside the other. Only the sets minimal as people read them stay.
  static void drop_supersets(std::vector<std::vector<Reason>> &sets);

  // What an assumption needs, as read beside its fact's path: a count of
  // `published_by: unknown` is cited as `published_by`, so it names which.
  std::string need_text(const FactRef &ref, const std::string &needs) const;

  std::string value_json(const Slot &s, const Domain &d) const;

  static std::string source_text(const Rule &r);

  // `target`: the strategy the reason set leaves out, -1 every strategy.
  std::vector<Reason> reasons(const Problem &pr, const std::vector<Item> &core, int target) const;

  // The slots a rule instance's conditions read (capabilities through their provisions).
  void slots_read(const Problem &pr, const Cond &c, int pos, std::vector<int> &out, int depth) const;
  void slots_read(const Problem &pr, const Rule &r, int pos, std::vector<int> &out) const;

  const RankingOrder &order_for_profiles() const;

  void rank(const Problem &pr, PackageResult &res) const;
};

}  // namespace pubplan::detail
