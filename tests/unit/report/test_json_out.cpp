// The streaming JSON writer lays every value out byte for byte as
// nlohmann::json::dump does, at every indentation, and refuses what dump refuses.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

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

std::string raw(const std::string &text, int indent) {
  std::string out;
  JsonOut w(out, indent);
  w.object().key("v").raw(text).end_object();
  return out;
}

}  // namespace

TEST_CASE("JsonOut writes values as dump does", "[json]") {
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
  };
  for (const json &j : samples)
    for (int indent : {-1, 0, 2, 4}) {
      INFO(j.dump() << " at indent " << indent);
      CHECK(written(j, indent) == j.dump(indent));
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
      CHECK(raw(text, indent) == expected.dump(indent));
    }
  }
  CHECK_THROWS_AS(raw("[1,", 2), json::parse_error);
}
