#include "scan/ci/expression.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <vector>

namespace pubplan::detail::scan {

namespace {

using Kind = ExpressionValue::Kind;

bool is_number_text(const std::string &t) {
  if (t.empty()) return false;
  char *end = nullptr;
  std::strtod(t.c_str(), &end);
  return end == t.c_str() + t.size();
}

std::string lower(std::string s) {
  for (char &c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A scalar of undeclared type reads as a string when no other type could
// have been written that way.
std::optional<ExpressionValue> settled(const ExpressionValue &v) {
  if (v.kind != Kind::scalar) return v;
  const std::string t = lower(v.text);
  if (t.empty() || t == "true" || t == "false" || t == "null" || is_number_text(t)) return std::nullopt;
  return ExpressionValue::of(Kind::string, v.text, v.from);
}

struct Node {
  enum class Op { value, context, negate, equal, not_equal, all, any } op = Op::value;
  ExpressionValue value;  // Op::value
  std::string name;       // Op::context
  std::unique_ptr<Node> left, right;
};

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  // The whole text as one expression, or nothing.
  std::unique_ptr<Node> parse() {
    auto n = any();
    skip();
    return n && at_ == text_.size() ? std::move(n) : nullptr;
  }

 private:
  std::string_view text_;
  std::size_t at_ = 0;
  int depth_ = 0;  // nesting, bounded so that input cannot exhaust the stack

  void skip() {
    while (at_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[at_]))) ++at_;
  }
  bool eat(std::string_view token) {
    skip();
    if (text_.substr(at_, token.size()) != token) return false;
    at_ += token.size();
    return true;
  }
  static std::unique_ptr<Node> join(Node::Op op, std::unique_ptr<Node> l, std::unique_ptr<Node> r) {
    if (!l || !r) return nullptr;
    auto n = std::make_unique<Node>();
    n->op = op;
    n->left = std::move(l);
    n->right = std::move(r);
    return n;
  }

  std::unique_ptr<Node> any() {
    auto n = all();
    while (n && eat("||")) n = join(Node::Op::any, std::move(n), all());
    return n;
  }
  std::unique_ptr<Node> all() {
    auto n = comparison();
    while (n && eat("&&")) n = join(Node::Op::all, std::move(n), comparison());
    return n;
  }
  std::unique_ptr<Node> comparison() {
    auto n = unary();
    for (;;) {
      if (n && eat("==")) n = join(Node::Op::equal, std::move(n), unary());
      else if (n && eat("!=")) n = join(Node::Op::not_equal, std::move(n), unary());
      else return n;
    }
  }
  std::unique_ptr<Node> unary() {
    if (++depth_ > 64) return nullptr;
    std::unique_ptr<Node> n;
    skip();
    if (at_ + 1 < text_.size() && text_[at_] == '!' && text_[at_ + 1] != '=') {
      ++at_;
      auto inner = unary();
      if (inner) {
        n = std::make_unique<Node>();
        n->op = Node::Op::negate;
        n->left = std::move(inner);
      }
    } else {
      n = primary();
    }
    --depth_;
    return n;
  }
  std::unique_ptr<Node> primary() {
    skip();
    if (at_ >= text_.size()) return nullptr;
    const char c = text_[at_];
    if (c == '(') {
      ++at_;
      auto n = any();
      return n && eat(")") ? std::move(n) : nullptr;
    }
    auto n = std::make_unique<Node>();
    if (c == '\'') {  // '' inside is one quote
      std::string s;
      for (++at_; at_ < text_.size(); ++at_) {
        if (text_[at_] != '\'') {
          s += text_[at_];
        } else if (at_ + 1 < text_.size() && text_[at_ + 1] == '\'') {
          s += '\'';
          ++at_;
        } else {
          ++at_;
          n->value = ExpressionValue::of(Kind::string, s);
          return n;
        }
      }
      return nullptr;  // unterminated
    }
    std::size_t end = at_;
    while (end < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[end])) || text_[end] == '_' ||
                                  text_[end] == '-' || text_[end] == '.' || text_[end] == '+'))
      ++end;
    const std::string word(text_.substr(at_, end - at_));
    if (word.empty()) return nullptr;
    at_ = end;
    if (word == "true" || word == "false") {
      n->value = ExpressionValue::of(Kind::boolean, word);
    } else if (word == "null") {
      n->value = ExpressionValue::of(Kind::null, "");
    } else if (is_number_text(word)) {
      n->value = ExpressionValue::of(Kind::number, word);
    } else if (std::isalpha(static_cast<unsigned char>(word[0])) && word.find('.') != std::string::npos &&
               word.find('+') == std::string::npos) {
      n->op = Node::Op::context;
      n->name = word;
    } else {
      return nullptr;  // a function call, an index, an operator not read here
    }
    skip();
    if (at_ < text_.size() && (text_[at_] == '(' || text_[at_] == '[')) return nullptr;
    return n;
  }
};

// Equality as GitHub defines it for two values of one type (strings without
// regard to case); values of two types are unknown here (GitHub converts them
// to numbers, and a context's type is not always known).
std::optional<bool> equal(const ExpressionValue &a0, const ExpressionValue &b0) {
  const auto a = settled(a0), b = settled(b0);
  if (!a || !b || a->kind != b->kind) return std::nullopt;
  switch (a->kind) {
    case Kind::null: return true;
    case Kind::boolean: return a->text == b->text;
    case Kind::number: return std::strtod(a->text.c_str(), nullptr) == std::strtod(b->text.c_str(), nullptr);
    case Kind::string: return lower(a->text) == lower(b->text);
    case Kind::scalar: break;
  }
  return std::nullopt;
}

std::optional<ExpressionValue> evaluate(const Node &n, const ContextLookup &lookup) {
  switch (n.op) {
    case Node::Op::value: return n.value;
    case Node::Op::context: return lookup(n.name);
    case Node::Op::negate: {
      const auto v = evaluate(*n.left, lookup);
      const auto t = v ? v->truthy() : std::nullopt;
      if (!t) return std::nullopt;
      return ExpressionValue::of(Kind::boolean, *t ? "false" : "true");
    }
    case Node::Op::equal:
    case Node::Op::not_equal: {
      const auto l = evaluate(*n.left, lookup), r = evaluate(*n.right, lookup);
      const auto e = l && r ? equal(*l, *r) : std::nullopt;
      if (!e) return std::nullopt;
      return ExpressionValue::of(Kind::boolean, *e == (n.op == Node::Op::equal) ? "true" : "false");
    }
    case Node::Op::all:
    case Node::Op::any: {
      // `a && b` is a when a is false, else b; `a || b` is a when a is true, else b.
      const auto l = evaluate(*n.left, lookup);
      const auto t = l ? l->truthy() : std::nullopt;
      if (!t) return std::nullopt;
      if (*t == (n.op == Node::Op::any)) return l;
      return evaluate(*n.right, lookup);
    }
  }
  return std::nullopt;
}

}  // namespace

ExpressionValue ExpressionValue::of(Kind kind, std::string text, std::string from) {
  ExpressionValue v;
  v.kind = kind;
  v.text = std::move(text);
  v.from = std::move(from);
  return v;
}

std::optional<bool> ExpressionValue::truthy() const {
  switch (kind) {
    case Kind::null: return false;
    case Kind::boolean: return text == "true";
    case Kind::number: {
      const double d = std::strtod(text.c_str(), nullptr);
      return d == d && d != 0;  // NaN and 0 are false
    }
    case Kind::string: return !text.empty();
    case Kind::scalar: {
      const auto s = settled(*this);
      return s ? s->truthy() : std::nullopt;
    }
  }
  return std::nullopt;
}

std::optional<ExpressionValue> evaluate_expression(std::string_view expression, const ContextLookup &lookup) {
  if (expression.size() > 2048) return std::nullopt;
  const auto tree = Parser(expression).parse();
  if (!tree) return std::nullopt;
  return evaluate(*tree, lookup);
}

}  // namespace pubplan::detail::scan
