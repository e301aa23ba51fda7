// build_in_order: the results' last stage, built on a second thread while the
// caller takes them. What the caller sees must not depend on the overlap.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "plan/build_in_order.hpp"

using pubplan::detail::build_in_order;

namespace {

// What take() saw, and on which threads build() ran.
struct Seen {
  std::vector<std::string> taken;
  std::vector<std::thread::id> takers;
};

Seen run(std::size_t n, bool overlap, std::size_t chunk) {
  Seen seen;
  build_in_order(
      n, overlap, [](std::size_t i) { return "item " + std::to_string(i); },
      [&](std::string &&s) {
        seen.taken.push_back(std::move(s));
        seen.takers.push_back(std::this_thread::get_id());
      },
      chunk);
  return seen;
}

}  // namespace

TEST_CASE("build_in_order hands every item over in order on the calling thread", "[plan][order]") {
  const auto n = GENERATE(0u, 1u, 7u, 8u, 9u, 100u, 1001u);
  const auto overlap = GENERATE(false, true);
  CAPTURE(n, overlap);
  const Seen seen = run(n, overlap, 8);
  REQUIRE(seen.taken.size() == n);
  for (std::size_t i = 0; i < n; ++i) {
    REQUIRE(seen.taken[i] == "item " + std::to_string(i));
    REQUIRE(seen.takers[i] == std::this_thread::get_id());
  }
}

TEST_CASE("build_in_order builds on a second thread only with overlap and more than a chunk", "[plan][order]") {
  auto builders = [](std::size_t n, bool overlap) {
    std::vector<std::thread::id> ids;
    build_in_order(
        n, overlap, [](std::size_t) { return std::this_thread::get_id(); },
        [&](std::thread::id &&id) { ids.push_back(id); }, 4);
    return ids;
  };
  for (const auto &id : builders(20, false)) CHECK(id == std::this_thread::get_id());
  for (const auto &id : builders(4, true)) CHECK(id == std::this_thread::get_id());
  for (const auto &id : builders(20, true)) CHECK(id != std::this_thread::get_id());
}

TEST_CASE("build_in_order: a failing build reaches the caller after the items before it", "[plan][order]") {
  const auto overlap = GENERATE(false, true);
  CAPTURE(overlap);
  std::vector<std::size_t> taken;
  auto build = [](std::size_t i) {
    if (i == 37) throw std::runtime_error("item 37 cannot be built");
    return i;
  };
  REQUIRE_THROWS_WITH(build_in_order(100, overlap, build, [&](std::size_t &&i) { taken.push_back(i); }, 8),
                      "item 37 cannot be built");
  // 32..36 share item 37's chunk: they are taken all the same.
  REQUIRE(taken.size() == 37);
  for (std::size_t i = 0; i < taken.size(); ++i) REQUIRE(taken[i] == i);
}

TEST_CASE("build_in_order: a failing take stops the builder and reaches the caller", "[plan][order]") {
  const auto overlap = GENERATE(false, true);
  CAPTURE(overlap);
  std::size_t taken = 0;
  auto take = [&](std::size_t &&i) {
    if (i == 50) throw std::runtime_error("cannot write item 50");
    ++taken;
  };
  REQUIRE_THROWS_WITH(build_in_order(
                          100000, overlap, [](std::size_t i) { return i; }, take, 8),
                      "cannot write item 50");
  REQUIRE(taken == 50);
}
