// Which packages a report lists (`--package GLOB`, `--status STATUS`).
#include <fnmatch.h>

#include <algorithm>

#include "pubplan/report.hpp"

namespace pubplan {

bool PackageFilter::matches(const PackageResult &p) const noexcept {
  const bool named = globs.empty() || std::any_of(globs.begin(), globs.end(), [&](const std::string &g) {
                       return fnmatch(g.c_str(), p.name.c_str(), 0) == 0;
                     });
  const char *status = p.recommended ? to_string(p.recommended_status) : "nothing-fits";
  return named && (statuses.empty() || std::find(statuses.begin(), statuses.end(), status) != statuses.end());
}

Result filtered(Result result, const PackageFilter &filter) {
  if (filter.empty()) return result;
  std::vector<PackageResult> kept;
  for (auto &p : result.packages)
    if (filter.matches(p)) kept.push_back(std::move(p));
  result.packages = std::move(kept);
  std::vector<AheadChange> ahead;
  for (auto &change : result.ahead) {
    std::vector<std::string> names;
    for (const auto &name : change.packages)
      if (result.package(name)) names.push_back(name);
    if (names.empty()) continue;
    change.packages = std::move(names);
    ahead.push_back(std::move(change));
  }
  result.ahead = std::move(ahead);
  return result;
}

}  // namespace pubplan
