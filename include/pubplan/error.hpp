// Errors of the public API. Bad input never crashes and never takes a silent
// default: every problem found in a file is reported, with its position.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

#include "pubplan/export.hpp"

namespace pubplan {

// One problem in an input file. line and column are 1-based; 0 when unknown.
struct Diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;
  // "FILE:LINE:COL: error: MESSAGE" (position parts omitted when unknown).
  PUBPLAN_API std::string to_string() const;
};

// Base of every error pubplan throws.
class PUBPLAN_API Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A file that could not be read or is not a valid document: holds every
// diagnostic of the file, in file order. what() is all of them, one per line.
class PUBPLAN_API InputError : public Error {
 public:
  explicit InputError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic> &diagnostics() const noexcept { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

// A topology file is invalid.
class PUBPLAN_API TopologyError : public InputError {
 public:
  using InputError::InputError;
};

// A catalog file is invalid.
class PUBPLAN_API CatalogError : public InputError {
 public:
  using InputError::InputError;
};

// A solve stopped by Planner::interrupt(): it has no result.
class PUBPLAN_API Interrupted : public Error {
 public:
  Interrupted() : Error("the solve was interrupted") {}
};

}  // namespace pubplan
