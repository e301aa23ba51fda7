// Three-valued evaluation of catalog conditions over a problem's fact domains,
// without the solver: used to say what a conditional strategy assumes and which
// warnings apply. (The solver decides statuses; this reads them out for people.)
#pragma once
#include <string>
#include <vector>

#include "catalog/catalog_model.hpp"
#include "solve/problem.hpp"

namespace pubplan::detail {

enum class Tri : std::uint8_t { no, yes, maybe };

// What an undecided atom needs from an unknown fact.
struct Need {
  int slot;
  std::string needs;  // ">= 22.14.0", "hosted", "one of A, B", "true"
  bool operator==(const Need &) const = default;
};

class Evaluator {
 public:
  Evaluator(const CatalogModel &cat, const Problem &pr) : cat_(cat), pr_(pr) {}

  Tri eval(const Cond &c, int strategy, int pos, std::vector<Need> *needs = nullptr,
           bool negated = false) const;
  // A requirement rule instance: (when => requires).
  Tri requirement(const Rule &r, int strategy, int pos, std::vector<Need> *needs = nullptr) const;
  // Whether a warning rule applies to a strategy (yes or maybe for some instance).
  Tri warning(const Rule &r, int strategy) const;
  // Needs of every undecided requirement of a strategy.
  std::vector<Need> assumptions(int strategy) const;

 private:
  const CatalogModel &cat_;
  const Problem &pr_;
  Tri capability(int strategy, int cap, std::vector<Need> *needs, bool negated) const;
  // `t`, read at a pipeline position that may not exist (Problem::guarded):
  // as (there is none or t) when `vacuous`, else (there is one and t). `local`
  // holds t's needs and becomes the result's.
  Tri requirement_here(const Rule &r, int strategy, int pos, std::vector<Need> *needs) const;
  Tri guard(bool vacuous, int pos, Tri t, std::vector<Need> &local, bool negated) const;
};

}  // namespace pubplan::detail
