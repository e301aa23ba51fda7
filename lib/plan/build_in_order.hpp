// Building items on one thread while the calling thread takes them, in order.
// At the end of a solve, building the packages' results and the caller's
// `each` (writing them, as a rule) cost about the same: overlapped, the stage
// takes the longer of the two instead of their sum.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace pubplan::detail {

// take(build(i)) for i in [0, n): `take` always on the calling thread and in
// order of i, whatever `overlap` says, so what it sees never depends on it.
// With `overlap`, `build` runs on one more thread, at most two chunks of
// `chunk` items ahead of `take`: small chunks, so that what is taken is still
// in cache. An exception of `build` reaches the caller once the items built
// before it were taken, as without overlap; one of `take` stops the builder
// and leaves here once it has stopped. Neither thread holds the lock while it
// builds or takes. What `take` leaves of the
// items is destroyed on the builder's thread, where they were made.
template <class Build, class Take>
void build_in_order(std::size_t n, bool overlap, Build build, Take take, std::size_t chunk = 16) {
  if (!overlap || n <= chunk) {
    for (std::size_t i = 0; i < n; ++i) take(build(i));
    return;
  }
  using Item = decltype(build(std::size_t{}));
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<std::vector<Item>> ready;
  // Chunks taken, destroyed by the builder: memory goes back on the thread
  // that allocated it, which for jemalloc's thread caches costs less.
  std::deque<std::vector<Item>> spent;
  bool finished = false, cancelled = false;
  std::exception_ptr failure;
  std::thread builder([&] {
    std::exception_ptr error;
    std::unique_lock lock(mutex, std::defer_lock);
    for (std::size_t from = 0; from < n && !error; from += chunk) {
      std::vector<Item> items;
      try {
        std::deque<std::vector<Item>> done;
        {
          const std::lock_guard spent_lock(mutex);
          done.swap(spent);
        }
        done.clear();
        items.reserve(std::min(chunk, n - from));
        for (std::size_t i = from; i < std::min(n, from + chunk); ++i) items.push_back(build(i));
      } catch (...) {
        error = std::current_exception();  // what was built before it is still handed over
      }
      try {
        lock.lock();
        changed.wait(lock, [&] { return ready.size() < 2 || cancelled; });
        if (cancelled) break;
        ready.push_back(std::move(items));
        changed.notify_all();
        lock.unlock();
      } catch (...) {
        if (!error) error = std::current_exception();
        break;
      }
    }
    if (!lock.owns_lock()) lock.lock();
    failure = error;
    finished = true;
    changed.notify_all();
  });
  // Whichever way this function is left, the builder is told and joined.
  struct Join {
    std::thread &thread;
    std::mutex &mutex;
    std::condition_variable &changed;
    bool &cancelled;
    ~Join() {
      {
        const std::lock_guard lock(mutex);
        cancelled = true;
      }
      changed.notify_all();
      thread.join();
    }
  } join{builder, mutex, changed, cancelled};
  for (;;) {
    std::vector<Item> items;
    {
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return !ready.empty() || finished; });
      if (ready.empty()) {
        if (failure) std::rethrow_exception(failure);
        return;
      }
      items = std::move(ready.front());
      ready.pop_front();
      changed.notify_all();
    }
    for (Item &item : items) take(std::move(item));
    const std::lock_guard lock(mutex);
    spent.push_back(std::move(items));
  }
}

}  // namespace pubplan::detail
