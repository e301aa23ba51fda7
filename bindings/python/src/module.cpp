// pubplan._core: the pybind11 wrapper of pubplan's C++ API. It stays thin: plain
// values in, plain values out, strategy ids and statuses as the JSON's strings.
// The pure-Python package `pubplan` re-exports what this module defines and
// holds the exception classes this module raises.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <new>
#include <chrono>
#include <future>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "pubplan/pubplan.hpp"
#include "state.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace {

// --- exceptions ------------------------------------------------------------------

// The Python exception classes live in pubplan/errors.py (so they have docstrings,
// attributes and a readable hierarchy); they are looked up when raised.
py::object errors_module() { return py::module_::import("pubplan.errors"); }

void raise_input_error(const char *cls, const pubplan::InputError &e) {
  py::object mod = errors_module();
  py::object diagnostic = mod.attr("Diagnostic");
  py::list errors;
  for (const auto &d : e.diagnostics())
    errors.append(diagnostic(d.file, d.line, d.column, d.message));
  py::object exc = mod.attr(cls)(e.what(), errors);
  PyErr_SetObject(mod.attr(cls).ptr(), exc.ptr());
}

// --- from_dict: errors at key paths ---------------------------------------------

bool is_mapping(const py::handle &v) {
  return py::isinstance<py::dict>(v) || py::isinstance(v, py::module_::import("collections.abc").attr("Mapping"));
}
bool is_sequence(const py::handle &v) { return py::isinstance<py::list>(v) || py::isinstance<py::tuple>(v); }

// The key path of every line of json.dumps(value, indent=1) after the first:
// a non-empty container puts each member on a line of its own and closes on
// another; everything else stays on the line that holds its key.
void line_paths(const py::handle &value, const std::string &path, std::vector<std::string> &out) {
  if (is_mapping(value) && py::len(value) > 0) {
    for (const auto &item : value.attr("items")()) {
      const py::tuple kv = item.cast<py::tuple>();
      const std::string key = py::str(kv[0]);
      const std::string child = path.empty() ? key : path + "." + key;
      out.push_back(child);
      line_paths(kv[1], child, out);
    }
    out.push_back(path);
  } else if (is_sequence(value) && py::len(value) > 0) {
    std::size_t i = 0;
    for (const auto &item : value) {
      const std::string child = path + "[" + std::to_string(i++) + "]";
      out.push_back(child);
      line_paths(item, child, out);
    }
    out.push_back(path);
  }
}

// A TopologyError of the JSON text of `data` as Python's TopologyError whose
// diagnostics name key paths; a position the text does not have keeps it.
[[noreturn]] void raise_at_key_paths(const pubplan::TopologyError &e, const py::object &data) {
  std::vector<std::string> paths{""};  // line 1: the document
  line_paths(data, "", paths);
  py::object mod = errors_module();
  py::object diagnostic = mod.attr("Diagnostic");
  py::list errors;
  std::string text;
  for (const auto &d : e.diagnostics()) {
    py::object one = d.line >= 1 && static_cast<std::size_t>(d.line) <= paths.size()
                         ? diagnostic(d.file, 0, 0, d.message, paths[static_cast<std::size_t>(d.line) - 1])
                         : diagnostic(d.file, d.line, d.column, d.message);
    text += (text.empty() ? "" : "\n") + std::string(py::str(one));
    errors.append(one);
  }
  py::object exc = mod.attr("TopologyError")(text, errors);
  PyErr_SetObject(mod.attr("TopologyError").ptr(), exc.ptr());
  throw py::error_already_set();
}

// Runs `work` (a solve) on a worker thread while this thread waits without the
// GIL, taking it back every 100 ms to let Python handle signals: Ctrl-C (or a
// notebook's interrupt) stops the planner and raises KeyboardInterrupt here
// within a fraction of a second, not when the solve ends.
template <class Work>
auto interruptible(const pubplan::Planner &planner, Work &&work) {
  auto future = std::async(std::launch::async, std::forward<Work>(work));
  for (;;) {
    {
      py::gil_scoped_release release;
      if (future.wait_for(std::chrono::milliseconds(100)) == std::future_status::ready) break;
    }
    if (PyErr_CheckSignals() != 0) {
      planner.interrupt();
      {
        py::gil_scoped_release release;
        future.wait();
      }
      try {
        (void)future.get();
      } catch (...) {  // Interrupted, or whatever the solve was doing: the signal wins
      }
      throw py::error_already_set();
    }
  }
  return future.get();
}

void translate(std::exception_ptr p) {
  try {
    std::rethrow_exception(p);
  } catch (const pubplan::TopologyError &e) {
    // A topology file that does not exist is also a FileNotFoundError.
    const auto &d = e.diagnostics();
    const bool missing = d.size() == 1 && d[0].line == 0 && d[0].message.ends_with(std::strerror(ENOENT));
    raise_input_error(missing ? "TopologyNotFoundError" : "TopologyError", e);
  } catch (const pubplan::CatalogError &e) {
    raise_input_error("CatalogError", e);
  } catch (const pubplan::InputError &e) {
    raise_input_error("InputError", e);
  } catch (const pubplan::Interrupted &e) {
    PyErr_SetString(errors_module().attr("SolverTimeout").ptr(), e.what());
  } catch (const pubplan::Error &e) {
    PyErr_SetString(errors_module().attr("Error").ptr(), e.what());
  } catch (const py::builtin_exception &) {
    throw;  // pybind11's ValueError, TypeError, KeyError, ...: its own translator
  } catch (const py::error_already_set &) {
    throw;  // a Python exception raised under C++
  } catch (const std::invalid_argument &e) {
    // A misuse of the API by its caller, such as a result of another topology.
    PyErr_SetString(PyExc_ValueError, e.what());
  } catch (const std::bad_alloc &) {
    throw;  // MemoryError
  } catch (const std::exception &e) {
    // Anything else from the engine is a bug, but still a pubplan.Error, never a
    // bare RuntimeError.
    PyErr_SetString(errors_module().attr("Error").ptr(), (std::string("internal error: ") + e.what()).c_str());
  } catch (...) {
    PyErr_SetString(errors_module().attr("Error").ptr(), "internal error: unknown C++ exception");
  }
}


// --- conversions -----------------------------------------------------------------

py::object json_loads(const std::string &text) {
  return py::module_::import("json").attr("loads")(text);
}

py::object opt_str(const std::optional<std::string> &s) {
  return s ? py::object(py::str(*s)) : py::object(py::none());
}

py::object opt_bool(const std::optional<bool> &b) {
  return b ? py::object(py::bool_(*b)) : py::object(py::none());
}

py::object origin_or_none(const std::string &origin) {
  return origin.empty() ? py::object(py::none()) : py::object(py::str(origin));
}

std::string str_of_path(const py::handle &path) {
  return py::str(py::module_::import("os").attr("fspath")(path));
}

// A list of references to the elements of `v`, each keeping `parent` alive.
template <class T>
py::list ref_list(const std::vector<T> &v, py::handle parent) {
  py::list out;
  for (const auto &x : v) out.append(py::cast(&x, py::return_value_policy::reference_internal, parent));
  return out;
}

// A part of the result as a dict: its JSON, written by the JSON document's own
// writer (pubplan::to_json), parsed. One place says what each dict holds.
template <class Part>
py::object as_dict(const Part &part) {
  return json_loads(pubplan::to_json(part));
}

std::string repr_str(const std::string &s) { return py::repr(py::str(s)); }

// --- options ---------------------------------------------------------------------

unsigned non_negative(const char *name, long long v) {
  if (v < 0 || v > std::numeric_limits<unsigned>::max())
    throw py::value_error(std::string(name) + " must be a non-negative integer, not " + std::to_string(v));
  return static_cast<unsigned>(v);
}

pubplan::Options make_options(long long max_conflicts, long long max_repairs,
                              std::optional<double> time_limit, std::optional<long long> rlimit) {
  pubplan::Options o;
  o.max_conflicts = non_negative("max_conflicts", max_conflicts);
  o.max_repairs = non_negative("max_repairs", max_repairs);
  if (time_limit) {
    double s = *time_limit;
    if (!std::isfinite(s) || s <= 0)
      throw py::value_error("time_limit must be a positive number of seconds or None");
    double ms = std::ceil(s * 1000.0);
    if (ms > std::numeric_limits<unsigned>::max()) throw py::value_error("time_limit is too large");
    o.time_limit_ms = static_cast<unsigned>(ms);
  }
  if (rlimit) {
    if (*rlimit <= 0) throw py::value_error("rlimit must be a positive integer or None");
    o.rlimit = static_cast<std::uint64_t>(*rlimit);
  } else {
    o.rlimit = 0;
  }
  return o;
}

// Planner::diagnose and ::explain, interruptible, with a package the
// topology lacks as KeyError (a lookup by name, as Result.package).
template <class Work>
auto one_package(const pubplan::Planner &planner, Work &&work) {
  return interruptible(planner, [&] {
    try {
      return work();
    } catch (const std::out_of_range &e) {
      throw py::key_error(e.what());
    }
  });
}

// A day: "YYYY-MM-DD" or a datetime.date; None: today.
std::string day_of(const py::object &day) {
  if (day.is_none()) return "";
  std::string text;
  if (py::isinstance<py::str>(day)) text = day.cast<std::string>();
  else if (py::hasattr(day, "isoformat") && py::hasattr(day, "toordinal")) text = py::str(day.attr("isoformat")());
  else throw py::type_error("as_of must be a 'YYYY-MM-DD' string, a datetime.date or None");
  if (!pubplan::is_date(text)) throw py::value_error("as_of must be a date written YYYY-MM-DD, not '" + text + "'");
  return text;
}

// A catalog argument is a path (str without a newline, or os.PathLike) or the text
// of a catalog (str with a newline, or bytes).
void add_catalog(pubplan::Catalog &catalog, const py::handle &item, std::size_t index) {
  if (py::isinstance<py::bytes>(item)) {
    catalog.add_string(std::string(py::reinterpret_borrow<py::bytes>(item)),
                       "<catalog " + std::to_string(index) + ">");
    return;
  }
  if (py::isinstance<py::str>(item)) {
    std::string s = py::reinterpret_borrow<py::str>(item);
    if (s.find('\n') != std::string::npos)
      catalog.add_string(s, "<catalog " + std::to_string(index) + ">");
    else
      catalog.add_file(s);
    return;
  }
  if (py::hasattr(item, "__fspath__")) {
    catalog.add_file(str_of_path(item));
    return;
  }
  throw py::type_error("a catalog is a path (str or os.PathLike) or the text of a catalog, not " +
                       std::string(py::str(py::type::of(item).attr("__name__"))));
}

// The built-in catalog with CATALOGS layered over it in order.
pubplan::Catalog catalog_of(const py::object &catalogs) {
  pubplan::Catalog catalog = pubplan::Catalog::builtin();
  if (py::isinstance<py::str>(catalogs) || py::isinstance<py::bytes>(catalogs))
    throw py::type_error("catalogs is a list of paths or catalog texts, not one string");
  std::size_t i = 0;
  for (auto item : catalogs) add_catalog(catalog, item, ++i);
  return catalog;
}

// What pubplan.scan returns: the C++ ScanResult with its topology loaded.
struct ScanOutcome {
  pubplan::Topology topology;
  std::string text;
  std::vector<pubplan::Finding> findings;
  std::vector<std::tuple<std::string, int, int, std::string>> warnings;
};

std::vector<std::string> strategy_ids(const pubplan::Catalog &c) {
  std::vector<std::string> ids;
  for (const auto &s : c.strategies()) ids.push_back(s.id);
  return ids;
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "pubplan's compiled core: a thin pybind11 wrapper of the C++ library. "
            "Import `pubplan`, not this module.";
  py::register_exception_translator(&translate);

  m.attr("TRUSTED_PUBLISHING") = pubplan::kTrustedPublishing;
  m.attr("TRUSTED_PUBLISHING_WITHOUT_PROVENANCE") = pubplan::kTrustedPublishingWithoutProvenance;
  m.attr("GRANULAR_TOKEN") = pubplan::kGranularToken;
  m.attr("STAGED_PUBLISHING") = pubplan::kStagedPublishing;
  m.attr("INTERACTIVE_2FA") = pubplan::kInteractive2fa;
  m.attr("FEASIBLE") = pubplan::to_string(pubplan::Status::feasible);
  m.attr("CONDITIONAL") = pubplan::to_string(pubplan::Status::conditional);
  m.attr("INFEASIBLE") = pubplan::to_string(pubplan::Status::infeasible);
  m.attr("UNKNOWN") = pubplan::to_string(pubplan::Status::unknown);


  m.def("version", []() { return std::string(pubplan::version()); },
        "The version of the pubplan library actually loaded, \"MAJOR.MINOR.PATCH\".");

  // --- Topology ---
  py::class_<pubplan::Topology>(m, "Topology",
      "A loaded, validated topology (format v1): the repositories, pipelines and packages "
      "of an organisation. Immutable; make one with pubplan.load, pubplan.loads or "
      "Topology.from_dict.")
      .def_static("load", [](const py::object &path, const py::object &catalogs) {
            return pubplan::Topology::load_file(str_of_path(path), catalog_of(catalogs));
          }, "path"_a, py::kw_only(), "catalogs"_a = py::tuple(),
          "Reads and validates the topology file PATH (YAML, or JSON when it starts with '{'). "
          "CATALOGS (as for Planner) may add CI providers, hosts or clients to the values the "
          "file may use; solve it with a Planner of the same catalogs. "
          "Raises TopologyError with every problem of the file (also when it cannot be read).")
      .def_static("loads", [](const py::object &text, const std::string &name, const py::object &catalogs) {
            if (!py::isinstance<py::bytes>(text) && !py::isinstance<py::str>(text))
              throw py::type_error("loads() takes the text of a topology as str or bytes");
            std::string t = py::isinstance<py::bytes>(text) ? std::string(py::reinterpret_borrow<py::bytes>(text))
                                                             : std::string(py::str(text));
            return pubplan::Topology::load_string(t, name, catalog_of(catalogs));
          }, "text"_a, "name"_a = "<string>", py::kw_only(), "catalogs"_a = py::tuple(),
          "Reads and validates a topology from TEXT; NAME stands for the file in origins and "
          "error messages; CATALOGS as for load. Raises TopologyError.")
      .def_static("from_dict", [](const py::object &data, const std::string &name) {
            if (!is_mapping(data)) throw py::type_error("from_dict() takes a mapping (the topology document)");
            // Mappings other than dict become dicts first, as json.dumps needs them.
            py::object plain = py::module_::import("json").attr("loads")(py::module_::import("json").attr("dumps")(
                data, "default"_a = py::cpp_function([](const py::object &v) -> py::object {
                  if (is_mapping(v)) return py::dict(v);
                  throw py::type_error("Object of type " + std::string(py::str(py::type::of(v).attr("__name__"))) +
                                       " is not JSON serializable");
                })));
            std::string text = py::str(py::module_::import("json").attr("dumps")(
                plain, "indent"_a = 1, "ensure_ascii"_a = false));
            try {
              return pubplan::Topology::load_string(text, name);
            } catch (const pubplan::TopologyError &e) {
              raise_at_key_paths(e, plain);
            }
          }, "data"_a, "name"_a = "<dict>",
          "Builds a topology from a mapping with the same keys as the YAML format (for example "
          "the result of yaml.safe_load), validated like a file. Raises TopologyError whose "
          "diagnostics name key paths (Diagnostic.path, e.g. 'packages[3].published_by'), or "
          "TypeError when DATA is not JSON-serializable. Origins in results refer to the "
          "document's JSON text (indent 1).")
      .def_property_readonly("source", &pubplan::Topology::source_name,
          "The name the topology was loaded under (the path as given, or the NAME of loads).")
      .def_property_readonly("package_count", &pubplan::Topology::package_count, "Number of packages.")
      .def_property_readonly("pipeline_count", &pubplan::Topology::pipeline_count, "Number of pipelines.")
      .def_property_readonly("repository_count", &pubplan::Topology::repository_count,
                             "Number of repositories.")
      .def("normalized", [](const pubplan::Topology &t) { return json_loads(t.to_normalized_json()); },
          "The topology as pubplan read it, as a JSON topology document (a dict): stated facts "
          "with their value, unknown facts as None, defaults left out (`pubplan validate "
          "--print-normalized`). Loading it gives the same topology.")
      .def("to_dict", [](const pubplan::Topology &t) { return json_loads(t.to_normalized_json()); },
          "The same as normalized(): the JSON topology `pubplan validate --print-normalized` prints.")
      .def("to_dot", [](const pubplan::Topology &t, const py::object &result, const py::object &planner,
                        const std::vector<std::string> &packages, const std::vector<std::string> &pipelines,
                        bool legend) {
            const pubplan::Result *r = result.is_none() ? nullptr : &result.cast<const pubplan::Result &>();
            const pubplan::Catalog catalog = planner.is_none() ? pubplan::Catalog::builtin()
                                                               : planner.cast<const pubplan::Planner &>().catalog();
            return pubplan::to_dot(t, r, catalog, pubplan::DotOptions{packages, pipelines, legend});
          }, "result"_a = py::none(), "planner"_a = py::none(), py::kw_only(),
          "packages"_a = std::vector<std::string>{}, "pipelines"_a = std::vector<std::string>{}, "legend"_a = true,
          "The topology graph as Graphviz DOT (`pubplan graph`). With RESULT (a Result of this "
          "topology), packages are filled with their recommended strategy's colour, from "
          "PLANNER's catalog (the built-in one without), and a legend says what the colours "
          "mean (legend=False leaves it out). PACKAGES and PIPELINES (shell patterns) draw only "
          "the matches and their neighbours (`--package`, `--pipeline`); ValueError when they "
          "match nothing.")
      .def("__repr__", [](const pubplan::Topology &t) {
        return "<Topology " + repr_str(t.source_name()) + ": " + std::to_string(t.package_count()) +
               " packages, " + std::to_string(t.pipeline_count()) + " pipelines, " +
               std::to_string(t.repository_count()) + " repositories>";
      });

  // --- Reason, Assumption, Change, Repair, Warning ---
  py::class_<pubplan::Reason>(m, "Reason",
      "One member of a minimal reason set: a catalog rule (kind 'rule': rule, says, source, "
      "instance) or a topology fact (kind 'fact': fact, value, origin, default).")
      .def(pubplan_python::pickling<pubplan::Reason>())
      .def_property_readonly("kind", [](const pubplan::Reason &r) {
            return r.kind == pubplan::Reason::Kind::rule ? "rule" : "fact";
          }, "'rule' or 'fact'.")
      .def_property_readonly("rule", [](const pubplan::Reason &r) {
            return r.kind == pubplan::Reason::Kind::rule ? py::object(py::str(r.rule)) : py::object(py::none());
          }, "The rule id, e.g. 'tp.no-self-hosted' (None for a fact).")
      .def_property_readonly("says", [](const pubplan::Reason &r) {
            return r.kind == pubplan::Reason::Kind::rule ? py::object(py::str(r.says)) : py::object(py::none());
          }, "The rule's statement (None for a fact).")
      .def_property_readonly("source", [](const pubplan::Reason &r) {
            return r.kind == pubplan::Reason::Kind::rule ? py::object(py::str(r.source)) : py::object(py::none());
          }, "Where the rule comes from, with its date (None for a fact).")
      .def_property_readonly("instance", [](const pubplan::Reason &r) { return origin_or_none(r.instance); },
          "The entity a rule was applied to, e.g. 'pipelines[nightly]', or None.")
      .def_property_readonly("fact", [](const pubplan::Reason &r) {
            return r.kind == pubplan::Reason::Kind::fact ? py::object(py::str(r.fact)) : py::object(py::none());
          }, "The fact's path, e.g. 'pipelines[nightly].runner' (None for a rule).")
      .def_property_readonly("value", [](const pubplan::Reason &r) {
            return r.kind == pubplan::Reason::Kind::fact ? json_loads(r.value_json) : py::object(py::none());
          }, "The fact's value as a Python value (None for a rule).")
      .def_property_readonly("origin", [](const pubplan::Reason &r) { return origin_or_none(r.origin); },
          "'FILE:LINE' where the fact is stated, or None.")
      .def_property_readonly("default", [](const pubplan::Reason &r) { return r.defaulted; },
          "True when the fact's value is the format's default, not written in the file.")
      .def("to_dict", &as_dict<pubplan::Reason>, "This reason as in the JSON document.")
      .def("__repr__", [](const pubplan::Reason &r) {
        if (r.kind == pubplan::Reason::Kind::rule)
          return "<Reason rule " + repr_str(r.rule) + (r.instance.empty() ? "" : " on " + r.instance) + ">";
        return "<Reason fact " + r.fact + " = " + r.value_json + (r.origin.empty() ? "" : " (" + r.origin + ")") + ">";
      });

  py::class_<pubplan::Assumption>(m, "Assumption",
      "What a conditional strategy needs from one unknown fact.")
      .def(pubplan_python::pickling<pubplan::Assumption>())
      .def_readonly("fact", &pubplan::Assumption::fact, "Path of the unknown fact.")
      .def_readonly("needs", &pubplan::Assumption::needs, "What it must be, e.g. '>= 22.14.0'.")
      .def_property_readonly("origin", [](const pubplan::Assumption &a) { return origin_or_none(a.origin); },
          "Where the entity is declared, or None.")
      .def("to_dict", &as_dict<pubplan::Assumption>, "This assumption as in the JSON document.")
      .def("__repr__", [](const pubplan::Assumption &a) {
        return "<Assumption " + a.fact + " " + a.needs + ">";
      });

  py::class_<pubplan::Change>(m, "Change", "One change of a topology fact, part of a repair.")
      .def(pubplan_python::pickling<pubplan::Change>())
      .def_readonly("fact", &pubplan::Change::fact, "The fact's path.")
      .def_property_readonly("from_value", [](const pubplan::Change &c) { return json_loads(c.from_json); },
          "The current value (JSON's 'from').")
      .def_property_readonly("to_value", [](const pubplan::Change &c) { return json_loads(c.to_json); },
          "The value the repair sets (JSON's 'to').")
      .def_property_readonly("origin", [](const pubplan::Change &c) { return origin_or_none(c.origin); },
          "Where the fact is stated, or None.")
      .def("to_dict", &as_dict<pubplan::Change>, "This change as in the JSON document.")
      .def("__repr__", [](const pubplan::Change &c) {
        return "<Change " + c.fact + ": " + c.from_json + " -> " + c.to_json + ">";
      });

  py::class_<pubplan::Repair>(m, "Repair",
      "A minimal set of fact changes that makes a strategy possible, verified by solving the "
      "changed topology again.")
      .def(pubplan_python::pickling<pubplan::Repair>())
      .def_property_readonly("changes", [](py::object self) {
            return ref_list(self.cast<const pubplan::Repair &>().changes, self);
          }, "The changes (list of Change).")
      .def_readonly("unlocks", &pubplan::Repair::unlocks, "The strategy id it makes possible.")
      .def_property_readonly("status", [](const pubplan::Repair &r) { return pubplan::to_string(r.status_after); },
          "The unlocked strategy's status once repaired: 'feasible' or 'conditional'.")
      .def_readonly("cost", &pubplan::Repair::cost, "Sum of the catalog's repair costs.")
      .def("to_dict", &as_dict<pubplan::Repair>, "This repair as in the JSON document.")
      .def("__repr__", [](const pubplan::Repair &r) {
        std::string facts;
        for (const auto &c : r.changes) facts += (facts.empty() ? "" : ", ") + c.fact + " -> " + c.to_json;
        return "<Repair unlocks " + repr_str(r.unlocks) + " cost " + std::to_string(r.cost) + ": " + facts + ">";
      });

  py::class_<pubplan::Warning>(m, "PackageWarning",
      "A warning rule of the catalog that applies to a package's recommendation.")
      .def(pubplan_python::pickling<pubplan::Warning>())
      .def_readonly("rule", &pubplan::Warning::rule, "The rule id.")
      .def_readonly("says", &pubplan::Warning::says, "The rule's statement.")
      .def_readonly("source", &pubplan::Warning::source, "Where it comes from, with its date.")
      .def("to_dict", &as_dict<pubplan::Warning>, "This warning as in the JSON document.")
      .def("__repr__", [](const pubplan::Warning &w) { return "<PackageWarning " + repr_str(w.rule) + ">"; });

  // --- StrategyResult ---
  py::class_<pubplan::StrategyResult>(m, "StrategyResult", "What the planner found for one strategy of one package.")
      .def(pubplan_python::pickling<pubplan::StrategyResult>())
      .def_readonly("id", &pubplan::StrategyResult::id, "The strategy id, e.g. 'granular-token'.")
      .def("to_dict", &as_dict<pubplan::StrategyResult>,
           "This strategy as in the JSON document's `packages[].strategies[ID]`.")
      .def_property_readonly("status", [](const pubplan::StrategyResult &s) { return pubplan::to_string(s.status); },
          "'feasible', 'conditional', 'infeasible' or 'unknown'.")
      .def_property_readonly("because", [](py::object self) {
            return ref_list(self.cast<const pubplan::StrategyResult &>().because, self);
          }, "Infeasible: a reason set (list of Reason), minimal unless because_minimal is False; "
             "empty otherwise.")
      .def_readonly("because_minimal", &pubplan::StrategyResult::because_minimal,
          "False when the solver's budget stopped shrinking `because`: it may hold more than needed.")
      .def_property_readonly("conflicts", [](py::object self) {
            py::list out;
            for (const auto &c : self.cast<const pubplan::StrategyResult &>().conflicts) out.append(ref_list(c, self));
            return out;
          }, "Infeasible: the distinct minimal reason sets found, preferred first.")
      .def_readonly("diagnosed", &pubplan::StrategyResult::diagnosed,
          "Whether conflicts and repairs were computed (diagnose='all', or Planner.diagnose()); "
          "False: only `because` was.")
      .def_readonly("conflicts_complete", &pubplan::StrategyResult::conflicts_complete,
          "False when the enumeration of conflicts stopped at its bound (max_conflicts).")
      .def_property_readonly("repairs", [](py::object self) {
            return ref_list(self.cast<const pubplan::StrategyResult &>().repairs, self);
          }, "Infeasible: the cheapest verified repairs (list of Repair).")
      .def_readonly("repairs_complete", &pubplan::StrategyResult::repairs_complete,
          "False when the search for repairs stopped at its bound (max_repairs).")
      .def_property_readonly("assuming", [](py::object self) {
            return ref_list(self.cast<const pubplan::StrategyResult &>().assuming, self);
          }, "Conditional: what the unknown facts must be (list of Assumption).")
      .def_property_readonly("provenance", [](const pubplan::StrategyResult &s) { return opt_bool(s.provenance); },
          "Whether it publishes with provenance (None: depends on unknown facts, or not applicable).")
      .def_property_readonly("note", [](const pubplan::StrategyResult &s) {
            return s.status == pubplan::Status::unknown ? py::object(py::str(s.note)) : py::object(py::none());
          }, "Unknown: why the solver stopped; None otherwise.")
      .def("__repr__", [](const pubplan::StrategyResult &s) {
        return "<StrategyResult " + repr_str(s.id) + " " + pubplan::to_string(s.status) + ">";
      });

  // --- PackageResult ---
  py::class_<pubplan::PackageResult>(m, "PackageResult", "What the planner found for one package.")
      .def(pubplan_python::pickling<pubplan::PackageResult>())
      .def_readonly("name", &pubplan::PackageResult::name, "The package name, e.g. '@acme/ui'.")
      .def_readonly("origin", &pubplan::PackageResult::origin, "'FILE:LINE' where the package is declared.")
      .def("to_dict", &as_dict<pubplan::PackageResult>, "This package as in the JSON document's `packages`.")
      .def_property_readonly("recommended", [](const pubplan::PackageResult &p) { return opt_str(p.recommended); },
          "The recommended strategy id, or None when nothing fits.")
      .def_property_readonly("recommended_status", [](const pubplan::PackageResult &p) {
            return p.recommended ? py::object(py::str(pubplan::to_string(p.recommended_status)))
                                 : py::object(py::none());
          }, "The recommended strategy's status ('feasible', 'conditional' or 'unknown'), or None.")
      .def_property_readonly("provenance", [](const pubplan::PackageResult &p) {
            return p.recommended ? opt_bool(p.provenance) : py::object(py::bool_(false));
          }, "Whether the recommendation publishes with provenance (None: depends on unknown facts).")
      .def_readonly("feasible", &pubplan::PackageResult::feasible, "The feasible strategy ids, best first.")
      .def_readonly("conditional", &pubplan::PackageResult::conditional,
                    "The conditional strategy ids, best first.")
      .def_property_readonly("strategies", [](py::object self) {
            py::dict d;
            for (const auto &s : self.cast<const pubplan::PackageResult &>().strategies)
              d[py::str(s.id)] = py::cast(&s, py::return_value_policy::reference_internal, self);
            return d;
          }, "Every strategy of the catalog, in catalog order: a dict id -> StrategyResult.")
      .def_property_readonly("fallback", [](const pubplan::PackageResult &p) { return opt_str(p.fallback); },
          "The best feasible strategy when the recommendation is only conditional, or None.")
      .def_readonly("why", &pubplan::PackageResult::why, "Why the recommendation won.")
      .def_property_readonly("warnings", [](py::object self) {
            return ref_list(self.cast<const pubplan::PackageResult &>().warnings, self);
          }, "Warning rules that apply to the recommendation (list of PackageWarning).")
      .def_property_readonly("conflict", [](py::object self) {
            const auto &p = self.cast<const pubplan::PackageResult &>();
            return p.recommended ? py::object(py::none()) : py::object(ref_list(p.conflict, self));
          }, "None when something fits; otherwise a minimal set of rules and facts that together "
             "leave nothing (list of Reason).")
      .def_property_readonly("conflicts", [](py::object self) {
            py::list out;
            for (const auto &c : self.cast<const pubplan::PackageResult &>().conflicts) out.append(ref_list(c, self));
            return out;
          }, "Nothing fits: every minimal conflict found (conflicts[0] == conflict); empty otherwise.")
      .def_readonly("conflicts_complete", &pubplan::PackageResult::conflicts_complete,
          "False when the enumeration of conflicts stopped at its bound (max_conflicts).")
      .def_property_readonly("repairs", [](py::object self) {
            return ref_list(self.cast<const pubplan::PackageResult &>().repairs, self);
          }, "Nothing fits: the cheapest verified repairs, cheapest first (list of Repair).")
      .def_readonly("repairs_complete", &pubplan::PackageResult::repairs_complete,
          "False when the search for repairs stopped at its bound (max_repairs).")
      .def("explain", [](const pubplan::PackageResult &p, const std::optional<std::string> &strategy) {
            return pubplan::explain_text(p, strategy.value_or(""));
          }, "strategy"_a = py::none(),
          "The text explanation of `pubplan explain` for this package (one strategy, or all).")
      .def("__repr__", [](const pubplan::PackageResult &p) {
        if (!p.recommended) return "<PackageResult " + repr_str(p.name) + ": nothing fits>";
        return "<PackageResult " + repr_str(p.name) + ": " + *p.recommended + " (" +
               pubplan::to_string(p.recommended_status) + ")>";
      });

  py::class_<pubplan::Token>(m, "Token", "A granular access token of the token plan.")
      .def(pubplan_python::pickling<pubplan::Token>())
      .def_readonly("name", &pubplan::Token::name, "Suggested token name, unique in the plan.")
      .def_readonly("pipeline", &pubplan::Token::pipeline, "The pipeline whose secret store holds it.")
      .def_readonly("access", &pubplan::Token::access, "'read-write' or 'read-only'.")
      .def_readonly("packages", &pubplan::Token::packages, "Package grants.")
      .def_readonly("scopes", &pubplan::Token::scopes, "Scope grants, e.g. '@acme'.")
      .def_readonly("orgs", &pubplan::Token::orgs, "Organisation grants (always empty).")
      .def_readonly("bypass_2fa", &pubplan::Token::bypass_2fa, "Whether the token bypasses 2FA.")
      .def_readonly("expires_days", &pubplan::Token::expires_days, "Days until it expires.")
      .def_readonly("command", &pubplan::Token::command, "The npm command line that creates it.")
      .def("to_dict", &as_dict<pubplan::Token>, "This token as in the JSON document.")
      .def("__repr__", [](const pubplan::Token &t) {
        return "<Token " + repr_str(t.name) + " " + t.access + ": " + std::to_string(t.packages.size()) +
               " packages, " + std::to_string(t.scopes.size()) + " scopes>";
      });

  // --- Result ---
  py::class_<pubplan::Result>(m, "Result", "What the planner found for every package of a topology.")
      .def(pubplan_python::pickling<pubplan::Result>())
      .def_readonly("source", &pubplan::Result::source, "The topology's source name.")
      .def_readonly("catalog_as_of", &pubplan::Result::catalog_as_of, "The catalog's as-of date (the JSON's catalog_as_of).")
      .def_readonly("as_of", &pubplan::Result::as_of, "The day the rules were evaluated on, 'YYYY-MM-DD'.")
      .def_readonly("horizon_days", &pubplan::Result::horizon_days, "How many days after as_of `ahead` looked.")
      .def_readonly("diagnose", &pubplan::Result::diagnose,
                    "How much of each explanation was computed: 'first' or 'all' (Planner's diagnose).")
      .def_property_readonly("ahead", [](const pubplan::Result &r) {
            py::list out;
            for (const auto &a : r.ahead) out.append(json_loads(pubplan::to_json(a)));
            return out;
          }, "What changes within the horizon, as the JSON's `ahead` (list of dicts: date, rules, "
             "strategies, recommended_before, recommended_after, packages).")
      .def_readonly("distinct_problems", &pubplan::Result::distinct_problems,
                    "How many package shapes were actually solved.")
      .def_property_readonly("packages", [](py::object self) {
            return ref_list(self.cast<const pubplan::Result &>().packages, self);
          }, "Every package, in topology order (list of PackageResult).")
      .def_property_readonly("tokens", [](py::object self) {
            return ref_list(self.cast<const pubplan::Result &>().tokens.tokens, self);
          }, "The granular tokens to create (list of Token): write tokens, then read-only ones.")
      .def_property_readonly("summary", [](const pubplan::Result &r) {
            const pubplan::Summary &s = r.summary;
            return py::dict("packages"_a = s.packages, "feasible"_a = s.feasible, "conditional"_a = s.conditional,
                            "unknown"_a = s.unknown, "nothing_fits"_a = s.nothing_fits);
          }, "Packages by the status of their recommendation, as in the JSON's summary: packages, "
             "feasible, conditional, unknown, nothing_fits (also when they were passed to solve's each).")
      .def_property_readonly("exit_code", &pubplan::Result::exit_code,
          "The CLI's exit code for this result: 0 every recommendation feasible, 1 some package "
          "has nothing that fits, 3 otherwise some recommendation is conditional or unknown.")
      .def("package", [](py::object self, const std::string &name) {
            const auto *p = self.cast<const pubplan::Result &>().package(name);
            if (!p) throw py::key_error(name);
            return py::cast(p, py::return_value_policy::reference_internal, self);
          }, "name"_a, "The PackageResult of the package NAME; KeyError when there is none.")
      .def("to_json", [](const pubplan::Result &r, int indent) { return pubplan::to_json(r, indent); },
           "indent"_a = 2, "The JSON document of `pubplan solve --format json` (schema_version 2).")
      .def("to_dict", [](const pubplan::Result &r) { return json_loads(pubplan::to_json(r, -1)); },
           "The JSON document of `pubplan solve --format json`, parsed (dicts, lists, str, ...).")
      .def("to_text", [](const pubplan::Result &r) { return pubplan::to_text(r); },
           "The text report of `pubplan solve` (no colour).")
      .def("to_markdown", [](const pubplan::Result &r, std::size_t limit) { return pubplan::to_markdown(r, limit); },
           "limit"_a = pubplan::kMarkdownLimit,
           "The Markdown report of `pubplan solve --format markdown`, at most LIMIT characters.")
      .def("to_sarif", [](const pubplan::Result &r, const pubplan::Topology &t, const py::object &planner) {
            return pubplan::to_sarif(r, t, planner.is_none() ? pubplan::Catalog::builtin()
                                                             : planner.cast<const pubplan::Planner &>().catalog());
          }, "topology"_a, "planner"_a = py::none(),
          "SARIF 2.1.0 of `pubplan solve --format sarif`: TOPOLOGY's findings and the packages not "
          "feasible, with the rules of PLANNER's catalog (the built-in one without). TOPOLOGY is "
          "the one this result was solved from.")
      .def("to_codequality", [](const pubplan::Result &r, const pubplan::Topology &t) {
            return pubplan::to_codequality(r, t);
          }, "topology"_a, "The GitLab Code Quality report of `pubplan solve --format codequality`.")
      .def("gates_holding", [](const pubplan::Result &r, const pubplan::Topology &t, const std::vector<std::string> &names) {
            std::vector<pubplan::Gate> gates;
            for (const auto &n : names) {
              auto g = pubplan::parse_gate(n);
              if (!g) throw py::value_error("unknown gate '" + n + "': infeasible, conditional, finding or ahead");
              gates.push_back(*g);
            }
            std::vector<std::pair<std::string, std::string>> out;
            for (const auto &h : pubplan::gates_holding(r, t, gates)) out.emplace_back(pubplan::to_string(h.gate), h.why);
            return out;
          }, "topology"_a, "gates"_a,
          "Which of GATES ('infeasible', 'conditional', 'finding', 'ahead') hold, as `--fail-on` "
          "reads them: a list of (gate, why) in the order asked; empty when none holds.")
      .def("__len__", [](const pubplan::Result &r) { return r.packages.size(); })
      .def("__iter__", [](py::object self) { return py::iter(ref_list(self.cast<const pubplan::Result &>().packages, self)); })
      .def("__repr__", [](const pubplan::Result &r) {
        const pubplan::Summary &s = r.summary;
        return "<Result " + repr_str(r.source) + ": " + std::to_string(s.packages) + " packages, " +
               std::to_string(s.nothing_fits) + " with nothing that fits, " +
               std::to_string(s.conditional + s.unknown) + " conditional or unknown, exit_code " +
               std::to_string(r.exit_code()) + ">";
      });

  // --- the migration plan ---
  py::class_<pubplan::PlanStep>(m, "PlanStep", "One step of the migration plan (docs/plan.md).")
      .def(pubplan_python::pickling<pubplan::PlanStep>())
      .def("to_dict", &as_dict<pubplan::PlanStep>, "This step as in the plan document's `steps`.")
      .def_readonly("id", &pubplan::PlanStep::id, "'s1', 's2', ... in plan order.")
      .def_readonly("kind", &pubplan::PlanStep::kind, "What it is: 'trust', 'disallow-tokens', ...")
      .def_readonly("title", &pubplan::PlanStep::title, "What to do, one line.")
      .def_readonly("detail", &pubplan::PlanStep::detail, "Why and how.")
      .def_readonly("actor", &pubplan::PlanStep::actor, "Who performs it: an actor id of the catalog.")
      .def_readonly("actor_says", &pubplan::PlanStep::actor_says, "That actor in words.")
      .def_readonly("two_factor", &pubplan::PlanStep::two_factor, "Whether the actor must sign in with 2FA.")
      .def_readonly("pipeline", &pubplan::PlanStep::pipeline, "The pipeline it concerns ('' for none).")
      .def_readonly("location", &pubplan::PlanStep::location, "'FILE:LINE' to change ('' when none).")
      .def_readonly("packages", &pubplan::PlanStep::packages, "The packages it serves.")
      .def_readonly("commands", &pubplan::PlanStep::commands, "Command lines to run, in order.")
      .def_readonly("after", &pubplan::PlanStep::after, "Ids of the steps to do first.")
      .def("__repr__", [](const pubplan::PlanStep &s) {
        return "<PlanStep " + s.id + " " + s.kind + ": " + repr_str(s.title) + ">";
      });
  py::class_<pubplan::PackagePlan>(m, "PackagePlan", "One package's way through the migration plan.")
      .def(pubplan_python::pickling<pubplan::PackagePlan>())
      .def("to_dict", &as_dict<pubplan::PackagePlan>, "This package as in the plan document's `packages`.")
      .def_readonly("name", &pubplan::PackagePlan::name)
      .def_readonly("current", &pubplan::PackagePlan::current, "Strategy id used today, or 'unknown'.")
      .def_readonly("target", &pubplan::PackagePlan::target, "Strategy id it moves to; None when nothing fits "
                                                              "and no repair was found.")
      .def_property_readonly("target_status", [](const pubplan::PackagePlan &p) {
            return p.target ? py::object(py::str(pubplan::to_string(p.target_status))) : py::object(py::none());
          }, "Status of the target once its steps are done, or None.")
      .def_readonly("via_repair", &pubplan::PackagePlan::via_repair, "Nothing fits today; the plan starts with the "
                                                                      "cheapest repair.")
      .def_readonly("steps", &pubplan::PackagePlan::steps, "Ids of its steps, in plan order.")
      .def_readonly("notes", &pubplan::PackagePlan::notes, "What the plan leaves undone, and why.")
      .def("__repr__", [](const pubplan::PackagePlan &p) {
        return "<PackagePlan " + repr_str(p.name) + ": " + p.current + " -> " + p.target.value_or("nothing fits") + ">";
      });
  py::class_<pubplan::MigrationPlan>(m, "Plan", "The migration plan of a solved topology (`pubplan plan`).")
      .def(pubplan_python::pickling<pubplan::MigrationPlan>())
      .def_readonly("source", &pubplan::MigrationPlan::source, "The topology's source name.")
      .def_readonly("as_of", &pubplan::MigrationPlan::as_of, "The day the rules were evaluated on.")
      .def_property_readonly("steps", [](py::object self) {
            return ref_list(self.cast<const pubplan::MigrationPlan &>().steps, self);
          }, "Every step, in an order consistent with their `after` (list of PlanStep).")
      .def_property_readonly("packages", [](py::object self) {
            return ref_list(self.cast<const pubplan::MigrationPlan &>().packages, self);
          }, "Every package's way, in topology order (list of PackagePlan).")
      .def("to_json", [](const pubplan::MigrationPlan &p, int indent) { return pubplan::to_json(p, indent); },
           "indent"_a = 2, "The JSON document of `pubplan plan --format json`.")
      .def("to_dict", [](const pubplan::MigrationPlan &p) { return json_loads(pubplan::to_json(p, -1)); },
           "The JSON document of `pubplan plan --format json`, parsed.")
      .def("to_text", [](const pubplan::MigrationPlan &p) { return pubplan::to_text(p); },
           "The text of `pubplan plan`.")
      .def("to_markdown", [](const pubplan::MigrationPlan &p, const pubplan::Result &r, std::size_t limit) {
            return pubplan::to_markdown(r, p, limit);
          }, "result"_a, "limit"_a = pubplan::kMarkdownLimit,
          "The Markdown of `pubplan plan --format markdown`: RESULT's report with this plan, at most LIMIT "
          "characters. RESULT is the one the plan was made from.")
      .def("to_sarif", [](const pubplan::MigrationPlan &p, const pubplan::Result &r, const pubplan::Topology &t,
                          const py::object &planner) {
            return pubplan::to_sarif(r, t, planner.is_none() ? pubplan::Catalog::builtin()
                                                             : planner.cast<const pubplan::Planner &>().catalog(), p);
          }, "result"_a, "topology"_a, "planner"_a = py::none(),
          "SARIF 2.1.0 of `pubplan plan --format sarif`: RESULT's issues and this plan's located steps as notes.")
      .def("to_codequality", [](const pubplan::MigrationPlan &p, const pubplan::Result &r, const pubplan::Topology &t) {
            return pubplan::to_codequality(r, t, p);
          }, "result"_a, "topology"_a, "The GitLab Code Quality report of `pubplan plan --format codequality`.")
      .def("__len__", [](const pubplan::MigrationPlan &p) { return p.steps.size(); })
      .def("__repr__", [](const pubplan::MigrationPlan &p) {
        return "<Plan " + repr_str(p.source) + ": " + std::to_string(p.steps.size()) + " steps>";
      });

  // --- Planner ---
  py::class_<pubplan::Planner>(m, "Planner",
      "Solves topologies against the built-in catalog plus user catalogs. Thread-safe: "
      "solve() releases the GIL, and several threads may solve on one planner at once.")
      .def(py::init([](const py::object &catalogs, long long max_conflicts, long long max_repairs,
                       std::optional<double> time_limit, std::optional<long long> rlimit, long long threads,
                       const py::object &as_of, long long horizon_days, const std::string &diagnose) {
             pubplan::Options options = make_options(max_conflicts, max_repairs, time_limit, rlimit);
             if (!pubplan::parse_diagnose_depth(diagnose, options.diagnose))
               throw py::value_error("diagnose must be 'first' or 'all', not '" + diagnose + "'");
             options.threads = non_negative("threads", threads);
             options.as_of = day_of(as_of);
             options.horizon_days = non_negative("horizon_days", horizon_days);
             return pubplan::Planner(catalog_of(catalogs), options);
           }),
           "catalogs"_a = py::tuple(), py::kw_only(), "max_conflicts"_a = pubplan::Options{}.max_conflicts,
           "max_repairs"_a = pubplan::Options{}.max_repairs,
           "time_limit"_a = py::none(), "rlimit"_a = pubplan::Options{}.rlimit, "threads"_a = pubplan::Options{}.threads,
           "as_of"_a = py::none(), "horizon_days"_a = pubplan::Options{}.horizon_days,
           "diagnose"_a = pubplan::to_string(pubplan::Options{}.diagnose),
           "CATALOGS are layered over the built-in catalog in order; each is a path (str or "
           "os.PathLike) or the text of a catalog (a str containing a newline, or bytes). "
           "max_conflicts / max_repairs bound the conflicts and repairs reported per package. "
           "time_limit (seconds, None = none) and rlimit (Z3 resource limit, None = none) bound "
           "each solver check; a check that runs out gives the status 'unknown', not an exception. "
           "threads: solver threads per solve (0 = one per core; the answer is the same for any value). "
           "as_of: the day whose rules apply ('YYYY-MM-DD' or a datetime.date; None = today); "
           "horizon_days: how far Result.ahead looks for rules that change. "
           "diagnose: 'first' (one reason set per ruled-out strategy; every conflict and repair only "
           "when nothing fits) or 'all' (every conflict and repair of every ruled-out strategy, and "
           "the read needs' paths), as `pubplan solve --diagnose`; diagnose() gives one package's in full. "
           "Raises CatalogError for an invalid catalog.")
      .def("solve", [](const pubplan::Planner &planner, const pubplan::Topology &topology, const py::object &each) {
            if (each.is_none()) return interruptible(planner, [&] { return planner.solve(topology); });
            if (!PyCallable_Check(each.ptr())) throw py::type_error("each must be a callable or None");
            // Python runs only inside the callback, with the GIL taken back for it.
            return interruptible(planner, [&] {
              return planner.solve(topology, [&](pubplan::PackageResult &&p) {
                py::gil_scoped_acquire acquire;
                each(py::cast(std::move(p)));
              });
            });
          }, "topology"_a, "each"_a = py::none(),
           "Solves every package of TOPOLOGY and returns a Result. Releases the GIL while solving. "
           "With EACH, each package's PackageResult is passed to EACH(package) as soon as it is "
           "built (topology order) and none is kept: the Result's packages are empty, its summary, "
           "exit_code, tokens and graph are complete. An exception raised by EACH ends the solve "
           "and propagates. Raises SolverTimeout when interrupt() stopped it.")
      .def("plan", [](const pubplan::Planner &planner, const pubplan::Topology &topology, const py::object &result) {
            if (!result.is_none()) {
              const pubplan::Result &r = result.cast<const pubplan::Result &>();
              py::gil_scoped_release release;
              return pubplan::plan_migration(r, topology, planner.catalog());
            }
            return interruptible(planner, [&] {
              return pubplan::plan_migration(planner.solve(topology), topology, planner.catalog());
            });
          }, "topology"_a, "result"_a = py::none(),
          "The migration plan of TOPOLOGY (`pubplan plan`): a Plan. RESULT, when given, is this planner's "
          "solve of TOPOLOGY (not streamed); without it the planner solves first. Releases the GIL. "
          "Raises ValueError when RESULT is not a solve of TOPOLOGY.")
      .def("verify", [](const pubplan::Planner &planner, const pubplan::Topology &topology,
                        const pubplan::Result &result, const std::string &package) {
            py::gil_scoped_release release;
            return pubplan::verify_and_reduce(planner, topology, result, package);
          }, "topology"_a, "result"_a, "package"_a = "",
          "Checks RESULT (this planner's solve of TOPOLOGY) with the independent checker, as "
          "`pubplan solve --verify`: a VerifyReport whose disagreements are empty when the checker "
          "agrees; otherwise `smallest` is the smallest topology that shows the first one. "
          "With PACKAGE, only that package's disagreements.")
      .def("diagnose", [](const pubplan::Planner &planner, const pubplan::Topology &topology,
                     const pubplan::Result &result, const std::string &package) {
            return one_package(planner, [&] { return planner.diagnose(topology, result, package); });
          }, "topology"_a, "result"_a, "package"_a,
          "The full diagnosis of PACKAGE of RESULT (this planner's solve of TOPOLOGY, at any depth): a "
          "PackageResult with every conflict and verified repair of each ruled-out strategy, as "
          "diagnose='all' gives it (its `why` does not say when the recommendation stops fitting: "
          "RESULT's does). Releases the GIL. Raises KeyError when TOPOLOGY has no such package.")
      .def("explain", [](const pubplan::Planner &planner, const pubplan::Topology &topology,
                     const pubplan::Result &result, const std::string &package) {
            return one_package(planner, [&] { return planner.explain(topology, result, package); });
          }, "topology"_a, "result"_a, "package"_a,
          "RESULT narrowed to PACKAGE, diagnosed in full (diagnose()), with the `ahead` changes that "
          "concern it: a Result whose to_dict() is `pubplan explain --format json`. Releases the GIL. "
          "Raises KeyError when TOPOLOGY has no such package.")
      .def("interrupt", &pubplan::Planner::interrupt,
           "Stops every solve running on this planner now (from any thread); each raises "
           "SolverTimeout. Solves started afterwards run normally.")
      .def_property_readonly("max_conflicts", [](const pubplan::Planner &p) { return p.options().max_conflicts; },
          "Bound on the conflicts reported per package.")
      .def_property_readonly("max_repairs", [](const pubplan::Planner &p) { return p.options().max_repairs; },
          "Bound on the repairs reported per package.")
      .def_property_readonly("time_limit", [](const pubplan::Planner &p) {
            unsigned ms = p.options().time_limit_ms;
            return ms ? py::object(py::float_(ms / 1000.0)) : py::object(py::none());
          }, "Wall-clock limit per solver check in seconds, or None.")
      .def_property_readonly("rlimit", [](const pubplan::Planner &p) {
            auto r = p.options().rlimit;
            return r ? py::object(py::int_(r)) : py::object(py::none());
          }, "Z3 resource limit per solver check, or None.")
      .def_property_readonly("threads", [](const pubplan::Planner &p) { return p.options().threads; },
          "Solver threads per solve (0 = one per core).")
      .def_property_readonly("as_of", &pubplan::Planner::as_of,
          "The day a solve started now evaluates the rules on ('YYYY-MM-DD': as_of, or today).")
      .def_property_readonly("horizon_days", [](const pubplan::Planner &p) { return p.options().horizon_days; },
          "How many days after as_of Result.ahead looks.")
      .def_property_readonly("diagnose_depth", [](const pubplan::Planner &p) { return pubplan::to_string(p.options().diagnose); },
          "How much of each explanation a solve computes: 'first' or 'all'.")
      .def_property_readonly("strategies", [](const pubplan::Planner &p) { return strategy_ids(p.catalog()); },
          "The strategy ids of the catalog, in catalog order.")
      .def_property_readonly("catalog_as_of", [](const pubplan::Planner &p) { return p.catalog().as_of(); },
          "The catalog's as-of date (the JSON's catalog_as_of).")
      .def("catalog_dict", [](const pubplan::Planner &p) { return json_loads(p.catalog().to_json()); },
           "The catalog in use (rules, strategies, ranking) as the JSON of `pubplan catalog --format json`.")
      .def("__repr__", [](const pubplan::Planner &p) {
        const auto &o = p.options();
        return "<Planner catalog as of " + p.catalog().as_of() + ", max_conflicts=" + std::to_string(o.max_conflicts) +
               ", max_repairs=" + std::to_string(o.max_repairs) + ">";
      });

  // --- verify ---
  py::class_<pubplan::Disagreement>(m, "Disagreement",
      "A point where the independent checker and a result disagree: a bug in pubplan.")
      .def_readonly("package", &pubplan::Disagreement::package)
      .def_readonly("strategy", &pubplan::Disagreement::strategy, "Empty for the package as a whole.")
      .def_readonly("check", &pubplan::Disagreement::check, "status, conflict, conflict-minimal, rules-out, "
                    "repair, repair-minimal or reason.")
      .def_readonly("message", &pubplan::Disagreement::message)
      .def("__str__", &pubplan::Disagreement::to_string)
      .def("to_dict", [](const pubplan::Disagreement &d) {
            return py::dict("package"_a = d.package, "strategy"_a = d.strategy, "check"_a = d.check,
                            "message"_a = d.message);
          }, "This disagreement as a dict of its fields.")
      .def("__repr__", [](const pubplan::Disagreement &d) { return "<Disagreement " + repr_str(d.to_string()) + ">"; });
  py::class_<pubplan::VerifyReport>(m, "VerifyReport", "What Planner.verify found.")
      .def_readonly("disagreements", &pubplan::VerifyReport::disagreements, "Empty: the checker agrees.")
      .def_readonly("smallest", &pubplan::VerifyReport::smallest,
                    "The smallest topology that shows the first disagreement, or None.")
      .def("__bool__", [](const pubplan::VerifyReport &r) { return r.disagreements.empty(); },
           "True when the checker agrees with everything.")
      .def("to_dict", [](py::object self) {
            const auto &r = self.cast<const pubplan::VerifyReport &>();
            py::list disagreements;
            for (const auto &d : r.disagreements) disagreements.append(py::cast(d).attr("to_dict")());
            return py::dict("disagreements"_a = disagreements,
                            "smallest"_a = r.smallest ? json_loads(r.smallest->to_normalized_json()) : py::none());
          }, "The disagreements (dicts) and the smallest topology (its to_dict(), or None).");

  // --- scan ---
  py::class_<pubplan::Finding>(m, "Finding", "A problem the scan saw in a repository (`findings` of the topology).")
      .def_readonly("id", &pubplan::Finding::id, "e.g. 'scan.npm-too-old'.")
      .def_readonly("file", &pubplan::Finding::file)
      .def_readonly("line", &pubplan::Finding::line, "1-based; 0 for the whole file.")
      .def_readonly("message", &pubplan::Finding::message)
      .def_readonly("rule", &pubplan::Finding::rule, "The catalog rule it bears on, or the documentation.")
      .def("to_dict", [](const pubplan::Finding &f) {
            py::dict d("id"_a = f.id, "file"_a = f.file);
            if (f.line > 0) d["line"] = f.line;  // as the scan's YAML writes it: no line for a whole file
            d["message"] = f.message;
            d["rule"] = f.rule;
            return d;
          }, "This finding as the scan's topology lists it under `findings`.")
      .def("__repr__", [](const pubplan::Finding &f) { return "<Finding " + f.id + " " + repr_str(f.file) + ">"; });
  py::class_<ScanOutcome>(m, "ScanResult", "What pubplan.scan read: the topology, its text, findings and warnings.")
      .def_readonly("topology", &ScanOutcome::topology, "The topology, loaded with the scan's catalogs.")
      .def_readonly("text", &ScanOutcome::text, "The topology as `pubplan scan` writes it (YAML).")
      .def_readonly("findings", &ScanOutcome::findings)
      .def("to_dict", [](py::object self) {
            py::list findings, warnings;
            for (const auto &f : self.attr("findings")) findings.append(f.attr("to_dict")());
            for (const auto &w : self.cast<const ScanOutcome &>().warnings)
              warnings.append(py::dict("file"_a = std::get<0>(w), "line"_a = std::get<1>(w),
                                       "column"_a = std::get<2>(w), "message"_a = std::get<3>(w)));
            return py::dict("topology"_a = self.attr("topology").attr("to_dict")(), "findings"_a = findings,
                            "warnings"_a = warnings);
          }, "The topology (its to_dict()), the findings as the scan's YAML lists them, and the warnings.")
      .def_readonly("warnings", &ScanOutcome::warnings,
                    "Files that could not be read or parsed, as (file, line, column, message); the scan went on.");
  m.def("scan", [](const py::object &paths, const py::object &catalogs, bool whole_org, bool registry,
                   const std::string &registry_url) {
        std::vector<std::string> roots;
        if (py::isinstance<py::str>(paths) || py::hasattr(paths, "__fspath__")) roots.push_back(str_of_path(paths));
        else
          for (auto p : paths) roots.push_back(str_of_path(py::reinterpret_borrow<py::object>(p)));
        const pubplan::Catalog catalog = catalog_of(catalogs);
        py::gil_scoped_release release;
        pubplan::ScanOptions options;
        options.whole_org = whole_org;
        options.registry = registry;
        options.registry_url = registry_url;
        pubplan::ScanResult r = pubplan::scan(roots, options, catalog);
        pubplan::Topology topology = pubplan::Topology::load_string(r.topology, "<scan>", catalog);
        std::vector<std::tuple<std::string, int, int, std::string>> warnings;
        for (const auto &w : r.warnings) warnings.emplace_back(w.file, w.line, w.column, w.message);
        return ScanOutcome{std::move(topology), std::move(r.topology), std::move(r.findings), std::move(warnings)};
      }, "paths"_a, py::kw_only(), "catalogs"_a = py::tuple(), "whole_org"_a = false, "registry"_a = false,
      "registry_url"_a = "",
      "Reads one or more checkouts (a path or a list of paths) into one topology, as `pubplan scan`: "
      "reads files only, runs nothing. CATALOGS as for Planner. whole_org: the paths hold every "
      "package of the organisation (as `scan --whole-org`; otherwise npm.complete is false). registry: "
      "read each package's packument (as `scan --registry`; registry_url as `--registry-url`); without "
      "it no network is used. Raises InputError for a path that is not a readable directory.");
}
