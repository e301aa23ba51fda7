// The enumeration's map: clauses over "literal i is in the set", searched by
// unit propagation and branching (see conflict_map.hpp).
#include "solve/conflict_map.hpp"

namespace pubplan::detail {

void ConflictMap::block_supersets(const std::vector<unsigned> &conflict) {
  clauses_.push_back({conflict, false});
}

bool ConflictMap::block_subsets(const std::vector<bool> &in) {
  Clause c{{}, true};
  for (unsigned i = 0; i < n_; ++i)
    if (!in[i]) c.lits.push_back(i);
  if (c.lits.empty()) return false;
  clauses_.push_back(std::move(c));
  return true;
}

bool ConflictMap::extend(std::vector<Value> &assign) const {
  for (;;) {
    // Unit propagation to a fixpoint; the first clause left open is branched on.
    const Clause *branch = nullptr;
    bool changed = false;
    for (const Clause &c : clauses_) {
      const Value wanted = c.wants_in ? Value::in : Value::out;
      bool satisfied = false;
      unsigned open = 0, last_open = 0;
      for (unsigned l : c.lits) {
        if (assign[l] == wanted) {
          satisfied = true;
          break;
        }
        if (assign[l] == Value::open) ++open, last_open = l;
      }
      if (satisfied) continue;
      if (open == 0) return false;
      if (open == 1) {
        assign[last_open] = wanted;
        changed = true;
      } else if (!branch) {
        branch = &c;
      }
    }
    if (changed) continue;
    if (!branch) break;
    const Value wanted = branch->wants_in ? Value::in : Value::out;
    unsigned pick = 0;
    for (unsigned l : branch->lits)
      if (assign[l] == Value::open) {
        pick = l;
        break;
      }
    std::vector<Value> trial = assign;
    trial[pick] = wanted;
    if (extend(trial)) {
      assign = std::move(trial);
      return true;
    }
    assign[pick] = wanted == Value::in ? Value::out : Value::in;
  }
  for (Value &v : assign)
    if (v == Value::open) v = Value::in;
  return true;
}

std::optional<std::vector<unsigned>> ConflictMap::greatest_unexplored() const {
  std::vector<Value> chosen(n_, Value::open);
  // A completion of the choices so far: a literal it has in joins the set with
  // no search, since the completion itself shows that the map allows it.
  std::vector<Value> witness = chosen;
  if (!extend(witness)) return std::nullopt;
  std::vector<unsigned> set;
  for (unsigned i = 0; i < n_; ++i) {
    if (witness[i] != Value::in) {
      std::vector<Value> trial = chosen;
      trial[i] = Value::in;
      if (!extend(trial)) {
        chosen[i] = Value::out;
        continue;
      }
      witness = std::move(trial);
    }
    chosen[i] = Value::in;
    set.push_back(i);
  }
  return set;
}

}  // namespace pubplan::detail
