#include "progress.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>

#include <fmt/format.h>

namespace cli {

namespace {
// 12345 -> "12,345": the counts reach the hundred thousands.
std::string grouped(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string duration(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  return s < 60 ? fmt::format("{} s", s) : fmt::format("{} min {} s", s / 60, s % 60);
}
}  // namespace

ProgressLine::ProgressLine(bool wanted) {
  const char *term = std::getenv("TERM");
  enabled_ = wanted && isatty(STDERR_FILENO) && !(term && std::strcmp(term, "dumb") == 0);
}

ProgressLine::~ProgressLine() { clear(); }

void ProgressLine::reading(const std::string &file) {
  if (!enabled_ || file == "-") return;
  struct stat st {};
  if (stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return;
  show(fmt::format("pubplan: reading {} ({:.1f} MB)", file, static_cast<double>(st.st_size) / 1e6));
}

pubplan::ProgressCallback ProgressLine::callback() {
  if (!enabled_) return {};
  return [this](const pubplan::Progress &p) { draw(p); };
}

void ProgressLine::draw(const pubplan::Progress &p) {
  const auto now = std::chrono::steady_clock::now();
  if (p.stage != stage_) {
    stage_ = p.stage;
    stage_start_ = now;
  } else if (now - last_draw_ < std::chrono::milliseconds(100) && p.done < p.total) {
    return;  // ten redraws a second are enough to follow
  }
  last_draw_ = now;
  std::string text = fmt::format("pubplan: {} {}/{} packages", p.stage, grouped(p.done), grouped(p.total));
  const double elapsed = std::chrono::duration<double>(now - stage_start_).count();
  if (p.done > 0 && elapsed > 0.2) {
    const double rate = static_cast<double>(p.done) / elapsed;
    text += fmt::format(", {}/s, {} left", grouped(static_cast<std::size_t>(rate)),
                        duration(static_cast<double>(p.total - p.done) / rate));
  }
  show(text);
}

void ProgressLine::show(const std::string &text) {
  // \r and "erase to the end of the line": the line is redrawn in place.
  std::fprintf(stderr, "\r%s\x1b[K", text.c_str());
  std::fflush(stderr);
  shown_ = true;
}

void ProgressLine::clear() {
  if (!shown_) return;
  std::fputs("\r\x1b[K", stderr);
  std::fflush(stderr);
  shown_ = false;
}

}  // namespace cli
