#include <catch2/catch.hpp>

#include "format/version_range.hpp"

using pubplan::detail::encode_version;
using pubplan::detail::kVersionMax;
using pubplan::detail::parse_version_range;

TEST_CASE("exact versions are a single point", "[version]") {
  auto d = parse_version_range("22.14.0");
  REQUIRE(d);
  CHECK(d->lo == encode_version(22, 14, 0));
  CHECK(d->hi == d->lo);
}

TEST_CASE("versions compare as semver, not as strings", "[version]") {
  CHECK(parse_version_range("11.10.0")->lo > parse_version_range("11.5.1")->lo);
  CHECK(parse_version_range("9.5.0")->lo < parse_version_range("10.0.0")->lo);
}

TEST_CASE("a pre-release sits below its release and above every older one", "[version]") {
  auto rc = parse_version_range("12.0.0-rc.7");
  REQUIRE(rc);
  CHECK(rc->lo == rc->hi);
  CHECK(rc->lo < encode_version(12, 0, 0));
  CHECK(rc->lo > encode_version(11, 999'999, 999'999) - 1);
  CHECK(rc->lo > encode_version(11, 13, 1));
  CHECK(parse_version_range("4.10.0-git.20250101.hash+sha512")->lo < encode_version(4, 10, 0));
  CHECK_FALSE(parse_version_range("12.0.0-"));
  CHECK_FALSE(parse_version_range("12.0-rc.1"));
  CHECK_FALSE(parse_version_range("0.0.0-rc"));
  CHECK_FALSE(parse_version_range("12.0.0-r c"));
}

TEST_CASE("partial versions are ranges", "[version]") {
  auto major = parse_version_range("22");
  CHECK(major->lo == encode_version(22, 0, 0));
  CHECK(major->hi == encode_version(23, 0, 0) - 1);
  CHECK(*parse_version_range("22.x") == *major);
  auto minor = parse_version_range("22.14");
  CHECK(minor->lo == encode_version(22, 14, 0));
  CHECK(minor->hi == encode_version(22, 15, 0) - 1);
  CHECK(*parse_version_range("22.14.x") == *minor);
  // 24 is certainly >= 22.14.0; 22 is not known to be.
  CHECK(parse_version_range("24")->lo >= encode_version(22, 14, 0));
  CHECK(parse_version_range("22")->lo < encode_version(22, 14, 0));
}

TEST_CASE("caret, tilde and >= ranges", "[version]") {
  auto caret = parse_version_range("^11.6.0");
  CHECK(caret->lo == encode_version(11, 6, 0));
  CHECK(caret->hi == encode_version(12, 0, 0) - 1);
  auto caret0 = parse_version_range("^0.3.1");
  CHECK(caret0->hi == encode_version(0, 4, 0) - 1);
  auto tilde = parse_version_range("~22.14.1");
  CHECK(tilde->lo == encode_version(22, 14, 1));
  CHECK(tilde->hi == encode_version(22, 15, 0) - 1);
  auto ge = parse_version_range(">=11.5.1");
  CHECK(ge->lo == encode_version(11, 5, 1));
  CHECK(ge->hi == kVersionMax);
  CHECK(parse_version_range(">= 11.5.1"));
}

TEST_CASE("aliases are understood but of unknown precision", "[version]") {
  for (const char *alias : {"lts/*", "latest", "node", "current"}) {
    auto d = parse_version_range(alias);
    REQUIRE(d);
    CHECK(d->lo == 0);
    CHECK(d->hi == kVersionMax);
  }
}

TEST_CASE("anything else is not a version", "[version]") {
  for (const char *bad : {"", "v22.14.0", "22.14.0.1", "22.x.5", "x", "^22",
                          "lts", "01.2.3", "1234567.0.0", "22..1", ">22.0.0", "abc"}) {
    INFO(bad);
    CHECK_FALSE(parse_version_range(bad));
  }
}
