// The rules pubplan reasons with, as data: the embedded npm catalog plus any
// user catalogs layered over it (add a rule, replace one by id, disable one).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pubplan/export.hpp"

namespace pubplan {

namespace detail {
struct CatalogModel;
struct Access;
}  // namespace detail

// What a rule is, for listing (`pubplan catalog`).
struct RuleInfo {
  std::string id;
  std::string statement;
  std::string source;
  std::string as_of;
  std::string certainty;  // documented | announced | reported
  std::string severity;   // constraint | warning
  std::string kind;       // requirement | provision | warning
  std::vector<std::string> strategies;
  bool enabled = true;
  // "YYYY-MM-DD": the rule is in force from effective_from and before
  // effective_until ("" : no bound).
  std::string effective_from;
  std::string effective_until;
};

struct StrategyInfo {
  std::string id;
  std::string title;
  std::string credential;    // none | write-token | stage-token | person-2fa
  bool person_acts = false;  // a person acts for each release (publishes or approves)
  std::string colour;        // "#rrggbb", for pictures
};

class PUBPLAN_API Catalog {
 public:
  // The catalog compiled into the library.
  static Catalog builtin();
  // Layers a user catalog over this one. Throws CatalogError.
  void add_file(const std::string &path);
  void add_string(std::string_view text, const std::string &name = "<catalog>");

  std::vector<RuleInfo> rules() const;
  std::vector<StrategyInfo> strategies() const;
  std::string as_of() const;
  // The catalog as JSON (rules, strategies, ranking).
  std::string to_json() const;

 private:
  // The engine reaches the model through detail::Access; users cannot.
  friend struct detail::Access;
  const detail::CatalogModel &model() const noexcept { return *model_; }
  explicit Catalog(std::shared_ptr<const detail::CatalogModel> model);

  std::shared_ptr<const detail::CatalogModel> model_;  // copy-on-write
};

}  // namespace pubplan
