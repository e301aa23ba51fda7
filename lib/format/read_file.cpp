#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "format/document.hpp"

namespace pubplan::detail {

std::string read_file(const std::string &path, const char *what) {
  // Never more than the size limit plus one byte is read, so that a huge file
  // (or an endless stream) is rejected without costing its size in memory; one
  // byte over is enough for parse_document to report it.
  const std::size_t limit = DocLimits{}.max_bytes;
  auto read_capped = [&](std::istream &in) {
    std::string text;
    char buf[1 << 16];
    while (text.size() <= limit && in.read(buf, sizeof buf).gcount() > 0)
      text.append(buf, static_cast<std::size_t>(in.gcount()));
    if (text.size() > limit) text.resize(limit + 1);
    return text;
  };
  if (path == "-") return read_capped(std::cin);
  // A directory opens as a stream on Linux, whose size reads as huge: say what it is.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw InputError({{path, 0, 0, fmt::format("cannot read {}: it is a directory", what)}});
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError({{path, 0, 0, fmt::format("cannot read {}: {}", what, std::strerror(errno))}});
  // A regular file's size is known before reading it.
  if (in.seekg(0, std::ios::end)) {
    const auto size = static_cast<std::streamoff>(in.tellg());
    if (size >= 0 && static_cast<std::uintmax_t>(size) > limit)
      throw InputError({{path, 0, 0, fmt::format("file too large: {} bytes (the limit is {} bytes)", size, limit)}});
    in.seekg(0, std::ios::beg);
  }
  in.clear();
  return read_capped(in);
}

}  // namespace pubplan::detail
