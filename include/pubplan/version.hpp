#pragma once
#include "pubplan/export.hpp"

#include "pubplan/version.h"  // PUBPLAN_VERSION_*, generated from the build's project()

namespace pubplan {
// "MAJOR.MINOR.PATCH" of the library actually loaded (may differ from the macros
// a program was compiled with).
PUBPLAN_API const char *version() noexcept;
}  // namespace pubplan
