// The map of the conflict enumeration (diagnosis.cpp): which subsets of a
// problem's literals are still unexplored. A conflict found blocks its
// supersets (one of its literals must be out), a maximal satisfiable set its
// subsets (one literal outside it must be in). The next seed is the greatest
// unexplored set in literal order: each literal in, in turn, if the map allows
// it with the choices before it.
//
// That set is defined by the clauses alone, so any exact procedure gives it.
// This one is a small search over at most a few dozen clauses, where asking Z3
// (a solver with one boolean per literal, one check per literal the last model
// left out, and a model read after each) was half of the enumeration's time
// (enterprise generator, 100,000 packages; docs/explanations.md).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace pubplan::detail {

class ConflictMap {
 public:
  explicit ConflictMap(unsigned literals) : n_(literals) {}

  // Some literal of `conflict` must be out: its supersets are explored.
  void block_supersets(const std::vector<unsigned> &conflict);
  // Some literal outside `in` must be in: the subsets of `in` are explored.
  // Returns false when every literal is in `in` (nothing can be added).
  bool block_subsets(const std::vector<bool> &in);

  // The greatest unexplored set in literal order (literal 0 decides first, in
  // before out), or nothing when every set is explored.
  std::optional<std::vector<unsigned>> greatest_unexplored() const;

 private:
  enum class Value : std::int8_t { out, in, open };
  struct Clause {
    std::vector<unsigned> lits;
    bool wants_in;  // true: one of lits must be in; false: one must be out
  };
  // Whether `assign` extends to a set every clause allows; if so it is
  // completed to one (open literals in where nothing decides them).
  bool extend(std::vector<Value> &assign) const;

  unsigned n_;
  std::vector<Clause> clauses_;
};

}  // namespace pubplan::detail
