#include "format/document.hpp"

#include <algorithm>
#include <cstring>
#include <istream>
#include <streambuf>
#include <unordered_map>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <fmt/format.h>
#include <simdjson.h>

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

std::string too_many_nodes(const DocLimits &limits) {
  return fmt::format("document too large: more than {} nodes (after alias expansion)",
                     limits.max_nodes);
}

std::string too_deep(const DocLimits &limits) {
  return fmt::format("document nested deeper than {} levels", limits.max_depth);
}

namespace {

// Raised inside the event handler to stop yaml-cpp at the first limit crossed:
// the rest of a runaway document is never parsed, let alone stored.
struct Stop {};

// Builds the DocNode tree straight from yaml-cpp's parser events. yaml-cpp's own
// node tree costs tens of bytes of memory per byte of input; this keeps only the
// plain tree, and checks the node and depth limits while the document is read.
class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const std::string &file, std::vector<Diagnostic> &errors, const DocLimits &limits,
              const DocStream *stream)
      : file_(file), errors_(errors), limits_(limits), stream_(stream) {}

  DocNode take_root() { return std::move(root_); }

  void OnDocumentStart(const YAML::Mark &) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark &m, YAML::anchor_t anchor) override {
    DocNode n = start(m, anchor);
    n.kind = DocNode::Kind::null;
    finish(std::move(n), anchor, nodes_ - 1);
  }

  void OnScalar(const YAML::Mark &m, const std::string &tag, YAML::anchor_t anchor,
                const std::string &value) override {
    DocNode n = start(m, anchor);
    // The bytes were checked before parsing; an escape ("\0", "\u0000") can
    // still make a NUL, which C strings and file names cannot hold.
    if (value.find('\0') != std::string::npos)
      fail(m, kNulEscape);
    n.kind = DocNode::Kind::scalar;
    n.value = value;
    n.plain = tag == "?";  // untagged and unquoted: `true`, `12`, `~` may be typed
    finish(std::move(n), anchor, nodes_ - 1);
  }

  void OnAlias(const YAML::Mark &m, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    // yaml-cpp numbers an anchor when its node starts: an alias met before the
    // node is complete points into itself.
    if (it == anchors_.end()) fail(m, "an alias refers to the node that contains it");
    // Counted as if expanded, before copying: "billion laughs" stops here.
    if (it->second.nodes > limits_.max_nodes - nodes_) too_large(m);
    nodes_ += it->second.nodes;
    depth_check(m, open_.size() + it->second.depth);
    add(DocNode(it->second.node), it->second.depth);
  }

  void OnSequenceStart(const YAML::Mark &m, const std::string &, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(m, anchor, DocNode::Kind::sequence);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark &m, const std::string &, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(m, anchor, DocNode::Kind::map);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Open {
    DocNode node;
    DocNode key;       // a map's key, while its value is being read
    bool has_key;
    YAML::anchor_t anchor;
    std::size_t first;  // node count when it started
    std::size_t depth;  // deepest nesting below it, for aliases of it
  };
  struct Anchored {
    DocNode node;
    std::size_t nodes;
    std::size_t depth;
  };

  const std::string &file_;
  std::vector<Diagnostic> &errors_;
  const DocLimits &limits_;
  const DocStream *stream_;
  std::vector<Open> open_;
  std::unordered_map<YAML::anchor_t, Anchored> anchors_;
  DocNode root_;
  std::size_t nodes_ = 0;

  [[noreturn]] void fail(const YAML::Mark &m, std::string msg) {
    errors_.push_back({file_, m.line + 1, m.column + 1, std::move(msg)});
    throw Stop{};
  }
  [[noreturn]] void too_large(const YAML::Mark &m) {
    fail(m, too_many_nodes(limits_));
  }
  void depth_check(const YAML::Mark &m, std::size_t depth) {
    if (depth > static_cast<std::size_t>(limits_.max_depth))
      fail(m, too_deep(limits_));
  }

  DocNode start(const YAML::Mark &m, YAML::anchor_t) {
    if (++nodes_ > limits_.max_nodes) too_large(m);
    depth_check(m, open_.size());
    DocNode n;
    n.line = m.line + 1;
    n.column = m.column + 1;
    return n;
  }

  // A node is complete: remember it under its anchor, then place it.
  void finish(DocNode n, YAML::anchor_t anchor, std::size_t first, std::size_t depth = 0) {
    if (anchor != YAML::NullAnchor) anchors_[anchor] = {n, nodes_ - first, depth};
    add(std::move(n), depth);
  }

  void open(const YAML::Mark &m, YAML::anchor_t anchor, DocNode::Kind kind) {
    DocNode n = start(m, anchor);
    n.kind = kind;
    open_.push_back({std::move(n), {}, false, anchor, nodes_ - 1, 0});
  }

  void close() {
    Open o = std::move(open_.back());
    open_.pop_back();
    finish(std::move(o.node), o.anchor, o.first, o.depth);
  }

  // Is the open container a list that streams: the value of a root key named in
  // the stream?
  bool streamed() const {
    if (!stream_ || open_.size() != 2) return false;
    const Open &root = open_.front();
    if (root.node.kind != DocNode::Kind::map || !root.has_key ||
        root.key.kind != DocNode::Kind::scalar || open_.back().node.kind != DocNode::Kind::sequence)
      return false;
    // An anchored list is kept whole: an alias may copy it.
    if (open_.back().anchor != YAML::NullAnchor) return false;
    const auto &lists = stream_->lists;
    return std::find(lists.begin(), lists.end(), root.key.value) != lists.end();
  }

  // Places a complete node (`depth` levels deep below it) in the open container.
  void add(DocNode n, std::size_t depth) {
    if (open_.empty()) {
      root_ = std::move(n);
      return;
    }
    Open &o = open_.back();
    o.depth = std::max(o.depth, depth + 1);
    if (streamed()) {
      stream_->element(open_.front().key.value, n);
      return;
    }
    if (o.node.kind == DocNode::Kind::sequence) {
      o.node.items.push_back(std::move(n));
    } else if (!o.has_key) {
      o.key = std::move(n);
      o.has_key = true;
    } else {
      o.node.entries.emplace_back(std::move(o.key), std::move(n));
      o.has_key = false;
    }
  }
};

// Reads the text in place: a std::istream over it, without a copy.
struct TextBuffer : std::streambuf {
  explicit TextBuffer(std::string_view text) {
    char *p = const_cast<char *>(text.data());  // only ever read
    setg(p, p, p + text.size());
  }
};

// Byte-level checks that YAML parsers do not make reliably: no NUL byte, and
// UTF-8 as far as the lead and continuation bytes go. Byte by byte, for the
// position of the first error.
bool check_bytes_one_by_one(std::string_view text, const std::string &file, std::vector<Diagnostic> &errors) {
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

// The same checks, at SIMD speed when the text passes them (nearly always):
// simdjson's UTF-8 validation is stricter than the bytes checked above
// (overlong forms, surrogates), so a text it accepts with no NUL passes them
// too; any other text is checked byte by byte, which says where and why.
bool check_bytes(std::string_view text, const std::string &file, std::vector<Diagnostic> &errors) {
  if (!std::memchr(text.data(), '\0', text.size()) && simdjson::validate_utf8(text.data(), text.size()))
    return true;
  return check_bytes_one_by_one(text, file, errors);
}

}  // namespace

DocNode parse_yaml(std::string_view text, const std::string &file, std::vector<Diagnostic> &errors,
                   const DocLimits &limits, const DocStream *stream) {
  TextBuffer buffer(text);
  std::istream in(&buffer);
  TreeBuilder builder(file, errors, limits, stream);
  try {
    YAML::Parser parser(in);
    parser.HandleNextDocument(builder);
  } catch (const Stop &) {
    return {};
  } catch (const YAML::DeepRecursion &e) {
    // yaml-cpp's parser stops runaway nesting itself; its message ("bad file")
    // would not say so.
    errors.push_back({file, e.mark.line + 1, e.mark.column + 1,
                      too_deep(limits)});
    return {};
  } catch (const YAML::Exception &e) {
    errors.push_back({file, e.mark.line + 1, e.mark.column + 1, e.msg});
    return {};
  }
  return builder.take_root();
}

DocNode parse_document(std::string_view text, const std::string &file,
                       std::vector<Diagnostic> &errors, const DocLimits &limits,
                       const DocStream *stream) {
  if (text.size() > limits.max_bytes) {
    errors.push_back({file, 0, 0,
                      fmt::format("file too large: {} bytes (the limit is {} bytes)", text.size(),
                                  limits.max_bytes)});
    return {};
  }
  if (!check_bytes(text, file, errors)) return {};
  // Without aliases a document cannot have more nodes than half its bytes (every
  // node and its separator take at least two); more means alias amplification
  // ("billion laughs"), stopped before it costs memory.
  DocLimits bounded = limits;
  bounded.max_nodes = std::min(limits.max_nodes, text.size() / 2 + 1024);
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && (text[first] == '{' || text[first] == '[')) {
    DocNode doc;
    switch (parse_json(text, file, errors, bounded, stream, doc)) {
      case JsonOutcome::parsed: return doc;
      case JsonOutcome::failed: return {};
      case JsonOutcome::not_json:
        if (stream && stream->restart) stream->restart();
        break;
    }
  }
  return parse_yaml(text, file, errors, bounded, stream);
}

}  // namespace pubplan::detail
