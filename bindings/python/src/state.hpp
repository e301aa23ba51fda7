// Pickling the result objects: each struct of result.hpp and migration.hpp is
// listed once as a tie of its members, and one codec turns any of them into
// nested tuples of Python values and back. A state starts with kStateVersion:
// a pickle from another layout is refused with a clear error, never misread.
#pragma once
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "pubplan/pubplan.hpp"

namespace pubplan_python {

namespace py = pybind11;
using namespace pubplan;

inline constexpr int kStateVersion = 2;  // 2: diagnosed, installs, in_use_to_fit, diagnose

// The members of each struct, in declaration order.
inline auto members(Reason &v) {
  return std::tie(v.kind, v.rule, v.says, v.source, v.instance, v.reads, v.strategies, v.rules_out, v.fact,
                  v.value_json, v.origin, v.defaulted);
}
inline auto members(Assumption &v) { return std::tie(v.fact, v.needs, v.origin); }
inline auto members(Change &v) { return std::tie(v.fact, v.from_json, v.to_json, v.origin); }
inline auto members(Repair &v) { return std::tie(v.changes, v.unlocks, v.status_after, v.cost); }
inline auto members(StrategyResult &v) {
  return std::tie(v.id, v.status, v.because, v.because_minimal, v.conflicts, v.conflicts_complete, v.repairs,
                  v.repairs_complete, v.diagnosed, v.assuming, v.provenance, v.note);
}
inline auto members(Warning &v) { return std::tie(v.rule, v.says, v.source, v.certain); }
inline auto members(PackageResult &v) {
  return std::tie(v.name, v.origin, v.recommended, v.recommended_status, v.provenance, v.feasible, v.conditional,
                  v.strategies, v.fallback, v.why, v.warnings, v.conflict, v.conflicts, v.conflicts_complete,
                  v.repairs, v.repairs_complete);
}
inline auto members(Token &v) {
  return std::tie(v.name, v.pipeline, v.access, v.packages, v.scopes, v.orgs, v.bypass_2fa, v.expires_days,
                  v.command);
}
inline auto members(TokenPlan &v) {
  return std::tie(v.account_limit, v.grants_per_token, v.in_use, v.tokens, v.lower_bound, v.requested,
                  v.in_use_to_fit, v.denied, v.budget_rules, v.read_denied);
}
inline auto members(PublisherGroup &v) {
  return std::tie(v.pipelines, v.packages, v.publishers_min, v.publishers_max);
}
inline auto members(PipelineInstalls &v) { return std::tie(v.pipeline, v.packages); }
inline auto members(ReadNeed &v) { return std::tie(v.pipeline, v.package, v.path); }
inline auto members(GraphFacts &v) {
  return std::tie(v.release_order, v.cycles, v.multi_publisher, v.installs, v.read_needs, v.components,
                  v.largest_component);
}
inline auto members(Timings &v) { return std::tie(v.encode, v.solve, v.explain, v.graph, v.tokens); }
inline auto members(Summary &v) {
  return std::tie(v.packages, v.feasible, v.conditional, v.unknown, v.nothing_fits);
}
inline auto members(RuleChange &v) { return std::tie(v.rule, v.certainty, v.takes_effect, v.says); }
inline auto members(StatusChange &v) { return std::tie(v.strategy, v.before, v.after); }
inline auto members(AheadChange &v) {
  return std::tie(v.date, v.rules, v.strategies, v.recommended_before, v.recommended_after, v.packages);
}
inline auto members(Result &v) {
  return std::tie(v.source, v.catalog_as_of, v.as_of, v.diagnose, v.horizon_days, v.ahead, v.packages, v.summary,
                  v.distinct_problems, v.tokens, v.graph, v.timings);
}
inline auto members(PlanStep &v) {
  return std::tie(v.id, v.kind, v.title, v.detail, v.actor, v.actor_says, v.two_factor, v.pipeline, v.location,
                  v.packages, v.commands, v.after);
}
inline auto members(PackagePlan &v) {
  return std::tie(v.name, v.current, v.target, v.target_status, v.via_repair, v.steps, v.notes);
}
inline auto members(MigrationPlan &v) { return std::tie(v.source, v.as_of, v.steps, v.packages); }

template <class T, class = void>
struct has_members : std::false_type {};
template <class T>
struct has_members<T, std::void_t<decltype(members(std::declval<T &>()))>> : std::true_type {};

template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};
template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class T>
py::object encode(const T &v) {
  if constexpr (std::is_enum_v<T>) {
    return py::int_(static_cast<int>(v));
  } else if constexpr (is_optional<T>::value) {
    return v ? encode(*v) : py::none();
  } else if constexpr (is_vector<T>::value) {
    py::list out;
    for (const auto &item : v) out.append(encode(item));
    return out;
  } else if constexpr (has_members<T>::value) {
    // members() takes a non-const reference; it is only read here.
    auto fields = members(const_cast<T &>(v));
    py::tuple out(std::tuple_size_v<decltype(fields)>);
    std::size_t i = 0;
    std::apply([&](auto &...f) { ((out[i++] = encode(f)), ...); }, fields);
    return out;
  } else {
    return py::cast(v);
  }
}

template <class T>
void decode(py::handle h, T &v) {
  if constexpr (std::is_enum_v<T>) {
    v = static_cast<T>(h.cast<int>());
  } else if constexpr (is_optional<T>::value) {
    if (h.is_none()) {
      v.reset();
    } else {
      v.emplace();
      decode(h, *v);
    }
  } else if constexpr (is_vector<T>::value) {
    const py::list items = h.cast<py::list>();
    v.resize(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) decode(items[i], v[i]);
  } else if constexpr (has_members<T>::value) {
    const py::tuple t = h.cast<py::tuple>();
    auto fields = members(v);
    if (t.size() != std::tuple_size_v<decltype(fields)>) throw std::invalid_argument("not a pubplan pickle state");
    std::size_t i = 0;
    std::apply([&](auto &...f) { (decode(t[i++], f), ...); }, fields);
  } else {
    v = h.cast<T>();
  }
}

// py::pickle(...) for one of the structs above.
template <class T>
auto pickling() {
  return py::pickle([](const T &v) { return py::make_tuple(kStateVersion, encode(v)); },
                    [](const py::tuple &state) {
                      if (state.size() != 2 || state[0].cast<int>() != kStateVersion)
                        throw std::invalid_argument("this pickle was written by another version of pubplan");
                      T v;
                      decode(state[1], v);
                      return v;
                    });
}

}  // namespace pubplan_python
