#pragma once
#include "pubplan/export.hpp"

#define PUBPLAN_VERSION_MAJOR 0
#define PUBPLAN_VERSION_MINOR 1
#define PUBPLAN_VERSION_PATCH 0

namespace pubplan {
// "MAJOR.MINOR.PATCH" of the library actually loaded (may differ from the macros
// a program was compiled with).
PUBPLAN_API const char *version() noexcept;
}  // namespace pubplan
