// GitHub Actions expressions (`${{ ... }}`), evaluated where every context
// value they read is known: literals, `inputs.X`/`matrix.X`/`env.X`, `!`,
// `==`, `!=`, `&&`, `||` and parentheses. Workflows choose a default with
// them (`inputs.node || '22'`, `cond && 'a' || 'b'`); anything else (a
// function, another context, a value nobody set) leaves the expression
// unknown, never guessed.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace pubplan::detail::scan {

struct ExpressionValue {
  // `scalar`: a YAML scalar whose type the workflow does not declare (a
  // matrix or env value): `0` may be the number or the string, so where the
  // type would change the answer the answer is unknown.
  enum class Kind { null, boolean, number, string, scalar } kind = Kind::null;
  std::string text;  // as written (a string's characters, a number's digits)
  // The context name (`inputs.node`) the value was read from, empty for a literal.
  std::string from;

  static ExpressionValue of(Kind kind, std::string text, std::string from = "");
  // Whether GitHub reads it as true; nothing when that depends on a type not known.
  std::optional<bool> truthy() const;
  // As GitHub writes it into text: null is empty.
  std::string to_text() const { return text; }
};

// The value of a context name (`inputs.node`), nothing when unknown.
using ContextLookup = std::function<std::optional<ExpressionValue>(const std::string &)>;

// The value of the expression inside `${{ }}`, nothing when it reads
// something unknown or is not of the forms above.
std::optional<ExpressionValue> evaluate_expression(std::string_view expression, const ContextLookup &lookup);

}  // namespace pubplan::detail::scan
