// CircleCI (.circleci/config.yml).

#include <fmt/format.h>

#include "scan/scan_model.hpp"

namespace pubplan::detail::scan {

void scan_circleci(const Files &files, int repo_id, Scan &scan) {
  const std::string rel = ".circleci/config.yml";
  if (!files.is_file(rel)) return;
  auto doc = files.parse(rel);
  if (!doc || !doc->is_map()) return;
  const Repo &repo = scan.repos[repo_id];
  const DocNode *jobs = at(&*doc, "jobs");
  if (!jobs || !jobs->is_map()) return;
  // Jobs that only run after an approval job (type: approval) in every workflow that uses them.
  std::map<std::string, bool> unattended;
  std::map<std::string, int> use_line;
  if (const DocNode *wfs = at(&*doc, "workflows"); wfs && wfs->is_map())
    for (const auto &[wname, wf] : wfs->entries) {
      const DocNode *list = at(&wf, "jobs");
      if (!list || !list->is_sequence()) continue;
      std::set<std::string> approvals;
      for (const auto &item : list->items)
        if (item.is_map() && !item.entries.empty() && str(at(&item.entries[0].second, "type")) == "approval")
          approvals.insert(item.entries[0].first.value);
      for (const auto &item : list->items) {
        std::string name = item.is_scalar() ? item.value : item.is_map() && !item.entries.empty() ? item.entries[0].first.value : "";
        if (name.empty()) continue;
        bool gated = false;
        if (item.is_map())
          for (const auto &req : strings(at(&item.entries[0].second, "requires"))) gated |= approvals.count(req) > 0;
        unattended[name] = unattended[name] || !gated;
        if (!use_line.count(name)) use_line[name] = item.line;
      }
    }
  for (const auto &[key, job] : jobs->entries) {
    Pipeline p;
    p.repo = repo_id;
    p.provider = "circleci";
    p.file = rel;
    p.name = "circleci." + key.value;
    p.where = {files.display(rel), key.line};
    const DocNode *steps = at(&job, "steps");
    if (steps && steps->is_sequence())
      for (const auto &step : steps->items) {
        const DocNode *run = at(&step, "run");
        const DocNode *cmd = run && run->is_map() ? at(run, "command") : run;
        if (!cmd || !cmd->is_scalar()) continue;
        Where w{files.display(rel), cmd->value.find('\n') != std::string::npos && !cmd->plain ? cmd->line + 1 : cmd->line};
        if (p.publishes.empty())
          if (auto v = npm_upgrade_in(cmd->value)) {
            p.npm_upgraded = true;
            p.npm = {*v, w, v->empty() ? "npm is upgraded to a version the scan cannot read" : ""};
          }
        if (cmd->value.find("circleci run oidc get") != std::string::npos) {
          p.oidc_declared = true;
          p.oidc_where = w;
          if (cmd->value.find("npm:registry.npmjs.org") != std::string::npos) p.oidc_npm = true;
          else p.oidc_other = true, p.oidc_other_where = w, p.oidc_other_what = "another audience than npm:registry.npmjs.org";
        }
        if ((cmd->value.find("_authToken") != std::string::npos) && !p.token) p.token = true, p.token_where = w;
        read_command(p, cmd->value, w, repo, scan);
      }
    if (p.publishes.empty()) {
      note_candidate(scan, p, key.value);
      continue;
    }
    if (!p.oidc_declared) p.oidc_missing.push_back(p.where);
    // A named executor (`executor: node` or `{name: node}`) holds the image and class.
    const DocNode *executor = at(&job, "executor");
    if (executor && executor->is_map()) executor = at(executor, "name");
    const DocNode *exec_def = executor ? at(at(&*doc, "executors"), str(executor).c_str()) : nullptr;
    const DocNode *rc = at(&job, "resource_class");
    if (!rc && exec_def) rc = at(exec_def, "resource_class");
    if (rc && str(rc).find('/') != std::string::npos)
      p.runner = {"self-hosted", {files.display(rel), rc->line}, ""};  // namespace/name: a self-hosted runner class
    else
      p.runner = {"hosted", {files.display(rel), rc ? rc->line : key.line}, ""};
    const DocNode *docker = at(&job, "docker");
    if (!docker && exec_def) docker = at(exec_def, "docker");
    if (docker && docker->is_sequence() && !docker->items.empty()) {
      const DocNode *img = at(&docker->items[0], "image");
      if (auto n = node_from_image(str(img))) p.node = {*n, {files.display(rel), line_of(img)}, ""};
      else p.node.why = fmt::format("image {} does not name a Node version", str(img));
    } else {
      p.node.why = "no docker image names Node";
    }
    if (auto it = unattended.find(key.value); it != unattended.end())
      p.unattended = {it->second ? "true" : "false", {files.display(rel), use_line[key.value]}, ""};
    else
      p.unattended = {"", p.where, "no workflow runs this job"};
    finish_pipeline(p, repo, scan);
    scan.pipelines.push_back(std::move(p));
  }
}

}  // namespace pubplan::detail::scan
