// The progress line: on a terminal, standard error shows what a long run is
// doing (the stage, packages answered of the stage's total, the rate and the
// time left), redrawn in place and erased before the report is written. Off a
// terminal, with TERM=dumb or with --quiet, nothing is written.
#pragma once
#include <chrono>
#include <string>

#include "pubplan/pubplan.hpp"

namespace cli {

class ProgressLine {
 public:
  // `wanted`: false under --quiet. The line also needs standard error to be a terminal.
  explicit ProgressLine(bool wanted);
  ~ProgressLine();
  ProgressLine(const ProgressLine &) = delete;
  ProgressLine &operator=(const ProgressLine &) = delete;

  // Shown while a file is read (its size is known, its progress is not).
  void reading(const std::string &file);
  // For Planner::solve; the line it draws stays until clear().
  pubplan::ProgressCallback callback();
  // Erases the line; harmless when nothing is shown.
  void clear();

 private:
  void draw(const pubplan::Progress &p);
  void show(const std::string &text);

  bool enabled_;
  bool shown_ = false;
  std::string stage_;
  std::chrono::steady_clock::time_point stage_start_, last_draw_;
};

}  // namespace cli
