// A module built for the tests only (never installed): it throws what the engine
// may throw, so that tests/python/test_errors.py can check that pubplan._core's
// exception translator (registered for every pybind11 module of the process)
// turns each into the right Python exception.
#include <new>
#include <stdexcept>
#include <string>

#include <pybind11/pybind11.h>

#include "pubplan/error.hpp"

namespace py = pybind11;

namespace {
[[noreturn]] void throw_kind(const std::string &kind) {
  if (kind == "topology")
    throw pubplan::TopologyError({{"t.yaml", 3, 7, "first"}, {"t.yaml", 9, 1, "second"}});
  if (kind == "catalog") throw pubplan::CatalogError({{"c.yaml", 2, 5, "bad rule"}});
  if (kind == "input") throw pubplan::InputError({{"i.yaml", 0, 0, "cannot read"}});
  if (kind == "error") throw pubplan::Error("plain pubplan error");
  if (kind == "interrupted") throw pubplan::Interrupted();
  if (kind == "std") throw std::out_of_range("vector::at");
  if (kind == "bad_alloc") throw std::bad_alloc();
  if (kind == "value") throw py::value_error("a value error");
  throw 42;  // not an exception class at all
}
}  // namespace

PYBIND11_MODULE(pubplan_throwing, m) {
  m.def("throw_kind", &throw_kind, "Throws a C++ exception of KIND.");
}
