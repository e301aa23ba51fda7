// pubplan's C++ API: load a topology, solve it against a catalog, read the result.
#pragma once
#include "pubplan/catalog.hpp"
#include "pubplan/error.hpp"
#include "pubplan/gate.hpp"
#include "pubplan/graph.hpp"
#include "pubplan/migration.hpp"
#include "pubplan/planner.hpp"
#include "pubplan/report.hpp"
#include "pubplan/result.hpp"
#include "pubplan/scan.hpp"
#include "pubplan/topology.hpp"
#include "pubplan/verify.hpp"
#include "pubplan/version.hpp"
