// The loader's name index against std::unordered_map on the same operations:
// many names (so the table grows many times), names sharing prefixes and
// lengths, the empty name, names found and not found, a name added twice.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <unordered_map>

#include "topology/name_index.hpp"

using pubplan::detail::NameIndex;

TEST_CASE("the name index finds what was added and only that", "[topology][name_index]") {
  NameIndex index;
  CHECK(index.find("anything") == -1);  // empty: no table yet
  CHECK(index.size() == 0);
  CHECK(index.names().empty());

  std::unordered_map<std::string, int> expected;
  std::mt19937 rng(7);
  auto name = [&](int i) {
    // Long and short names, many with a common prefix.
    std::string s = (rng() % 2) ? "@scope-" + std::to_string(rng() % 50) + "/package-name-" : "p";
    return s + std::to_string(i);
  };
  for (int i = 0; i < 20000; ++i) {
    const std::string n = name(i);
    const int id = static_cast<int>(expected.size());
    auto [it, fresh] = expected.emplace(n, id);
    REQUIRE(index.emplace(n, id) == it->second);
    if (i % 7 == 0) {  // again, with another id: the first one stays
      REQUIRE(index.emplace(n, id + 100000) == it->second);
    }
    (void)fresh;
  }
  REQUIRE(index.size() == expected.size());
  for (const auto &[n, id] : expected) REQUIRE(index.find(n) == id);
  // Near misses: a prefix, an extension, another digit.
  for (const auto &[n, id] : expected) {
    if (!expected.count(n + "x")) REQUIRE(index.find(n + "x") == -1);
    if (!expected.count(n.substr(0, n.size() - 1))) REQUIRE(index.find(n.substr(0, n.size() - 1)) == -1);
  }
  // names() lists each name once.
  auto names = index.names();
  std::vector<std::string> listed(names.begin(), names.end()), want;
  for (const auto &[n, id] : expected) want.push_back(n);
  std::sort(listed.begin(), listed.end());
  std::sort(want.begin(), want.end());
  CHECK(listed == want);
}

TEST_CASE("the name index keeps the empty name apart from none", "[topology][name_index]") {
  NameIndex index;
  CHECK(index.emplace("", 3) == 3);
  CHECK(index.find("") == 3);
  CHECK(index.find("a") == -1);
  CHECK(index.emplace("a", 4) == 4);
  CHECK(index.find("a") == 4);
  CHECK(index.emplace("", 9) == 3);
}
