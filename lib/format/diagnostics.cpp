// The public error types and the library version.
#include <fmt/format.h>

#include "pubplan/error.hpp"
#include "pubplan/version.hpp"

namespace pubplan {

const char *version() noexcept { return PUBPLAN_VERSION_STRING; }

std::string Diagnostic::to_string() const {
  if (line > 0) return fmt::format("{}:{}:{}: error: {}", file, line, column, message);
  return fmt::format("{}: error: {}", file, message);
}

namespace {
std::string join_diagnostics(const std::vector<Diagnostic> &ds) {
  std::string out;
  for (const auto &d : ds) out += (out.empty() ? "" : "\n") + d.to_string();
  return out;
}
}  // namespace

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : Error(join_diagnostics(diagnostics)), diagnostics_(std::move(diagnostics)) {}

}  // namespace pubplan
