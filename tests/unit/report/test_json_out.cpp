// The streaming JSON writer: compact output byte for byte as nlohmann's
// dump(-1); indented output laid out as docs/json.md says (containers of plain
// values and short lists of them on one line), checked against a plain
// recursive writing of that rule; every string escaped as dump escapes it, and
// what dump refuses refused.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>
#include <random>

#include "report/json_out.hpp"

using pubplan::detail::JsonOut;
using json = nlohmann::ordered_json;

namespace {

std::string written(const json &j, int indent) {
  std::string out;
  JsonOut(out, indent).value(j);
  return out;
}

bool plain(const json &j) { return !j.is_structured(); }

bool short_plain_list(const json &j) {
  return j.is_array() && j.size() <= JsonOut::kLineItems && std::all_of(j.begin(), j.end(), plain);
}

// The layout rule, written the plain recursive way: one line when every
// element is a plain value or a short list of them (and a list is short).
bool one_line(const json &j) {
  if (j.is_array() && j.size() > JsonOut::kLineItems) return false;
  return std::all_of(j.begin(), j.end(), [](const json &e) { return plain(e) || short_plain_list(e); });
}

std::string line_text(const json &j) {
  if (!j.is_structured()) return j.dump();
  std::string out(1, j.is_object() ? '{' : '[');
  bool first = true;
  for (const auto &[k, v] : j.items()) {
    if (!first) out += ", ";
    first = false;
    if (j.is_object()) out += json(k).dump() + ": ";
    out += line_text(v);
  }
  return out + (j.is_object() ? '}' : ']');
}

std::string laid_out(const json &j, int indent, int level = 0) {
  if (indent < 0) return j.dump();
  if (!j.is_structured() || one_line(j)) return line_text(j);
  const std::string pad(static_cast<std::size_t>((level + 1) * indent), ' ');
  std::string out(1, j.is_object() ? '{' : '[');
  bool first = true;
  for (const auto &[k, v] : j.items()) {
    out += first ? "\n" : ",\n";
    first = false;
    out += pad;
    if (j.is_object()) out += json(k).dump() + ": ";
    out += laid_out(v, indent, level + 1);
  }
  return out + "\n" + std::string(static_cast<std::size_t>(level * indent), ' ') + (j.is_object() ? '}' : ']');
}

std::string raw(const std::string &text, int indent) {
  std::string out;
  JsonOut w(out, indent);
  w.object().key("v").raw(text).end_object();
  return out;
}

}  // namespace

TEST_CASE("JsonOut writes values compact as dump does, indented by the layout rule", "[json]") {
  const json samples[] = {
      json::object(),
      json::array(),
      json::parse(R"({"a": 1, "b": [true, false, null], "c": {"d": [], "e": {}}, "f": -7})"),
      json::parse(R"([[1, [2, [3]]], {"k": "v"}, "", "x"])"),
      json("quote \" backslash \\ slash / tab \t newline \n cr \r bs \b ff \f nul-free"),
      json(std::string("\x01\x1f\x7f", 3)),
      json("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\xa6 \xef\xbf\xbf"),
      json(18446744073709551615ull),
      json(-9223372036854775807ll - 1),
      json(1.5),
      json(1e300),
      json::parse(R"({"z": 1, "a": 2, "m": [{"x": null}]})"),
      // The limits of one line: eight plain values, nine; a list of nine in an
      // object; lists of lists; an object in an object; empty containers inside.
      json::parse(R"([1, 2, 3, 4, 5, 6, 7, 8])"),
      json::parse(R"([1, 2, 3, 4, 5, 6, 7, 8, 9])"),
      json::parse(R"({"a": [1, 2, 3, 4, 5, 6, 7, 8], "b": "x"})"),
      json::parse(R"({"a": [1, 2, 3, 4, 5, 6, 7, 8, 9], "b": "x"})"),
      json::parse(R"([["a", "b"], [], ["c"]])"),
      json::parse(R"([["a", ["b"]], "c"])"),
      json::parse(R"({"a": {"b": 1}, "c": [], "d": {}})"),
      json::parse(R"({"a": [], "b": {}})"),
      json::parse(R"([{"rule": "r", "reads": ["f"], "strategies": ["s", "t"]}, {"fact": "f", "value": 1}])"),
  };
  for (const json &j : samples) {
    CHECK(written(j, -1) == j.dump(-1));
    for (int indent : {0, 2, 4}) {
      INFO(j.dump() << " at indent " << indent);
      CHECK(written(j, indent) == laid_out(j, indent));
    }
  }
  // What the rule gives, spelled out once.
  CHECK(written(samples[12], 2) == "[1, 2, 3, 4, 5, 6, 7, 8]");
  CHECK(written(samples[13], 1) == "[\n 1,\n 2,\n 3,\n 4,\n 5,\n 6,\n 7,\n 8,\n 9\n]");
  CHECK(written(samples[20], 2) ==
        "[\n  {\"rule\": \"r\", \"reads\": [\"f\"], \"strategies\": [\"s\", \"t\"]},\n  {\"fact\": \"f\", \"value\": 1}\n]");
}

TEST_CASE("JsonOut lays out random documents by the layout rule", "[json]") {
  // Random trees of objects, lists and plain values, lists around the limit.
  std::mt19937 rng(5);
  std::function<json(int)> tree = [&](int depth) -> json {
    const int kind = std::uniform_int_distribution<int>(0, depth > 3 ? 1 : 4)(rng);
    if (kind == 0) return json(std::uniform_int_distribution<int>(-3, 3)(rng));
    if (kind == 1) return json(std::string(1, static_cast<char>('a' + depth)));
    const int n = std::uniform_int_distribution<int>(0, 10)(rng);
    json c = kind == 2 ? json::object() : json::array();
    for (int i = 0; i < n; ++i) {
      if (c.is_object()) c["k" + std::to_string(i)] = tree(depth + 1);
      else c.push_back(tree(depth + 1));
    }
    return c;
  };
  for (int n = 0; n < 400; ++n) {
    const json j = tree(0);
    INFO(j.dump());
    CHECK(written(j, -1) == j.dump(-1));
    CHECK(written(j, 2) == laid_out(j, 2));
  }
}

TEST_CASE("JsonOut writes every control character and random text as dump does", "[json]") {
  std::string all;
  for (int c = 0; c < 0x80; ++c) all += static_cast<char>(c);
  CHECK(written(json(all), -1) == json(all).dump());
  std::mt19937 rng(7);
  const std::vector<std::string> pieces = {"a", "\"", "\\", "\n", "\x02", "\xc3\xa9", "\xe2\x82\xac", "/", " "};
  for (int n = 0; n < 500; ++n) {
    std::string s;
    for (int k = std::uniform_int_distribution<int>(0, 12)(rng); k > 0; --k)
      s += pieces[std::uniform_int_distribution<std::size_t>(0, pieces.size() - 1)(rng)];
    INFO(json(s).dump());
    CHECK(written(json(s), 2) == json(s).dump(2));
  }
}

TEST_CASE("JsonOut escapes a character anywhere in a long plain run as dump does", "[json]") {
  // Plain ASCII is passed over eight bytes at a time: each character that
  // needs a look, at each place of such a word and of the tail after it.
  std::vector<std::string> odd;
  for (int c = 0; c < 0x20; ++c) odd.emplace_back(1, static_cast<char>(c));
  for (const char *t : {"\"", "\\", "\x7f", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80"}) odd.emplace_back(t);
  for (const std::string &c : odd)
    for (std::size_t at = 0; at <= 19; ++at) {
      std::string s(19, 'x');
      s.insert(at, c);
      INFO(json(s).dump() << " at " << at);
      CHECK(written(json(s), -1) == json(s).dump());
    }
  for (const std::string bad : {"\xff", "\xc3", "\xc0\xaf"}) {
    std::string out;
    CHECK_THROWS_AS(JsonOut(out, 2).string("0123456789abcdef" + bad + "0123456789"), json::type_error);
  }
}

TEST_CASE("JsonOut refuses ill-formed UTF-8 as dump does", "[json]") {
  for (const std::string bad : {"\xff", "a\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82"}) {
    INFO(json(bad).dump(2, ' ', true, json::error_handler_t::replace));
    CHECK_THROWS_AS(json(bad).dump(), json::type_error);
    std::string out;
    CHECK_THROWS_AS(JsonOut(out, 2).string(bad), json::type_error);
    CHECK_THROWS_AS(raw("\"" + bad + "\"", 2), json::exception);
  }
}

TEST_CASE("JsonOut lays out values given as JSON text as dump would", "[json]") {
  for (const std::string text : {"true", "false", "null", "0", "-0", "42", "-42", "1.0", "1e3",
                                 "123456789012345678901", "\"plain\"", "\"caf\xc3\xa9\"", "\"\\u0008\"",
                                 "\"\\u00e9\"", "\"\\/\"", "[]", "[\"a\",\"b\"]", "{\"k\":[1,{}]}", " 1"}) {
    for (int indent : {-1, 2}) {
      INFO(text << " at indent " << indent);
      const json expected = {{"v", json::parse(text)}};
      CHECK(raw(text, indent) == laid_out(expected, indent));
    }
  }
  CHECK_THROWS_AS(raw("[1,", 2), json::parse_error);
}
