#include "solve/encoding.hpp"
#include "pubplan/error.hpp"

namespace pubplan::detail {

Encoder::Encoder(const CatalogModel &catalog, SolverLimits limits)
    : impl_(std::make_unique<Impl>(catalog, limits)) {}
Encoder::~Encoder() = default;

namespace {

// An interrupted context makes Z3 calls other than check() throw ("push
// canceled"): that is an interruption, not an error of the problem.
template <class Call>
auto interruptible(const Encoder &encoder, Call call) -> decltype(call()) {
  try {
    return call();
  } catch (const z3::exception &) {
    if (encoder.interrupted()) throw Interrupted();
    throw;
  }
}

}  // namespace

ProblemOutcome Encoder::solve(const Problem &problem, Diagnose what, const std::vector<bool> &strategies) {
  return interruptible(*this, [&] { return impl_->solve(problem, what, strategies); });
}

ProblemOutcome Encoder::decide(const Problem &problem, Diagnose what, const std::vector<bool> &strategies) {
  return interruptible(*this, [&] { return impl_->decide(problem, what, strategies); });
}

void Encoder::complete(const Problem &problem, Diagnose what, ProblemOutcome &outcome) {
  interruptible(*this, [&] { impl_->complete(problem, what, outcome); });
}

void Encoder::diagnose_strategies(const Problem &problem, ProblemOutcome &outcome, const std::vector<bool> &strategies) {
  interruptible(*this, [&] { impl_->diagnose_strategies(problem, outcome, strategies); });
}

void Encoder::interrupt() noexcept {
  interrupted_.store(true);
  impl_->ctx.interrupt();
}

std::vector<bool> Encoder::unsat_each(const Problem &problem, int strategy,
                                      const std::vector<std::vector<Item>> &sets) {
  std::vector<ItemSet> all;
  all.reserve(sets.size());
  for (const auto &items : sets) all.push_back({strategy, items});
  return unsat_each(problem, all);
}

std::vector<bool> Encoder::unsat_each(const Problem &problem, const std::vector<ItemSet> &sets) {
  Impl &im = *impl_;
  im.solver.push();
  im.encode(problem);
  // "Every strategy impossible" as an assumption, so that one encoding serves
  // the sets of single strategies too.
  const z3::expr any = im.ctx.bool_const("unsat_each.any");
  im.solver.add(z3::implies(any, z3::mk_or(im.sel)));
  std::vector<bool> out;
  for (const auto &set : sets) {
    z3::expr_vector a(im.ctx);
    for (unsigned i = 0; i < im.lits.size(); ++i)
      if (std::find(set.items.begin(), set.items.end(), im.items[i]) != set.items.end()) a.push_back(im.lits[i]);
    a.push_back(set.strategy >= 0 ? im.sel[set.strategy] : any);
    out.push_back(im.solver.check(a) == z3::unsat);
  }
  im.solver.pop();
  im.pr = nullptr;
  return out;
}

std::vector<std::vector<Status>> Encoder::monolithic_statuses(const std::vector<Problem> &problems,
                                                              double time_limit_seconds, std::size_t *checks) {
  Impl &im = *impl_;
  const auto start = std::chrono::steady_clock::now();
  auto out_of_time = [&] {
    return time_limit_seconds > 0 &&
           std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > time_limit_seconds;
  };
  std::size_t done = 0;
  const std::size_t S = im.cat.strategies.size();
  std::vector<z3::expr_vector> lits, sels, unbroken;  // per problem
  for (std::size_t k = 0; k < problems.size(); ++k) {
    im.prefix = fmt::format("k{}_", k);
    im.encode(problems[k]);
    // g_st: "some requirement of strategy st is broken", behind a literal, so
    // that "feasible for every value of the unknowns" is an assumption check too.
    z3::expr_vector guards(im.ctx);
    for (std::size_t st = 0; st < S; ++st) {
      z3::expr_vector reqs(im.ctx);
      for (const Rule &r : im.cat.rules) {
        if (!r.enabled || r.kind != RuleKind::requirement || !im.applies(r, static_cast<int>(st))) continue;
        for (int pos : im.instances(r)) reqs.push_back(im.requirement(r, static_cast<int>(st), pos));
      }
      z3::expr g = im.ctx.bool_const(fmt::format("{}g{}", im.prefix, st).c_str());
      im.solver.add(z3::implies(g, !z3::mk_and(reqs)));
      guards.push_back(g);
    }
    lits.push_back(im.lits);
    sels.push_back(im.sel);
    unbroken.push_back(guards);
  }
  im.prefix.clear();
  im.pr = nullptr;
  std::vector<std::vector<Status>> out(problems.size(), std::vector<Status>(S, Status::unknown));
  for (std::size_t k = 0; k < problems.size() && !out_of_time(); ++k)
    for (std::size_t st = 0; st < S; ++st) {
      // A copy of an expr_vector shares its elements: build a new one.
      z3::expr_vector a(im.ctx);
      for (const auto &l : lits[k]) a.push_back(l);
      a.push_back(sels[k][static_cast<int>(st)]);
      const z3::check_result possible = im.solver.check(a);
      ++done;
      if (possible == z3::unknown) continue;
      if (possible == z3::unsat) {
        out[k][st] = Status::infeasible;
        continue;
      }
      // Breakable: the facts allow some requirement of st to fail (no selector:
      // with it, every requirement of st is enforced).
      z3::expr_vector b(im.ctx);
      for (const auto &l : lits[k]) b.push_back(l);
      b.push_back(unbroken[k][static_cast<int>(st)]);
      const z3::check_result breakable = im.solver.check(b);
      ++done;
      if (breakable != z3::unknown) out[k][st] = breakable == z3::unsat ? Status::feasible : Status::conditional;
    }
  if (interrupted()) throw Interrupted();
  if (checks) *checks = done;
  return out;
}

}  // namespace pubplan::detail
