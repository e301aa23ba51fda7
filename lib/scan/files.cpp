// Reading a checkout safely: sizes bounded, YAML aliases and depth bounded by
// the document loader, symbolic links never followed out of the root, and every
// unreadable or broken file a warning (the scan goes on).
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "scan/scan_model.hpp"

namespace fs = std::filesystem;

namespace pubplan::detail::scan {

Files::Files(std::string root_as_given, const ScanOptions &options, std::vector<Diagnostic> &warnings)
    : root_(std::move(root_as_given)), options_(options), warnings_(warnings) {
  std::error_code ec;
  fs::path canon = fs::canonical(root_, ec);
  if (ec || !fs::is_directory(canon, ec)) return;
  canonical_ = canon.string();
  ok_ = true;
}

std::string Files::display(const std::string &rel) const {
  std::string root = root_;
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  if (root == "." || root.empty()) return rel.empty() ? "." : rel;
  return rel.empty() ? root : root + "/" + rel;
}

bool Files::inside(const std::string &rel) const {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::path(canonical_) / rel, ec);
  if (ec) return false;
  std::string s = p.string();
  return s == canonical_ || s.starts_with(canonical_ + "/");
}

bool Files::is_file(const std::string &rel) const {
  std::error_code ec;
  return inside(rel) && fs::is_regular_file(fs::path(canonical_) / rel, ec);
}

bool Files::is_dir(const std::string &rel) const {
  std::error_code ec;
  return inside(rel) && fs::is_directory(fs::path(canonical_) / rel, ec);
}

std::vector<std::string> Files::list(const std::string &rel) const {
  std::vector<std::string> out;
  if (!is_dir(rel)) return out;
  std::error_code ec;
  for (fs::directory_iterator it(fs::path(canonical_) / rel, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    std::string child = rel.empty() ? name : rel + "/" + name;
    if (it->is_symlink(ec) && !inside(child)) continue;  // a link out of the checkout
    out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void Files::warn(const std::string &rel, int line, int column, std::string message) const {
  warnings_.push_back({display(rel), line, column, std::move(message)});
}

std::optional<std::string> Files::read(const std::string &rel) const {
  if (!inside(rel)) {
    warn(rel, 0, 0, "skipped: a symbolic link that leaves the scanned directory");
    return std::nullopt;
  }
  fs::path p = fs::path(canonical_) / rel;
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return std::nullopt;
  auto size = fs::file_size(p, ec);
  if (ec) {
    warn(rel, 0, 0, fmt::format("cannot read: {}", ec.message()));
    return std::nullopt;
  }
  if (size > options_.max_file_bytes) {
    warn(rel, 0, 0, fmt::format("skipped: {} bytes (the limit is {} bytes)", size, options_.max_file_bytes));
    return std::nullopt;
  }
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    warn(rel, 0, 0, "cannot read");
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void Files::walk(const std::string &dir, int depth, std::size_t &budget,
                 const std::function<bool(const std::string &, const std::string &, bool)> &visit) const {
  if (depth < 0) return;
  for (const auto &name : list(dir)) {
    if (budget == 0) return;
    --budget;
    if (name == "node_modules" || name == ".git") continue;
    const std::string child = dir.empty() ? name : dir + "/" + name;
    const bool directory = is_dir(child);
    if (visit(child, name, directory) && directory) walk(child, depth - 1, budget, visit);
  }
}

std::optional<bool> Files::mentions(const std::string &word,
                                    const std::function<bool(const std::string &, int)> &ignored) const {
  // Bounds: a checkout the size of a large monorepo, every file at most the
  // scan's own limit. Beyond them the answer is "cannot tell".
  std::size_t budget = 200000;
  bool sure = true, found = false;
  auto word_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  walk("", 64, budget, [&](const std::string &rel, const std::string &name, bool directory) {
    if (found || !sure) return false;
    if (directory) return true;
    if (name.ends_with(".md") || name.ends_with(".markdown")) return false;
    std::error_code ec;
    const fs::path path = fs::path(canonical_) / rel;
    if (!fs::is_regular_file(path, ec)) return false;
    if (ec || !inside(rel) || fs::file_size(path, ec) > options_.max_file_bytes || ec) {
      sure = false;
      return false;
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) sure = false;
    const std::string s = std::move(text).str();
    for (std::size_t at = s.find(word); at != std::string::npos && !found; at = s.find(word, at + 1)) {
      const std::size_t end = at + word.size();
      if ((at > 0 && word_char(s[at - 1])) || (end < s.size() && word_char(s[end]))) continue;
      const int line = 1 + static_cast<int>(std::count(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
      found = !ignored(rel, line);
    }
    return false;
  });
  if (found) return true;
  if (!sure || budget == 0) return std::nullopt;
  return false;
}

namespace {

// JSON with comments (rush.json, tsconfig.json): comments outside strings
// become spaces, newlines kept, so that positions stay right.
void blank_json_comments(std::string &text) {
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      for (; i < text.size() && text[i] != '\n'; ++i) text[i] = ' ';
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      std::size_t end = text.find("*/", i + 2);
      end = end == std::string::npos ? text.size() : end + 2;
      for (; i < end; ++i)
        if (text[i] != '\n') text[i] = ' ';
      --i;
    }
  }
}

}  // namespace

std::optional<DocNode> Files::parse(const std::string &rel) const {
  auto text = read(rel);
  if (!text) return std::nullopt;
  // JSON allows tabs between tokens where YAML's flow syntax does not; inside
  // JSON strings a tab must be escaped, so every raw tab is whitespace.
  // A GitLab CI file may open with a `spec:` header document (inputs of a
  // component); the configuration is the document after `---`.
  if (!rel.ends_with(".json") && text->starts_with("spec:"))
    if (auto sep = text->find("\n---"); sep != std::string::npos)
      for (std::size_t i = 0; i < sep + 4; ++i)
        if ((*text)[i] != '\n') (*text)[i] = ' ';
  if (rel.ends_with(".json")) {
    blank_json_comments(*text);
    for (char &c : *text)
      if (c == '\t') c = ' ';
  }
  std::vector<Diagnostic> errors;
  DocLimits limits;
  limits.max_bytes = options_.max_file_bytes;
  DocNode doc = parse_document(*text, display(rel), errors, limits);
  if (!errors.empty()) {
    for (auto &e : errors) {
      e.message = "skipped, cannot parse: " + e.message;
      warnings_.push_back(std::move(e));
    }
    return std::nullopt;
  }
  return doc;
}

}  // namespace pubplan::detail::scan
