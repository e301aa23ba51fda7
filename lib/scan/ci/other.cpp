// The CI systems whose configuration the scan only recognises (Jenkins, Azure
// Pipelines, Buildkite, Bitbucket Pipelines): a file there that runs a publish
// command is a pipeline.
#include <array>
#include <sstream>

#include <fmt/format.h>

#include "scan/scan_model.hpp"

namespace pubplan::detail::scan {

namespace {
struct OtherCi { const char *file; const char *provider; };
constexpr std::array<OtherCi, 6> kOtherCi{{{"Jenkinsfile", "jenkins"},
                                           {"azure-pipelines.yml", "azure-pipelines"},
                                           {"azure-pipelines.yaml", "azure-pipelines"},
                                           {".buildkite/pipeline.yml", "buildkite"},
                                           {".buildkite/pipeline.yaml", "buildkite"},
                                           {"bitbucket-pipelines.yml", "bitbucket-pipelines"}}};
}  // namespace

void scan_other_ci(const Files &files, int repo_id, Scan &scan) {
  const Repo &repo = scan.repos[repo_id];
  for (const auto &ci : kOtherCi) {
    if (!files.is_file(ci.file)) continue;
    auto text = files.read(ci.file);
    if (!text) continue;
    files.progress(fmt::format("{}: {} configuration (read as text)", files.display(ci.file), ci.provider));
    Pipeline p;
    p.repo = repo_id;
    p.provider = ci.provider;
    p.file = ci.file;
    p.name = std::string(ci.provider);
    p.where = {files.display(ci.file), 1};
    std::istringstream in(*text);
    int line = 0;
    for (std::string l; std::getline(in, l);) {
      ++line;
      // Strip YAML list dashes and Groovy sh '...' wrappers around the command.
      std::string cmd = l;
      cmd.erase(0, cmd.find_first_not_of(" \t-"));
      for (const char *wrap : {"sh '", "sh \"", "script: ", "- "})
        if (cmd.starts_with(wrap)) cmd = cmd.substr(std::string_view(wrap).size());
      while (!cmd.empty() && (cmd.back() == '\'' || cmd.back() == '"' || cmd.back() == ' ')) cmd.pop_back();
      Where w{files.display(ci.file), line};
      if (p.publishes.empty())
        if (auto v = npm_upgrade_in(cmd)) p.npm_upgraded = true, p.npm = {*v, w, ""};
      if ((cmd.find("NPM_TOKEN") != std::string::npos || cmd.find("_authToken") != std::string::npos) && !p.token)
        p.token = true, p.token_where = w;
      read_command(p, cmd, w, repo, scan);
    }
    if (p.publishes.empty()) {
      note_candidate(scan, p, std::string(ci.file));
      continue;
    }
    p.where = p.publishes.front().where;
    const std::string why = fmt::format("{} configuration is recognised, not interpreted", ci.provider);
    p.runner.why = p.node.why = p.unattended.why = why;
    finish_pipeline(p, repo, scan);
    scan.pipelines.push_back(std::move(p));
  }
}

}  // namespace pubplan::detail::scan
