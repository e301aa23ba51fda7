// How each package is published today (`current`), from what its pipelines
// show: the credential they publish with, matched to the catalog's strategies
// by the credential each needs. No strategy id is written here: the catalog
// says which strategy publishes with which credential.
#include <algorithm>

#include <fmt/format.h>

#include "catalog/catalog_model.hpp"
#include "scan/scan_model.hpp"

namespace pubplan::detail::scan {

namespace {

std::vector<std::string> ids_of(const std::vector<const StrategyDef *> &strategies) {
  std::vector<std::string> ids;
  for (const auto *st : strategies) ids.push_back(st->id);
  return ids;
}

// The credential a pipeline publishes with, with the line that shows it; or,
// when the checkout does not show it, why.
struct Seen {
  std::optional<Credential> credential;
  Where where;
  std::string why;
};

Seen credential_of(const Pipeline &p) {
  if (!p.elsewhere.empty()) return {std::nullopt, {}, fmt::format("pipeline {} hands publishing elsewhere", p.name)};
  // Staging only when every publish of the pipeline stages: a direct publish
  // beside it needs what publishing directly needs.
  const bool staged = !p.publishes.empty() &&
                      std::all_of(p.publishes.begin(), p.publishes.end(), [](const Publish &pub) { return pub.staged; });
  // An OIDC token one workflow of a reusable-workflow call asks for and the
  // other does not grant is no token at all (the run gets none: id_token false).
  const bool oidc = p.oidc_npm && p.oidc_missing.empty();
  // With a client that cannot exchange the OIDC token (oidc_unusable), the token publishes.
  if (p.token && oidc && p.oidc_unusable.empty())
    return {std::nullopt, {},
            fmt::format("pipeline {} has both an npm token and an OIDC token: npm uses OIDC where a trusted "
                        "publisher is configured, else the token",
                        p.name)};
  if (p.token) return {staged ? Credential::stage_token : Credential::write_token, p.token_where, ""};
  if (oidc && !p.oidc_unusable.empty())
    return {std::nullopt, {},
            fmt::format("pipeline {} has an OIDC token but no npm token, and no trusted publishing can work with "
                        "what it shows ({})",
                        p.name, p.oidc_unusable)};
  // Staging through OIDC (a trusted publisher allowed to stage) is staged
  // publishing all the same: the catalog's staging strategy stands for both
  // of its credentials.
  if (oidc) return {staged ? Credential::stage_token : Credential::none, p.oidc_where, ""};
  if (p.oidc_npm)
    return {std::nullopt, {},
            fmt::format("pipeline {} has no npm token, and its OIDC token is asked for on one side of a "
                        "reusable-workflow call only ({}), so the run gets none",
                        p.name, p.oidc_missing.front().text())};
  return {std::nullopt, {}, fmt::format("pipeline {} shows neither an npm token nor an OIDC token for npm", p.name)};
}

}  // namespace

void infer_current(Scan &s, const CatalogModel &cat) {
  for (Package &pkg : s.packages) {
    if (pkg.published_by.empty()) continue;
    std::optional<Seen> seen;
    for (int id : pkg.published_by) {
      Seen c = credential_of(s.pipelines[id]);
      if (!c.credential) {
        seen = c;
        break;
      }
      if (seen && seen->credential != c.credential) {
        seen = Seen{std::nullopt, {}, "its pipelines publish with different credentials"};
        break;
      }
      if (!seen) seen = c;
    }
    if (!seen || !seen->credential) {
      pkg.current.why = seen ? seen->why : "";
      continue;
    }
    std::vector<const StrategyDef *> fitting;
    for (const StrategyDef &st : cat.strategies)
      if (st.credential == *seen->credential) fitting.push_back(&st);
    // Strategies of one credential that differ in provenance: the package's
    // publishConfig.provenance, or every publish of its pipelines asking for
    // it alike (`--provenance`), says which one it is.
    if (fitting.size() > 1) {
      std::optional<bool> wants = pkg.provenance;
      Where said = pkg.provenance_where;
      if (!wants) {
        std::vector<const Publish *> publishes;
        for (int id : pkg.published_by)
          for (const Publish &q : s.pipelines[id].publishes) publishes.push_back(&q);
        const bool alike = !publishes.empty() && std::all_of(publishes.begin(), publishes.end(), [&](const Publish *q) {
          return q->provenance == publishes.front()->provenance;
        });
        if (alike) wants = publishes.front()->provenance, said = publishes.front()->where;
      }
      std::vector<const StrategyDef *> asked;
      for (const StrategyDef *st : fitting)
        if (wants && st->provides[static_cast<int>(Capability::provenance)] == *wants) asked.push_back(st);
      if (asked.size() == 1) {
        pkg.current = {asked[0]->id, said,
                       fmt::format("its pipeline's credential fits {}, and it publishes {} provenance",
                                   fmt::join(ids_of(fitting), " or "), *wants ? "with" : "without")};
        continue;
      }
    }
    if (fitting.size() == 1) {
      pkg.current = {fitting[0]->id, seen->where, ""};
    } else {
      pkg.current.why = fitting.empty()
                            ? "no strategy of the catalog publishes with the credential its pipeline uses"
                            : fmt::format("its pipeline's credential fits {}: which one is not in the checkout",
                                          fmt::join(ids_of(fitting), " or "));
    }
  }
}

}  // namespace pubplan::detail::scan
