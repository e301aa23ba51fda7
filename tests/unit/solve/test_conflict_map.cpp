// The enumeration's map gives the greatest unexplored set in literal order:
// compared with every subset tried, on random maps, and on the cases the
// enumeration meets (no clause, everything explored, a set blocked both ways).
#include <catch2/catch.hpp>

#include <random>

#include "solve/conflict_map.hpp"

using pubplan::detail::ConflictMap;

namespace {

struct Blocks {
  std::vector<std::vector<unsigned>> conflicts;  // supersets blocked
  std::vector<std::vector<bool>> satisfiable;    // subsets blocked
};

bool allowed(std::uint32_t set, const Blocks &b, unsigned n) {
  for (const auto &c : b.conflicts) {
    bool all_in = true;
    for (unsigned l : c) all_in = all_in && (set >> l & 1u);
    if (all_in) return false;
  }
  for (const auto &in : b.satisfiable) {
    bool adds = false;
    for (unsigned l = 0; l < n; ++l) adds = adds || (!in[l] && (set >> l & 1u));
    if (!adds) return false;
  }
  return true;
}

// Literal 0 decides first, in before out: as a number with literal 0 as its
// highest bit, the greatest allowed one.
std::optional<std::vector<unsigned>> slowest_greatest(const Blocks &b, unsigned n) {
  std::optional<std::vector<unsigned>> best;
  std::uint64_t best_rank = 0;
  for (std::uint32_t set = 0; set < (1u << n); ++set) {
    if (!allowed(set, b, n)) continue;
    std::uint64_t rank = 1;  // above any "none"
    for (unsigned l = 0; l < n; ++l) rank = rank << 1 | (set >> l & 1u);
    if (best && rank <= best_rank) continue;
    best_rank = rank;
    best.emplace();
    for (unsigned l = 0; l < n; ++l)
      if (set >> l & 1u) best->push_back(l);
  }
  return best;
}

}  // namespace

TEST_CASE("the map gives the greatest unexplored set in literal order", "[conflict_map]") {
  std::mt19937 rng(20261207);
  int explored_all = 0, compared = 0;
  for (int round = 0; round < 3000; ++round) {
    const unsigned n = 1 + rng() % 12;
    ConflictMap map(n);
    Blocks blocks;
    const int clauses = static_cast<int>(rng() % 9);
    for (int c = 0; c < clauses; ++c) {
      if (rng() % 2) {
        std::vector<unsigned> conflict;
        for (unsigned l = 0; l < n; ++l)
          if (rng() % 3 == 0) conflict.push_back(l);
        if (conflict.empty()) conflict.push_back(static_cast<unsigned>(rng() % n));
        map.block_supersets(conflict);
        blocks.conflicts.push_back(conflict);
      } else {
        std::vector<bool> in(n);
        for (unsigned l = 0; l < n; ++l) in[l] = rng() % 3 != 0;
        if (map.block_subsets(in)) blocks.satisfiable.push_back(in);
        else REQUIRE(std::find(in.begin(), in.end(), false) == in.end());
      }
    }
    const auto expected = slowest_greatest(blocks, n);
    const auto got = map.greatest_unexplored();
    REQUIRE(got.has_value() == expected.has_value());
    if (got) CHECK(*got == *expected);
    explored_all += !got;
    ++compared;
  }
  // Both outcomes occur, so both are compared.
  CHECK(explored_all > 100);
  CHECK(compared - explored_all > 1000);
}

TEST_CASE("the map's edge cases", "[conflict_map]") {
  SECTION("no clause: every literal is in") {
    ConflictMap map(4);
    CHECK(map.greatest_unexplored() == std::vector<unsigned>{0, 1, 2, 3});
  }
  SECTION("no literal: the empty set once") {
    ConflictMap map(0);
    CHECK(map.greatest_unexplored() == std::vector<unsigned>{});
    CHECK_FALSE(map.block_subsets({}));
  }
  SECTION("a conflict leaves out its last literal first") {
    ConflictMap map(3);
    map.block_supersets({0, 2});
    CHECK(map.greatest_unexplored() == std::vector<unsigned>{0, 1});
  }
  SECTION("a satisfiable set must gain a literal") {
    ConflictMap map(3);
    CHECK(map.block_subsets({true, true, false}));
    map.block_supersets({0, 1, 2});
    CHECK(map.greatest_unexplored() == std::vector<unsigned>{0, 2});
  }
  SECTION("everything explored") {
    ConflictMap map(2);
    map.block_supersets({0});
    CHECK(map.block_subsets({false, true}));
    // Literal 0 must be in and out at once.
    CHECK_FALSE(map.greatest_unexplored().has_value());
  }
}
