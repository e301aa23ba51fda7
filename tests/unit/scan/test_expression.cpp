// GitHub Actions expressions as the scan evaluates them (lib/scan/ci/expression.hpp).
#include <catch2/catch.hpp>

#include <map>

#include "scan/ci/expression.hpp"

using pubplan::detail::scan::evaluate_expression;
using pubplan::detail::scan::ExpressionValue;
using Kind = ExpressionValue::Kind;

namespace {
// The context of these tests: a string input given, one given empty, a
// boolean input, and a matrix scalar of no declared type.
std::optional<ExpressionValue> context(const std::string &name) {
  static const std::map<std::string, ExpressionValue> values = {
      {"inputs.node", ExpressionValue::of(Kind::string, "24.1.0", "inputs.node")},
      {"inputs.empty", ExpressionValue::of(Kind::string, "", "inputs.empty")},
      {"inputs.dry", ExpressionValue::of(Kind::boolean, "false", "inputs.dry")},
      {"matrix.zero", ExpressionValue::of(Kind::scalar, "0", "matrix.zero")},
      {"matrix.pkg", ExpressionValue::of(Kind::scalar, "core", "matrix.pkg")},
  };
  const auto it = values.find(name);
  return it == values.end() ? std::nullopt : std::optional(it->second);
}

// The text of the expression's value, "?" when it is unknown.
std::string text(const char *expression) {
  const auto v = evaluate_expression(expression, context);
  return v ? v->to_text() : "?";
}
}  // namespace

TEST_CASE("expressions: a fallback, a condition, and what stays unknown", "[scan][expression]") {
  CHECK(text("inputs.node") == "24.1.0");
  CHECK(text(" inputs.node || '22' ") == "24.1.0");
  CHECK(text("inputs.empty || '22.14.0'") == "22.14.0");
  CHECK(text("inputs.empty || inputs.node") == "24.1.0");
  CHECK(text("inputs.empty == '' && '.nvmrc' || ''") == ".nvmrc");
  CHECK(text("inputs.node == '' && '.nvmrc' || ''") == "");
  CHECK(text("inputs.node == '24.1.0'") == "true");
  CHECK(text("inputs.node != '24.1.0'") == "false");
  CHECK(text("'ABC' == 'abc'") == "true");  // strings compare without case
  CHECK(text("!inputs.dry && 'publish' || 'pack'") == "publish");
  CHECK(text("(inputs.empty || inputs.dry) && 'a' || 'b'") == "b");
  CHECK(text("'it''s'") == "it's");
  CHECK(text("null || 3") == "3");
  CHECK(text("matrix.pkg == 'core'") == "true");  // no other type is written `core`

  // Short-circuiting skips what it does not read.
  CHECK(text("inputs.node || secrets.TOKEN") == "24.1.0");
  CHECK(text("inputs.dry && secrets.TOKEN") == "false");

  // Unknown: a context not given, a function, a type that would change the answer.
  CHECK(text("inputs.missing || '22'") == "?");
  CHECK(text("secrets.TOKEN") == "?");
  CHECK(text("format('{0}', inputs.node)") == "?");
  CHECK(text("github.event.inputs['tag']") == "?");
  CHECK(text("matrix.zero || 'x'") == "?");  // the number 0 or the string "0"
  CHECK(text("inputs.dry == 'false'") == "?");  // GitHub compares a boolean and a string as numbers
  CHECK(text("inputs.node ==") == "?");
  CHECK(text("'unterminated") == "?");
  CHECK(text("") == "?");

  // The value keeps the context it came from (where it is set).
  const auto v = evaluate_expression("inputs.empty || inputs.node", context);
  REQUIRE(v);
  CHECK(v->from == "inputs.node");
  CHECK(evaluate_expression("inputs.empty || '22'", context)->from.empty());

  // Deep nesting is refused, not a stack overflow.
  const std::string deep = std::string(5000, '(') + "'a'" + std::string(5000, ')');
  CHECK_FALSE(evaluate_expression(deep, context));
  const std::string nested = std::string(100, '(') + "'a'" + std::string(100, ')');
  CHECK_FALSE(evaluate_expression(nested, context));  // over the 64 levels read
  CHECK(text("(((('a'))))") == "a");
}
