// The command line as data, and what is generated from it: the man page and
// the bash, zsh and fish completions (`pubplan --generate KIND`). They are
// written from the parser's own model, so they list exactly the commands and
// options the parser takes, with its defaults and enumerated values.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace cli {

struct OptionSpec {
  std::vector<std::string> names;    // "-o", "--output"
  std::string value;                 // the value's name ("FILE"); empty for a flag
  std::string help;
  std::string default_value;         // empty: none shown
  std::vector<std::string> choices;  // an enumerated value's choices
  bool repeatable = false;
  bool list = false;                 // the value is a comma-separated list of choices
};

struct PositionalSpec {
  std::string name;  // "FILE", "DIR"
  std::string help;
  bool many = false;
  bool required = true;
};

struct CommandSpec {
  std::string name, help;
  std::vector<PositionalSpec> positionals;
  std::vector<OptionSpec> options;
};

struct ExitStatus {
  int code;
  const char *meaning;
};

struct CommandLine {
  std::string version;
  std::string summary;                  // one line: what pubplan does
  std::vector<OptionSpec> global;       // --help, --version, --generate
  std::vector<CommandSpec> commands;    // in help order
  std::vector<ExitStatus> exit_codes;
};

// What --generate takes.
inline const std::vector<std::string> kGenerateKinds = {"man", "complete-bash", "complete-zsh", "complete-fish"};

// The text for one of kGenerateKinds; nullopt for another word.
std::optional<std::string> generate(const CommandLine &line, const std::string &kind);

}  // namespace cli
