// One command that runs a package client or a release tool, read for what it
// publishes (tool_commands.cpp: npm, pnpm, bun and Yarn; release_tools.cpp:
// changesets, Lerna, Nx, Rush, beachball and the other release tools).
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scan/scan_model.hpp"

namespace pubplan::detail::scan {

// The package of the repository in folder `dir`, or none.
const Package *package_at(const Repo &repo, const Scan &scan, const std::string &dir);
// A package binary as run by npx and the like: `semantic-release@25` -> semantic-release.
std::string binary_of(std::string word);
// Binaries whose `publish` goes to another registry or a preview service.
bool publishes_elsewhere(const std::string &binary);
// Whether the environment of the command at `words[command]` asks npm for
// provenance (NPM_CONFIG_PROVENANCE, in any case: its assignments before the
// command, or `variables`, the shell's values so far); unset when it does not say.
std::optional<bool> provenance_in_env(const std::vector<std::string> &words, std::size_t command,
                                      const std::map<std::string, std::vector<std::string>> &variables);
// Whether the command from word `command` on is a dry run, which publishes nothing.
bool dry_run(const std::vector<std::string> &words, std::size_t command);

class ToolCommand {
 public:
  // Publishes of other shell text, read where the command reads it from (a
  // script of a package, a command it runs in another folder).
  using Follow = std::function<std::vector<Publish>(const std::string &text, const Where &where, const std::string &cwd)>;

  // `words[tool]` is the client or tool.
  ToolCommand(const std::vector<std::string> &words, std::size_t tool, const Where &here, const std::string &cwd,
              const Repo &repo, const Scan &scan, Follow follow);

  // Appends what the command publishes.
  void read(std::vector<Publish> &out);

 private:
  std::size_t subcommand(std::size_t from = 0) const;
  void read_options(std::size_t from);
  void read_positional_dir(std::size_t from);
  bool run_script(std::size_t index, std::vector<Publish> &out);
  void read_npm_pnpm_bun(std::vector<Publish> &out);
  void read_yarn(std::vector<Publish> &out);
  // release_tools.cpp
  void read_release_tool(std::vector<Publish> &out);
  void read_lerna_exec(std::vector<Publish> &out);
  void read_ossjs_release(std::vector<Publish> &out);
  void read_changelogen(std::vector<Publish> &out);
  void read_napi(std::vector<Publish> &out);

  const std::vector<std::string> &words_;
  std::size_t at_;              // the tool's word
  std::string tool_;            // its binary
  std::vector<std::string> rest_;  // the words after it
  std::string s1_, s2_;         // its subcommand and the word after
  std::size_t sub_ = 0;         // the subcommand's index in rest_
  Where here_;
  std::string cwd_;
  const Repo &repo_;
  const Scan &scan_;
  Follow follow_;
  Publish p_;                   // what a publish of this command is
};

// A publish a wrapper runs in the workspaces it selects (`pnpm --filter X
// exec`, `yarn workspace X exec`, `lerna exec`): one that publishes the folder
// it runs in publishes those workspaces instead.
void in_selected_workspaces(Publish &q, const Publish &selection, const std::string &cwd);

// `changeset publish` runs pnpm publish in a pnpm workspace and npm publish
// everywhere else (Yarn and bun included).
std::string changeset_client(const Repo &repo);

}  // namespace pubplan::detail::scan
