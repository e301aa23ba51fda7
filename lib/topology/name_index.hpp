// Names to entity ids for the loader and its callers. An open-addressing
// table of 16-byte slots over one buffer of the names' characters: a lookup
// reads one slot (its hash tag settles nearly every mismatch) and then the
// name's characters, where a node-based map read a bucket, the node before
// the one it wanted, that node, and for a name longer than the short-string
// buffer the heap. Names are added and never removed.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace pubplan::detail {

class NameIndex {
 public:
  // The id of `name`, or -1.
  int find(std::string_view name) const {
    if (slots_.empty()) return -1;
    const std::uint64_t h = hash(name);
    for (std::size_t i = h & mask(); ; i = (i + 1) & mask()) {
      const Slot &s = slots_[i];
      if (s.id < 0) return -1;
      if (s.tag == tag(h) && key(s) == name) return s.id;
    }
  }

  // Adds `name` as `id` and returns `id`; a name already present keeps its
  // id, which is returned instead.
  int emplace(std::string_view name, int id) {
    if (2 * (count_ + 1) > slots_.size()) grow();
    const std::uint64_t h = hash(name);
    std::size_t i = h & mask();
    for (; slots_[i].id >= 0; i = (i + 1) & mask())
      if (slots_[i].tag == tag(h) && key(slots_[i]) == name) return slots_[i].id;
    slots_[i] = {tag(h), id, static_cast<std::uint32_t>(chars_.size()), static_cast<std::uint32_t>(name.size())};
    chars_.append(name);
    ++count_;
    return id;
  }

  std::size_t size() const { return count_; }

  // Every name, in no particular order.
  std::vector<std::string_view> names() const {
    std::vector<std::string_view> out;
    out.reserve(count_);
    for (const Slot &s : slots_)
      if (s.id >= 0) out.push_back(key(s));
    return out;
  }

 private:
  struct Slot {
    std::uint32_t tag = 0;  // the hash's high half
    std::int32_t id = -1;   // -1: empty
    // Of the name in chars_: a topology is at most DocLimits::max_bytes (512 MiB).
    std::uint32_t offset = 0, length = 0;
  };

  static std::uint64_t hash(std::string_view s) { return std::hash<std::string_view>{}(s); }
  static std::uint32_t tag(std::uint64_t h) { return static_cast<std::uint32_t>(h >> 32); }
  std::size_t mask() const { return slots_.size() - 1; }
  std::string_view key(const Slot &s) const { return std::string_view(chars_).substr(s.offset, s.length); }

  // Doubles the table (at most half full, so probes stay short).
  void grow() {
    std::vector<Slot> old(slots_.empty() ? 16 : 2 * slots_.size());
    old.swap(slots_);
    for (const Slot &s : old) {
      if (s.id < 0) continue;
      std::size_t i = hash(key(s)) & mask();
      while (slots_[i].id >= 0) i = (i + 1) & mask();
      slots_[i] = s;
    }
  }

  std::vector<Slot> slots_;  // a power of two in size
  std::string chars_;
  std::size_t count_ = 0;
};

}  // namespace pubplan::detail
