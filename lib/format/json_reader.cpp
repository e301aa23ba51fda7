// Strict JSON through simdjson's On-Demand API: the fast path of parse_document
// for documents that start with '{' or '['. It builds the same DocNode tree, with
// the same positions, as the YAML parser would for the same text (a unit test
// compares the two), and gives up on anything simdjson rejects, so that YAML
// (of which JSON is a subset) reads the text and reports its errors.
#include <simdjson.h>

#include <algorithm>
#include <cstring>

#include "format/document.hpp"

namespace pubplan::detail {

namespace {

namespace od = simdjson::ondemand;

struct NotJson {};  // simdjson rejected the text: YAML reads it instead
struct Stop {};     // a limit was crossed and reported

class JsonReader {
 public:
  JsonReader(const simdjson::padded_string &json, const std::string &file,
             std::vector<Diagnostic> &errors, const DocLimits &limits, const DocStream *stream)
      : base_(json.data()), line_start_(json.data()), seen_(json.data()), file_(file),
        errors_(errors), limits_(limits), stream_(stream) {}

  DocNode root(od::value v) {
    DocNode n;
    read(v, 0, n, true);
    return n;
  }

 private:
  const char *base_;
  // Line counting moves forward only: values are visited in document order.
  const char *line_start_;
  const char *seen_;
  int line_ = 1;
  const std::string &file_;
  std::vector<Diagnostic> &errors_;
  const DocLimits &limits_;
  const DocStream *stream_;
  std::size_t nodes_ = 0;

  template <class T>
  static T get(simdjson::simdjson_result<T> r) {
    T value;
    if (std::move(r).get(value)) throw NotJson{};
    return value;
  }

  // Line and column (bytes from the start of the line, from 1), as yaml-cpp's marks.
  void mark(DocNode &n, const char *p) {
    if (p < seen_) throw NotJson{};  // never in document order; YAML reads it then
    for (const char *nl; (nl = static_cast<const char *>(std::memchr(seen_, '\n', p - seen_)));) {
      ++line_;
      line_start_ = seen_ = nl + 1;
    }
    seen_ = p;
    n.line = line_;
    n.column = static_cast<int>(p - line_start_) + 1;
  }

  [[noreturn]] void fail(const DocNode &n, std::string message) {
    errors_.push_back({file_, n.line, n.column, std::move(message)});
    throw Stop{};
  }

  // Starts node `n` at `p`, keeping the memory its strings and lists hold: a
  // streamed list's elements are read into one node, whose allocations the next
  // element reuses (most elements have the same shape).
  void start(DocNode &n, const char *p, int depth) {
    mark(n, p);
    if (++nodes_ > limits_.max_nodes)
      fail(n, too_many_nodes(limits_));
    if (depth > limits_.max_depth)
      fail(n, too_deep(limits_));
    n.plain = false;
    n.value.clear();
  }

  void scalar(DocNode &n, std::string_view s, bool plain) {
    n.kind = DocNode::Kind::scalar;
    n.plain = plain;
    n.value.assign(s);
    n.items.clear();
    n.entries.clear();
  }

  void string_scalar(DocNode &n, std::string_view s) {
    if (s.find('\0') != std::string_view::npos)
      fail(n, kNulEscape);
    scalar(n, s, false);
  }

  // The next child of a list or map being read: the one already there, or a new one.
  template <class T>
  static T &next(std::vector<T> &v, std::size_t &used) {
    if (used == v.size()) v.emplace_back();
    return v[used++];
  }

  void read(od::value v, int depth, DocNode &n, bool is_root = false) {
    start(n, get(v.current_location()), depth);
    switch (get(v.type())) {
      case od::json_type::object: {
        n.kind = DocNode::Kind::map;
        n.items.clear();
        std::size_t used = 0;
        for (auto f : get(v.get_object())) {
          od::field field = get(std::move(f));
          auto &[key, item] = next(n.entries, used);
          // The raw key starts after its opening quote; the key's mark is the quote.
          start(key, field.key().raw() - 1, depth + 1);
          string_scalar(key, get(field.unescaped_key()));
          od::value value = field.value();
          if (is_root && streams(key.value))
            stream_list(value, key.value, depth + 1, item);
          else
            read(value, depth + 1, item);
        }
        n.entries.resize(used);
        break;
      }
      case od::json_type::array: {
        n.kind = DocNode::Kind::sequence;
        n.entries.clear();
        std::size_t used = 0;
        for (auto item : get(v.get_array())) read(get(std::move(item)), depth + 1, next(n.items, used));
        n.items.resize(used);
        break;
      }
      case od::json_type::string:
        string_scalar(n, get(v.get_string()));
        break;
      case od::json_type::number: {
        std::string_view raw = v.raw_json_token();  // peeks: read before the number is consumed
        (void)get(v.get_double());                  // validates the number's grammar
        while (!raw.empty() && std::strchr(" \t\r\n", raw.back())) raw.remove_suffix(1);
        scalar(n, raw, true);
        break;
      }
      case od::json_type::boolean:
        scalar(n, get(v.get_bool()) ? "true" : "false", true);
        break;
      case od::json_type::null:
        if (!get(v.is_null())) throw NotJson{};
        n.kind = DocNode::Kind::null;
        n.items.clear();
        n.entries.clear();
        break;
    }
  }

  bool streams(const std::string &key) const {
    return stream_ && std::find(stream_->lists.begin(), stream_->lists.end(), key) !=
                          stream_->lists.end();
  }

  // A root list whose elements go to the stream one by one, each read into the
  // same node; the tree keeps the list empty. Anything but a list is read as
  // usual (the loader reports it).
  void stream_list(od::value v, const std::string &list, int depth, DocNode &n) {
    if (get(v.type()) != od::json_type::array) return read(v, depth, n);
    start(n, get(v.current_location()), depth);
    n.kind = DocNode::Kind::sequence;
    n.items.clear();
    n.entries.clear();
    DocNode element;
    for (auto item : get(v.get_array())) {
      read(get(std::move(item)), depth + 1, element);
      stream_->element(list, element);
    }
  }
};

}  // namespace

JsonOutcome parse_json(std::string_view text, const std::string &file,
                       std::vector<Diagnostic> &errors, const DocLimits &limits,
                       const DocStream *stream, DocNode &out) {
  try {
    const simdjson::padded_string json(text);
    od::parser parser;
    od::document doc;
    if (parser.iterate(json).get(doc)) return JsonOutcome::not_json;
    od::value root;
    if (doc.get_value().get(root)) return JsonOutcome::not_json;
    JsonReader reader(json, file, errors, limits, stream);
    DocNode node = reader.root(root);
    // Anything after the root value makes it something else than one JSON document.
    const char *rest;
    if (doc.current_location().get(rest) != simdjson::OUT_OF_BOUNDS) return JsonOutcome::not_json;
    out = std::move(node);
    return JsonOutcome::parsed;
  } catch (const NotJson &) {
    return JsonOutcome::not_json;
  } catch (const Stop &) {
    return JsonOutcome::failed;
  }
}

}  // namespace pubplan::detail
