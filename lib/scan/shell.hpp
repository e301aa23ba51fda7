// Shell text as the publish reader sees it: words, assignments, folders and
// the values of loop variables and positional parameters. (`commands`,
// `prints_a_message` and `shell_join` are in scan_model.hpp, for the CI readers.)
#pragma once

#include <map>
#include <string>
#include <vector>

namespace pubplan::detail::scan {

// A simple command's words, quotes removed; a CI expression (`${{ … }}`) is one word.
std::vector<std::string> words(const std::string &command);
bool is_option(const std::string &word);
// `NAME=value`, a shell assignment.
bool is_assignment(const std::string &word);
bool has_glob(const std::string &path);
// `rel` from the folder `base` (both relative to the root), as `cd` moves:
// a checkout root of a CI provider is the root, `..` leaves a folder.
std::string join_path(const std::string &base, std::string rel);
// Each `$VAR` / `${VAR}` of a loop or assignment seen so far becomes its value,
// or `{A,B}` for several; a computed one (no values) stays as written.
void substitute_loop_values(std::vector<std::string> &words,
                            const std::map<std::string, std::vector<std::string>> &variables);
// A shell script's positional parameters (`$1`, `${2}`, `"$@"`) as its caller gave them.
void substitute_positional(std::vector<std::string> &words, const std::vector<std::string> &args);

}  // namespace pubplan::detail::scan
