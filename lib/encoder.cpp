#include "encoder_impl.hpp"
#include "pubplan/error.hpp"

namespace pubplan::detail {

Encoder::Encoder(const CatalogModel &catalog, SolverLimits limits)
    : impl_(std::make_unique<Impl>(catalog, limits)) {}
Encoder::~Encoder() = default;

ProblemOutcome Encoder::solve(const Problem &problem, bool diagnose) {
  try {
    return impl_->solve(problem, diagnose);
  } catch (const z3::exception &) {
    // An interrupted context makes Z3 calls other than check() throw ("push canceled").
    if (interrupted()) throw Interrupted();
    throw;
  }
}

void Encoder::interrupt() noexcept {
  interrupted_.store(true);
  impl_->ctx.interrupt();
}

bool Encoder::unsat_with(const Problem &problem, int strategy, const std::vector<Item> &keep) {
  Impl &im = *impl_;
  im.solver.push();
  im.encode(problem);
  z3::expr_vector a(im.ctx);
  for (unsigned i = 0; i < im.lits.size(); ++i)
    if (std::find(keep.begin(), keep.end(), im.items[i]) != keep.end()) a.push_back(im.lits[i]);
  if (strategy >= 0) a.push_back(im.sel[strategy]);
  else im.solver.add(z3::mk_or(im.sel));
  bool unsat = im.solver.check(a) == z3::unsat;
  im.solver.pop();
  im.pr = nullptr;
  return unsat;
}

}  // namespace pubplan::detail
