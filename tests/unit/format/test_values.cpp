#include <catch2/catch.hpp>

#include <random>
#include <regex>
#include <string>

#include "format/values.hpp"

using pubplan::detail::valid_npm_name;

TEST_CASE("npm names: what npm accepts for a new package", "[values]") {
  for (const char *ok : {"a", "left-pad", "@acme/ui", "@a/b", "~x", "-x", "x.y_z~", "@a-b.c/d", "0", "@0/0"})
    CHECK(valid_npm_name(ok));
  for (const char *bad : {"", "A", ".x", "_x", "@acme", "@acme/", "@/x", "@acme/ui/x", "a/b", "x y", "@.a/b",
                          "@a/_b", "a@b", "é"})
    CHECK_FALSE(valid_npm_name(bad));
  CHECK(valid_npm_name(std::string(214, 'a')));
  CHECK_FALSE(valid_npm_name(std::string(215, 'a')));
}

TEST_CASE("npm names: the check agrees with the grammar written as a regex", "[values]") {
  const std::regex grammar(R"(^(@[a-z0-9~-][a-z0-9._~-]*/)?[a-z0-9~-][a-z0-9._~-]*$)");
  const std::string alphabet = "ab0-~._@/A ";
  std::mt19937 rng(7);
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string name;
    const int length = static_cast<int>(rng() % 8);
    for (int k = 0; k < length; ++k) name += alphabet[rng() % alphabet.size()];
    if (rng() % 4 == 0) name = "@" + name;
    const bool expected = std::regex_match(name, grammar);
    INFO(name);
    REQUIRE(valid_npm_name(name) == expected);
    accepted += expected;
  }
  CHECK(accepted > 1000);  // the random names reach both answers
}
