// The values of a shell loop that a condition in its body keeps from a
// publish, as release scripts write it:
//
//   for p in packages/*; do
//     if [ "$p" != packages/docs ] && [ "$p" != packages/test ]; then npm publish "$p"; fi
//   done
//
// and the `continue` forms, `if [ "$p" = packages/docs ]; then continue; fi`
// and `[ "$p" = packages/docs ] && continue`, which leave the value out of the
// rest of the loop's body. A publish of `$p` (or of a folder in it) then names
// the folders of those values in `Publish::excluded_dirs`. Any other condition
// is not read: the publish stays as wide as its loop, never narrower.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "scan/scan_model.hpp"

namespace pubplan::detail::scan {

class LoopGuards {
 public:
  // Each simple command of a script in order: its words before the loop
  // values are put in, the text of the line from where it starts (which
  // keeps the `&&` and `||` between a condition's tests), the loops' values
  // so far, and the publishes found so far (those since a guard began are
  // given their excluded folders when it ends).
  void see(std::vector<std::string> words, std::string line,
           const std::map<std::string, std::vector<std::string>> &loops, std::vector<Publish> &out);

 private:
  struct Test {
    std::string var, value;
  };
  struct Frame {
    std::size_t from = 0;       // publishes before the `if`
    std::vector<Test> left_out; // `$var != value`, all of them holding
    std::vector<Test> skipped;  // `$var = value`, any of them, if the body is `continue`
    bool continues = false;
  };
  struct Skip {
    Test test;
    std::size_t from;  // publishes before the `continue`: they ran
  };
  static void leave_out(const std::vector<Test> &tests, std::size_t from,
                        const std::map<std::string, std::vector<std::string>> &loops, std::vector<Publish> &out);
  std::vector<Frame> frames_;
  std::vector<Skip> skips_;  // until the loop's `done`
};

}  // namespace pubplan::detail::scan
