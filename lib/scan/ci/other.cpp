// The CI systems whose configuration the scan only recognises (Jenkins, Azure
// Pipelines, Buildkite, Bitbucket Pipelines): a file there that runs a publish
// command is a pipeline.
#include <algorithm>
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
  std::vector<OtherCi> found(kOtherCi.begin(), kOtherCi.end());
  // Jenkinsfiles below the root (`ci/Jenkinsfile`, `jenkins/release.Jenkinsfile`),
  // three levels at most, outside folders of tests and examples.
  std::vector<std::string> nested;
  std::size_t budget = 50'000;
  files.walk("", 3, budget, [&](const std::string &rel, const std::string &name, bool dir) {
    if (dir) return !example_dir_in(name) && !name.starts_with(".");
    if (rel != name && (name == "Jenkinsfile" || name.ends_with(".Jenkinsfile") || name.ends_with(".jenkinsfile")))
      nested.push_back(rel);
    return false;
  });
  for (const auto &rel : nested) found.push_back({rel.c_str(), "jenkins"});
  for (const auto &ci : found) {
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
      if ((cmd.find("NPM_TOKEN") != std::string::npos || sets_npm_token(cmd, p.registry)) && !p.token)
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

// Kokoro (Google's CI): a job file under .kokoro/ names the script it runs
// (TRAMPOLINE_BUILD_FILE, else build_file); provider `other`, named kokoro.
void scan_kokoro(const Files &files, int repo_id, Scan &scan) {
  std::vector<std::string> configs;
  for (const auto &dir : {std::string(".kokoro"), std::string(".kokoro/release")})
    for (const auto &name : files.list(dir))
      if (name.ends_with(".cfg")) configs.push_back(dir + "/" + name);
  for (const auto &rel : configs) {
    auto text = files.read(rel);
    if (!text) continue;
    std::istringstream in(*text);
    std::string script, key;
    int line = 0, script_line = 0;
    for (std::string l; std::getline(in, l);) {
      ++line;
      if (l.find("TRAMPOLINE_BUILD_FILE") != std::string::npos) key = "trampoline";
      const auto at = l.find(".kokoro/");
      if (at == std::string::npos || l.find('"') == std::string::npos) continue;
      std::string path = l.substr(at, l.find('"', at) - at);
      if (key == "trampoline" || l.find("build_file") != std::string::npos) {
        if (path.ends_with("trampoline.sh") || path.ends_with("trampoline_v2.sh")) continue;
        script = path, script_line = line;
        if (key == "trampoline") break;
      }
    }
    if (script.empty() || !files.is_file(script)) continue;
    Pipeline p;
    p.repo = repo_id;
    p.provider = "other";
    p.file = rel;
    p.name = "kokoro";
    p.where = {files.display(rel), script_line};
    read_command(p, "bash " + script, p.where, scan.repos[repo_id], scan);
    if (text->find("npm-token") != std::string::npos || text->find("npm_token") != std::string::npos)
      p.token = true, p.token_where = p.where;
    if (p.publishes.empty()) continue;
    const std::string why = "Kokoro job configuration is recognised, not interpreted";
    p.runner.why = p.node.why = p.unattended.why = why;
    // The image the job runs in: the value after TRAMPOLINE_IMAGE.
    if (auto key_at = text->find("TRAMPOLINE_IMAGE"); key_at != std::string::npos) {
      const auto value_at = text->find("value:", key_at);
      const auto open = value_at == std::string::npos ? value_at : text->find('"', value_at);
      const auto close = open == std::string::npos ? open : text->find('"', open + 1);
      if (close != std::string::npos && close - key_at < 200)
        if (auto n = node_from_image(text->substr(open + 1, close - open - 1)))
          p.node = {*n, {p.where.file, 1 + static_cast<int>(std::count(text->begin(), text->begin() + static_cast<long>(open), '\n'))},
                    "the job's TRAMPOLINE_IMAGE"};
    }
    finish_pipeline(p, scan.repos[repo_id], scan);
    scan.pipelines.push_back(std::move(p));
  }
}

}  // namespace pubplan::detail::scan
