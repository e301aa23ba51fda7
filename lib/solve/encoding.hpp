// Encoder internals, shared by the encoding (encoder.cpp) and the diagnosis
// (diagnosis.cpp) that works on the same solver and literals.
#pragma once
#include <z3++.h>

#include <chrono>
#include <unordered_map>

#include <fmt/format.h>

#include "solve/encoder.hpp"

namespace pubplan::detail {

inline z3::expr in_domain(z3::context &ctx, const z3::expr &v, ValueType type, std::uint32_t values,
                   const Domain &d) {
  switch (type) {
    case ValueType::boolean:
      if (d.mask == 0b10) return v;
      if (d.mask == 0b01) return !v;
      return ctx.bool_val(d.mask == 0b11);
    case ValueType::enumeration: {
      z3::expr_vector alts(ctx);
      for (std::uint32_t k = 0; k < values; ++k)
        if (d.mask & (1u << k)) alts.push_back(v == ctx.int_val(k));
      return alts.empty() ? ctx.bool_val(false) : z3::mk_or(alts);
    }
    case ValueType::version:
    case ValueType::integer:
      return v >= ctx.int_val(d.lo) && v <= ctx.int_val(d.hi);
  }
  return ctx.bool_val(true);
}



struct Encoder::Impl {
  const CatalogModel &cat;
  z3::context ctx;
  z3::solver solver;

  // Per problem.
  const Problem *pr = nullptr;
  std::vector<z3::expr> vars;             // per slot
  std::vector<std::vector<z3::expr>> caps;  // [strategy][capability]
  z3::expr_vector lits;                   // assumption literals
  std::vector<Item> items;                // what each literal stands for (parallel to lits)
  z3::expr_vector sel;                    // strategy selectors

  SolverLimits limits;
  std::vector<std::vector<std::int64_t>> bounds;  // per attribute: the bounds the catalog compares with
  // Per strategy: the attributes its requirements and all its provisions read
  // (strategy_reads, plus the capabilities only capability() asks about).
  std::vector<std::vector<bool>> encoded_reads;
  // What any strategy reads (attributes_read): the part of a problem encoded
  // when every strategy is.
  std::vector<bool> all_reads;

  // Diagnosis (diagnosis.cpp): every conflict and the cheapest repairs of a target
  // that is unsat: a strategy (`fixed` = its selector) or, with `fixed` empty and
  // "some strategy" asserted, the package.
  Diagnosis diagnose(const z3::expr_vector &fixed, const std::vector<Item> &first);
  std::vector<std::vector<Item>> enumerate_conflicts(const z3::expr_vector &fixed, const std::vector<Item> &first,
                                                     bool &complete, unsigned &budget);
  std::vector<RepairOutcome> find_repairs(const z3::expr_vector &fixed, bool &complete, unsigned &budget);
  std::vector<Item> shrink(std::vector<unsigned> seed, const z3::expr_vector &fixed, bool &minimal,
                           const std::vector<unsigned> *core = nullptr);
  bool grow(z3::expr_vector &base, const std::vector<unsigned> &soft, std::vector<unsigned> &change);
  void verify(Diagnosis &d, int strategy);
  void collect_bounds(const Cond &c);
  static void mark_reads(const Cond &c, std::vector<bool> &out) {
    if (c.op == Cond::Op::atom) out[static_cast<int>(c.attr)] = true;
    for (const auto &k : c.kids) mark_reads(k, out);
  }

  Impl(const CatalogModel &c, SolverLimits lim)
      : cat(c), solver(ctx, z3::solver::simple()), lits(ctx), sel(ctx), limits(lim), bounds(kAttrCount) {
    for (const Rule &r : cat.rules) {
      if (r.when) collect_bounds(*r.when);
      collect_bounds(r.condition);
    }
    for (auto &b : bounds) {
      std::sort(b.begin(), b.end());
      b.erase(std::unique(b.begin(), b.end()), b.end());
    }
    encoded_reads = strategy_reads(cat);
    for (const Rule &r : cat.rules)
      if (r.enabled && r.kind == RuleKind::provision)
        for (int st : r.strategies) mark_reads(r.condition, encoded_reads[st]);
    all_reads = attributes_read(cat);
    z3::params p(ctx);
    // Z3 would otherwise install its own SIGINT handler around every check (two
    // system calls each), and Ctrl-C would turn the check under way into
    // `unknown` instead of stopping pubplan.
    p.set("ctrl_c", false);
    // Per-check cost: the problems are small and checked thousands of times,
    // and Z3's simplex-based arithmetic (2) without relevancy filtering costs
    // 18% less checking time than its defaults here, with the same answers
    // (Z3 4.8.12, mixed generator, 10,000 packages; docs/explanations.md).
    p.set("arith.solver", 2u);
    p.set("relevancy", 0u);
    if (lim.rlimit) p.set("rlimit", static_cast<unsigned>(std::min<std::uint64_t>(lim.rlimit, UINT32_MAX)));
    if (lim.time_limit_ms) p.set("timeout", lim.time_limit_ms);
    solver.set(p);
  }

  // Set when an answer may depend on what the context solved before: a check
  // answered unknown (how much work a check takes depends on what the solver
  // has learned), or a repair took a value from Z3's model, not from a pin.
  // Answers computed without it are those a fresh context gives.
  bool history_dependent = false;

  // Per strategy: a set of literals (decide's reason set) known to leave it
  // out; empty when none is known. A strategy stays out while every fact of
  // its set keeps its value, so repairs and their verification need not ask
  // the solver about it (a repair that unlocks it changes one of them).
  std::vector<std::vector<Item>> known_out;
  void know_reasons(const ProblemOutcome &out) {
    known_out.assign(cat.strategies.size(), {});
    for (std::size_t st = 0; st < out.strategies.size() && st < known_out.size(); ++st)
      if (out.strategies[st].status == Status::infeasible) known_out[st] = out.strategies[st].core;
  }
  // The literals of every strategy's known reason set together, which leave
  // them all out at once; empty unless each strategy has one.
  std::vector<unsigned> every_known_literal() const {
    std::vector<unsigned> out;
    if (known_out.empty()) return out;
    for (const auto &set : known_out) {
      if (set.empty()) return {};
      for (const Item &it : set) {
        const auto at = std::find(items.begin(), items.end(), it);
        if (at == items.end()) return {};  // not a literal of this encoding: no use
        out.push_back(static_cast<unsigned>(at - items.begin()));
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }
  template <class Changed>
  bool stays_out(std::size_t st, Changed changed) const {
    if (st >= known_out.size() || known_out[st].empty()) return false;
    return std::none_of(known_out[st].begin(), known_out[st].end(),
                        [&](const Item &it) { return it.kind == Item::Kind::fact && changed(it.index); });
  }

  z3::check_result check(z3::solver &s, const z3::expr_vector &assumptions) {
    const z3::check_result r = s.check(assumptions);
    history_dependent |= r == z3::unknown;
    return r;
  }

  z3::expr cond(const Cond &c, int strategy, int pos) {
    switch (c.op) {
      case Cond::Op::all:
      case Cond::Op::any: {
        z3::expr_vector kids(ctx);
        for (const auto &k : c.kids) kids.push_back(cond(k, strategy, pos));
        if (kids.empty()) return ctx.bool_val(c.op == Cond::Op::all);
        return c.op == Cond::Op::all ? z3::mk_and(kids) : z3::mk_or(kids);
      }
      case Cond::Op::negate: return !cond(c.kids[0], strategy, pos);
      case Cond::Op::every_pipeline:
      case Cond::Op::some_pipeline: {
        z3::expr_vector kids(ctx);
        for (std::size_t i = 0; i < pr->pipelines.size(); ++i) {
          const int pos = static_cast<int>(i);
          z3::expr kid = cond(c.kids[0], strategy, pos);
          if (pr->guarded(pos))
            kid = c.op == Cond::Op::every_pipeline ? z3::implies(present(pos), kid) : present(pos) && kid;
          kids.push_back(kid);
        }
        if (kids.empty()) return ctx.bool_val(c.op == Cond::Op::every_pipeline);
        return c.op == Cond::Op::every_pipeline ? z3::mk_and(kids) : z3::mk_or(kids);
      }
      case Cond::Op::atom: break;
    }
    const AttrInfo &info = attr_info(c.attr);
    z3::expr v = info.scope == Scope::strategy
                     ? caps[strategy][static_cast<int>(c.attr) - kFirstStrategyAttr]
                     : vars[pr->slot_of(c.attr, pos)];
    switch (c.cmp) {
      case Cond::Cmp::in:
        if (info.type == ValueType::version || info.type == ValueType::integer)
          return v >= ctx.int_val(c.bound) && v <= ctx.int_val(c.upper);
        return in_domain(ctx, v, info.type, static_cast<std::uint32_t>(cat.vocabulary.of(c.attr).size()),
                         Domain{c.mask, 0, 0});
      case Cond::Cmp::ge: return v >= ctx.int_val(c.bound);
      case Cond::Cmp::gt: return v > ctx.int_val(c.bound);
      case Cond::Cmp::le: return v <= ctx.int_val(c.bound);
      case Cond::Cmp::lt: return v < ctx.int_val(c.bound);
    }
    return ctx.bool_val(true);
  }

  // Whether the pipeline at `pos` exists (see Problem::publishers_unknown).
  z3::expr present(int pos) {
    if (!pr->guarded(pos)) return ctx.bool_val(true);
    return vars[pr->slot_of(Attr::package_pipelines, -1)] >= ctx.int_val(1);
  }

  // (when => requires) of a requirement rule for one strategy and instance.
  z3::expr requirement(const Rule &r, int strategy, int pos) {
    z3::expr req = cond(r.condition, strategy, pos);
    if (r.when) req = z3::implies(cond(*r.when, strategy, pos), req);
    return pos >= 0 && pr->guarded(pos) ? z3::implies(present(pos), req) : req;
  }

  bool applies(const Rule &r, int strategy) const {
    return std::find(r.strategies.begin(), r.strategies.end(), strategy) != r.strategies.end();
  }

  // Instances of rule r: one per package, or one per publishing pipeline.
  std::vector<int> instances(const Rule &r) const {
    if (!r.for_each_pipeline) return {-1};
    std::vector<int> out;
    for (std::size_t i = 0; i < pr->pipelines.size(); ++i) out.push_back(static_cast<int>(i));
    return out;
  }

  // Names of constants start with it: empty for one problem per solver, one per
  // problem when several share the solver (the monolithic baseline).
  std::string prefix;

  // The constant named `name()` (after the prefix), of kind `kind` numbered a
  // and b. Without a prefix it is made once per context and kept: Z3 interns
  // every name in one table for the whole process, under a lock the solver
  // threads share, which cost about 5% of a solve when each encoding made its
  // names again. A name stands for one (kind, a, b, sort), so it is the same
  // constant either way.
  std::unordered_map<std::uint64_t, z3::expr> constants;
  template <class Name>
  z3::expr constant(char kind, std::uint32_t a, std::uint32_t b, bool boolean, const Name &name) {
    auto make = [&](const std::string &n) { return boolean ? ctx.bool_const(n.c_str()) : ctx.int_const(n.c_str()); };
    if (!prefix.empty() || b >= (1u << 23)) return make(prefix + name());
    const std::uint64_t key = (std::uint64_t(static_cast<unsigned char>(kind)) << 56) | (std::uint64_t(a) << 24) |
                              (std::uint64_t(boolean) << 23) | b;
    auto at = constants.find(key);
    if (at == constants.end()) at = constants.emplace(key, make(name())).first;
    return at->second;
  }

  // The problem as constraints: every strategy's, or with `only`, those of the
  // strategies it marks (their rules and the facts those read), which is all
  // their statuses, reason sets and capabilities rest on: another strategy's
  // rule binds only when its selector is true, and a fact nothing reads is
  // free either way (so problems that differ only there encode the same). Z3's checks cost about in proportion to what the solver
  // holds, so deciding one strategy is cheaper on its part alone.
  void encode(const Problem &problem, const std::vector<bool> *only = nullptr) {
    pr = &problem;
    vars.clear();
    caps.clear();
    lits = z3::expr_vector(ctx);
    sel = z3::expr_vector(ctx);
    items.clear();
    auto wanted = [&](int st) { return !only || (*only)[st]; };
    std::vector<bool> read = only ? std::vector<bool>(kAttrCount, false) : all_reads;
    for (std::size_t st = 0; only && st < cat.strategies.size(); ++st)
      if (wanted(static_cast<int>(st)))
        for (int a = 0; a < kAttrCount; ++a) read[a] = read[a] || encoded_reads[st][a];
    if (problem.publishers_unknown)  // they decide which pipeline positions exist
      read[static_cast<int>(Attr::package_pipelines)] = read[static_cast<int>(Attr::package_publishers)] = true;
    for (std::size_t i = 0; i < problem.slots.size(); ++i) {
      const Slot &s = problem.slots[i];
      z3::expr v = constant('s', static_cast<std::uint32_t>(i), 0, s.type == ValueType::boolean,
                            [&] { return fmt::format("s{}", i); });
      vars.push_back(v);
      if (!read[static_cast<int>(s.ref.attr)]) continue;
      // Background: what the value can be at all (and, for unknown facts, what the
      // rest of the file allows). A stated fact is behind its own literal.
      solver.add(in_domain(ctx, v, s.type, s.values, s.tracked ? full_domain(s.type, s.values) : s.domain));
      if (s.tracked) {
        z3::expr lit = constant('f', static_cast<std::uint32_t>(i), 0, true, [&] { return fmt::format("f{}", i); });
        z3::expr body = in_domain(ctx, v, s.type, s.values, s.domain);
        solver.add(z3::implies(lit, body));
        lits.push_back(lit);
        items.push_back({Item::Kind::fact, static_cast<int>(i), -1});
      }
    }
    // The format's own consistency: a provider builds only the hosts it fits
    // (matters when a repair changes a provider or a host).
    const auto &provider_values = cat.vocabulary.of(Attr::pipeline_provider);
    for (std::size_t pos = 0; pos < problem.pipelines.size(); ++pos) {
      z3::expr prov = vars[problem.slot_of(Attr::pipeline_provider, static_cast<int>(pos))];
      z3::expr host = vars[problem.slot_of(Attr::repository_host, static_cast<int>(pos))];
      const std::uint32_t hosts = static_cast<std::uint32_t>(cat.vocabulary.of(Attr::repository_host).size());
      for (std::size_t k = 0; k < provider_values.size(); ++k)
        solver.add(z3::implies(prov == ctx.int_val(static_cast<int>(k)),
                               in_domain(ctx, host, ValueType::enumeration, hosts, Domain{cat.vocabulary.hosts_of(k), 0, 0})));
    }
    if (problem.publishers_unknown) {
      // Unknown publishers: no pipeline exactly when no trusted publisher (any
      // number of publishers is possible, with as many pipelines).
      z3::expr pipelines = vars[problem.slot_of(Attr::package_pipelines, -1)];
      z3::expr publishers = vars[problem.slot_of(Attr::package_publishers, -1)];
      solver.add((pipelines == 0) == (publishers == 0));
    }
    for (std::size_t st = 0; st < cat.strategies.size(); ++st) {
      sel.push_back(constant('S', static_cast<std::uint32_t>(st), 0, true, [&] { return fmt::format("sel{}", st); }));
      std::vector<z3::expr> c;
      for (int k = 0; k < kCapabilityCount; ++k)
        c.push_back(constant('c', static_cast<std::uint32_t>(st), static_cast<std::uint32_t>(k), true,
                             [&] { return fmt::format("cap{}_{}", st, k); }));
      caps.push_back(std::move(c));
    }
    // Capabilities: defined by a provision rule, else the strategy's constant.
    std::vector<std::vector<bool>> defined(cat.strategies.size(), std::vector<bool>(kCapabilityCount));
    for (std::size_t ri = 0; ri < cat.rules.size(); ++ri) {
      const Rule &r = cat.rules[ri];
      if (!r.enabled || r.kind != RuleKind::provision) continue;
      z3::expr_vector defs(ctx);
      for (int st : r.strategies) {
        if (!wanted(st)) continue;
        int k = static_cast<int>(r.provides);
        defs.push_back(caps[st][k] == cond(r.condition, st, -1));
        defined[st][k] = true;
      }
      if (defs.empty()) continue;
      z3::expr lit = constant('p', static_cast<std::uint32_t>(ri), 0, true, [&] { return fmt::format("p{}", ri); });
      z3::expr body = z3::mk_and(defs);
      solver.add(z3::implies(lit, body));
      lits.push_back(lit);
      items.push_back({Item::Kind::rule, static_cast<int>(ri), -1});
    }
    for (std::size_t st = 0; st < cat.strategies.size(); ++st)
      for (int k = 0; k < kCapabilityCount && wanted(static_cast<int>(st)); ++k)
        if (!defined[st][k]) solver.add(caps[st][k] == ctx.bool_val(cat.strategies[st].provides[k]));
    // Requirements: literal => for each strategy it applies to, (selected => rule).
    for (std::size_t ri = 0; ri < cat.rules.size(); ++ri) {
      const Rule &r = cat.rules[ri];
      if (!r.enabled || r.kind != RuleKind::requirement) continue;
      if (std::none_of(r.strategies.begin(), r.strategies.end(), wanted)) continue;
      for (int pos : instances(r)) {
        z3::expr_vector parts(ctx);
        for (int st : r.strategies)
          if (wanted(st)) parts.push_back(z3::implies(sel[st], requirement(r, st, pos)));
        z3::expr lit = constant('r', static_cast<std::uint32_t>(ri), static_cast<std::uint32_t>(pos + 1), true,
                                [&] { return fmt::format("r{}_{}", ri, pos + 1); });
        z3::expr body = z3::mk_and(parts);
        solver.add(z3::implies(lit, body));
        lits.push_back(lit);
        items.push_back({Item::Kind::rule, static_cast<int>(ri), pos});
      }
    }
  }


  std::vector<unsigned> all_indices() const {
    std::vector<unsigned> v(lits.size());
    for (unsigned i = 0; i < v.size(); ++i) v[i] = i;
    return v;
  }

  z3::expr_vector assumptions(const z3::expr_vector &extra) {
    z3::expr_vector a(ctx);
    for (const auto &l : lits) a.push_back(l);
    for (const auto &e : extra) a.push_back(e);
    return a;
  }

  std::vector<Item> to_items(const std::vector<unsigned> &core) const {
    std::vector<Item> out;
    for (unsigned i : core) out.push_back(items[i]);
    return out;
  }

  // A minimal reason set for check(lits + fixed) being unsat, the preferred one
  // (see shrink): Z3's own core is not the start, it may hold a less telling
  // reason. Call it right after that check answered unsat (shrink reads its core).
  std::vector<Item> minimal_core(const z3::expr_vector &fixed, bool &minimal,
                                 const std::vector<unsigned> *core = nullptr) {
    return shrink(all_indices(), fixed, minimal, core);
  }

  // The status of strategy st on the encoded problem (the note says why when
  // the solver stopped); with `facts`, on the problem whose stated facts and
  // rules are those literals instead of `lits` (a repaired problem).
  Status status_of(int st, std::string &note, const z3::expr_vector *facts = nullptr) {
    auto with = [&](const z3::expr_vector &extra) {
      if (!facts) return assumptions(extra);
      z3::expr_vector a(ctx);
      for (const auto &l : *facts) a.push_back(l);
      for (const auto &e : extra) a.push_back(e);
      return a;
    };
    z3::expr_vector fixed(ctx);
    fixed.push_back(sel[st]);
    z3::check_result r = check(solver, with(fixed));
    if (r == z3::unsat) return Status::infeasible;
    if (r == z3::sat) {
      // Possible for some values of the unknowns; feasible when no value breaks it.
      solver.push();
      z3::expr_vector reqs(ctx);
      for (const Rule &r2 : cat.rules) {
        if (!r2.enabled || r2.kind != RuleKind::requirement || !applies(r2, st)) continue;
        for (int pos : instances(r2)) reqs.push_back(requirement(r2, st, pos));
      }
      solver.add(!z3::mk_and(reqs));
      r = check(solver, with(z3::expr_vector(ctx)));
      solver.pop();
      if (r != z3::unknown) return r == z3::unsat ? Status::feasible : Status::conditional;
    }
    note = fmt::format("the solver stopped: {}", solver.reason_unknown());
    return Status::unknown;
  }

  StrategyOutcome solve_strategy(int st) {
    StrategyOutcome out;
    out.status = status_of(st, out.note);
    if (out.status == Status::infeasible && what != Diagnose::statuses) {
      z3::expr_vector fixed(ctx);
      fixed.push_back(sel[st]);
      out.core = minimal_core(fixed, out.core_minimal);
      if (diagnosing && what == Diagnose::all && (which.empty() || which[st])) {
        const auto t = std::chrono::steady_clock::now();
        out.diagnosis = diagnose(fixed, out.core);
        explain_seconds += seconds_since(t);
      }
    } else if (out.status != Status::unknown) {
      out.provenance = capability(st, Capability::provenance);
    }
    return out;
  }

  // Whether strategy st has capability c in every, no, or only some admissible case.
  std::optional<bool> capability(int st, Capability c) {
    z3::expr cap = caps[st][static_cast<int>(c)];
    z3::expr_vector with(ctx), without(ctx);
    with.push_back(sel[st]);
    with.push_back(cap);
    without.push_back(sel[st]);
    without.push_back(!cap);
    if (check(solver, assumptions(without)) == z3::unsat) return true;
    if (check(solver, assumptions(with)) == z3::unsat) return false;
    return std::nullopt;
  }

  bool diagnosing = true;
  Diagnose what = Diagnose::all;
  std::vector<bool> which;  // with Diagnose::all: the strategies to diagnose (empty: every one)

  double explain_seconds = 0;  // of the solve running now, for ProblemOutcome

  // Nothing fits the encoded problem: one reason set that leaves every strategy
  // out at once, and its diagnosis when diagnosing.
  void package_conflict(ProblemOutcome &out) {
    know_reasons(out);
    // Assumptions must be literals, so "some strategy is selected" is asserted.
    solver.push();
    solver.add(z3::mk_or(sel));
    z3::expr_vector none(ctx);
    // Every strategy's known reason set together leaves them all out: no
    // check is needed to know it, and as the first core it bounds the shrink
    // at the set's first member (the last in preference of their union).
    const std::vector<unsigned> known = every_known_literal();
    if (!known.empty() || check(solver, assumptions(none)) == z3::unsat) {
      bool minimal = true;
      out.conflict = minimal_core(none, minimal, known.empty() ? nullptr : &known);
      if (diagnosing) {
        const auto t = std::chrono::steady_clock::now();
        out.diagnosis = diagnose(none, out.conflict);
        explain_seconds += seconds_since(t);
      }
    }
    solver.pop();
  }

  // What a problem with nothing that fits adds to its decided strategies
  // (decide): the package's reason set and, as `what_` says, its diagnosis.
  void complete(const Problem &problem, Diagnose what_, ProblemOutcome &out) {
    what = what_;
    which.clear();
    diagnosing = what != Diagnose::none && limits.max_conflicts + limits.max_repairs > 0;
    history_dependent = false;
    solver.push();
    const auto start = std::chrono::steady_clock::now();
    encode(problem);
    out.encode_seconds += seconds_since(start);
    explain_seconds = 0;
    package_conflict(out);
    if (diagnosing) {
      const auto t = std::chrono::steady_clock::now();
      verify(out.diagnosis, -1);
      explain_seconds += seconds_since(t);
    }
    solver.pop();
    pr = nullptr;
    known_out.clear();
    out.explain_seconds += explain_seconds;
    out.history_dependent = history_dependent;
  }

  ProblemOutcome solve(const Problem &problem, Diagnose what_, const std::vector<bool> &which_) {
    what = what_;
    which = which_;
    diagnosing = what != Diagnose::none && limits.max_conflicts + limits.max_repairs > 0;
    solver.push();
    const auto start = std::chrono::steady_clock::now();
    encode(problem);
    ProblemOutcome out;
    out.encode_seconds = seconds_since(start);
    explain_seconds = 0;
    bool any_fits = false;
    for (std::size_t st = 0; st < cat.strategies.size(); ++st) {
      out.strategies.push_back(solve_strategy(static_cast<int>(st)));
      any_fits |= out.strategies.back().status != Status::infeasible;
    }
    if (!any_fits && !cat.strategies.empty() && what != Diagnose::statuses) package_conflict(out);
    if (diagnosing) {
      know_reasons(out);
      // Every repair is checked by solving the repaired problem again.
      const auto t = std::chrono::steady_clock::now();
      if (what == Diagnose::all)
        for (std::size_t st = 0; st < out.strategies.size(); ++st)
          verify(out.strategies[st].diagnosis, static_cast<int>(st));
      verify(out.diagnosis, -1);
      explain_seconds += seconds_since(t);
      out.explain_seconds = explain_seconds;
    }
    solver.pop();
    pr = nullptr;
    known_out.clear();
    return out;
  }

  // Statuses and (unless statuses only) reason sets and provenance of the
  // strategies `which_` marks, the others left unknown; no package conflict, no
  // diagnosis. Each is decided by sat or unsat answers alone, so it does not
  // depend on what the context solved before (unless a check stops: unknown).
  ProblemOutcome decide(const Problem &problem, Diagnose what_, const std::vector<bool> &which_) {
    what = what_ == Diagnose::statuses ? Diagnose::statuses : Diagnose::none;
    which.clear();
    diagnosing = false;
    solver.push();
    const auto start = std::chrono::steady_clock::now();
    encode(problem, &which_);
    ProblemOutcome out;
    out.encode_seconds = seconds_since(start);
    out.strategies.resize(cat.strategies.size());
    for (std::size_t st = 0; st < cat.strategies.size(); ++st)
      if (which_[st]) out.strategies[st] = solve_strategy(static_cast<int>(st));
    solver.pop();
    pr = nullptr;
    known_out.clear();
    return out;
  }

  // The diagnoses of the strategies `which_` marks in `out`, decided infeasible
  // with their reason sets: the problem encoded once, each strategy's conflicts
  // and repairs in catalog order, then their verification.
  void diagnose_strategies(const Problem &problem, ProblemOutcome &out, const std::vector<bool> &which_) {
    if (limits.max_conflicts + limits.max_repairs == 0) return;
    history_dependent = false;
    const auto start = std::chrono::steady_clock::now();
    solver.push();
    encode(problem);
    know_reasons(out);
    for (std::size_t st = 0; st < out.strategies.size(); ++st) {
      if (!which_[st]) continue;
      z3::expr_vector fixed(ctx);
      fixed.push_back(sel[static_cast<int>(st)]);
      out.strategies[st].diagnosis = diagnose(fixed, out.strategies[st].core);
    }
    for (std::size_t st = 0; st < out.strategies.size(); ++st)
      if (which_[st]) verify(out.strategies[st].diagnosis, static_cast<int>(st));
    solver.pop();
    pr = nullptr;
    known_out.clear();
    out.explain_seconds += seconds_since(start);
    out.history_dependent = history_dependent;
  }
};


}  // namespace pubplan::detail
