#include "doc.hpp"

#include <algorithm>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

namespace pubplan::detail {

DocNode::DocNode() = default;
DocNode::DocNode(const DocNode &) = default;
DocNode::DocNode(DocNode &&) noexcept = default;
DocNode &DocNode::operator=(const DocNode &) = default;
DocNode &DocNode::operator=(DocNode &&) noexcept = default;
DocNode::~DocNode() = default;

const char *DocNode::kind_name() const {
  switch (kind) {
    case Kind::null: return "null";
    case Kind::scalar: return "a scalar";
    case Kind::sequence: return "a list";
    case Kind::map: return "a mapping";
  }
  return "?";
}

namespace {

struct Converter {
  const std::string &file;
  std::vector<Diagnostic> &errors;
  const DocLimits &limits;
  std::size_t nodes = 0;
  bool failed = false;

  void fail(const YAML::Mark &m, std::string msg) {
    if (failed) return;  // one message for a runaway document is enough
    failed = true;
    errors.push_back({file, m.line + 1, m.column + 1, std::move(msg)});
  }

  DocNode convert(const YAML::Node &n, int depth) {
    DocNode out;
    const YAML::Mark m = n.Mark();
    out.line = m.line + 1;
    out.column = m.column + 1;
    if (failed) return out;
    if (++nodes > limits.max_nodes) {
      fail(m, fmt::format("document too large: more than {} nodes (after alias expansion)",
                          limits.max_nodes));
      return out;
    }
    if (depth > limits.max_depth) {
      fail(m, fmt::format("document nested deeper than {} levels", limits.max_depth));
      return out;
    }
    switch (n.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        out.kind = DocNode::Kind::null;
        break;
      case YAML::NodeType::Scalar:
        out.kind = DocNode::Kind::scalar;
        out.value = n.Scalar();
        // The bytes were checked before parsing; an escape ("\0", "\u0000") can
        // still make a NUL, which C strings and file names cannot hold.
        if (out.value.find('\0') != std::string::npos) {
          fail(m, "NUL character in a string (written as an escape)");
          return out;
        }
        out.plain = n.Tag() == "?";
        break;
      case YAML::NodeType::Sequence:
        out.kind = DocNode::Kind::sequence;
        out.items.reserve(n.size());
        for (const auto &item : n) out.items.push_back(convert(item, depth + 1));
        break;
      case YAML::NodeType::Map:
        out.kind = DocNode::Kind::map;
        out.entries.reserve(n.size());
        for (const auto &kv : n)
          out.entries.emplace_back(convert(kv.first, depth + 1), convert(kv.second, depth + 1));
        break;
    }
    return out;
  }
};

// Byte-level checks that YAML parsers do not make reliably.
bool check_bytes(std::string_view text, const std::string &file, std::vector<Diagnostic> &errors) {
  int line = 1, col = 1;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = 1;
    bool ok = true;
    if (c == 0) {
      errors.push_back({file, line, col, "NUL byte in input"});
      return false;
    } else if (c < 0x80) {
      len = 1;
    } else if ((c & 0xE0) == 0xC0 && c >= 0xC2) {
      len = 2;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
    } else if ((c & 0xF8) == 0xF0 && c <= 0xF4) {
      len = 4;
    } else {
      ok = false;
    }
    if (ok && i + len > text.size()) ok = false;
    for (std::size_t k = 1; ok && k < len; ++k)
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) ok = false;
    if (!ok) {
      errors.push_back({file, line, col, "invalid UTF-8"});
      return false;
    }
    if (c == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
    i += len;
  }
  return true;
}

}  // namespace

DocNode parse_document(std::string_view text, const std::string &file,
                       std::vector<Diagnostic> &errors, const DocLimits &limits) {
  if (text.size() > limits.max_bytes) {
    errors.push_back({file, 0, 0,
                      fmt::format("file too large: {} bytes (the limit is {} bytes)", text.size(),
                                  limits.max_bytes)});
    return {};
  }
  if (!check_bytes(text, file, errors)) return {};
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::DeepRecursion &e) {
    // yaml-cpp's parser stops runaway nesting itself (before our own, lower,
    // depth limit can); its message ("bad file") would not say so.
    errors.push_back({file, e.mark.line + 1, e.mark.column + 1,
                      fmt::format("document nested deeper than {} levels", limits.max_depth)});
    return {};
  } catch (const YAML::Exception &e) {
    errors.push_back({file, e.mark.line + 1, e.mark.column + 1, e.msg});
    return {};
  }
  // Without aliases a document cannot have more nodes than half its bytes (every
  // node and its separator take at least two); more means alias amplification
  // ("billion laughs"), stopped before it costs memory.
  DocLimits bounded = limits;
  bounded.max_nodes = std::min(limits.max_nodes, text.size() / 2 + 1024);
  Converter conv{file, errors, bounded};
  DocNode doc = conv.convert(root, 0);
  if (conv.failed) return {};
  return doc;
}

}  // namespace pubplan::detail
