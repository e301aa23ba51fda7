// CircleCI (.circleci/config.yml).

#include <map>
#include <regex>

#include <fmt/format.h>

#include "format/bounded_regex.hpp"
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
    // `<< parameters.X >>` of a reusable command (its step's arguments, else
    // the defaults) and `<< pipeline.parameters.X >>` (their defaults).
    using Params = std::map<std::string, std::string>;
    auto subst = [&](std::string text, const Params &params) {
      static const std::regex ref(R"(<<\s*((?:pipeline\.)?parameters\.[A-Za-z0-9_-]+)\s*>>)");
      std::string out;
      std::smatch m;
      while (regex_search_bounded(text, m, ref)) {
        auto it = params.find(m[1].str());
        out += m.prefix().str() + (it != params.end() ? it->second : m[0].str());
        text = m.suffix().str();
      }
      return out + text;
    };
    Params pipeline_params;
    if (const DocNode *pp = at(&*doc, "parameters"); pp && pp->is_map())
      for (const auto &[k, v] : pp->entries)
        if (const DocNode *d = at(&v, "default")) pipeline_params["pipeline.parameters." + k.value] = str(d);
    const DocNode *commands = at(&*doc, "commands");
    auto read_steps = [&](const DocNode *steps, const Params &params, int depth, auto &self) -> void {
      if (!steps || !steps->is_sequence() || depth > 3) return;
      for (const auto &step : steps->items) {
        // A reusable command: `- publish` or `- publish: {args}`.
        std::string name = step.is_scalar() ? step.value : "";
        const DocNode *args = nullptr;
        if (step.is_map() && step.entries.size() == 1) name = step.entries[0].first.value, args = &step.entries[0].second;
        if (const DocNode *command = at(commands, name.c_str())) {
          Params inner = pipeline_params;
          if (const DocNode *declared = at(command, "parameters"); declared && declared->is_map())
            for (const auto &[k, v] : declared->entries)
              if (const DocNode *d = at(&v, "default")) inner["parameters." + k.value] = subst(str(d), params);
          if (args && args->is_map())
            for (const auto &[k, v] : args->entries) inner["parameters." + k.value] = subst(str(&v), params);
          self(at(command, "steps"), inner, depth + 1, self);
          continue;
        }
        // The node orb's install command sets Node.
        if (name.ends_with("/install") && args)
          if (const DocNode *v = at(args, "node-version"))
            if (auto n = normalize_node_version(subst(str(v), params))) p.node = {*n, {files.display(rel), v->line}, ""};
        const DocNode *run = at(&step, "run");
        const DocNode *cmd = run && run->is_map() ? at(run, "command") : run;
        if (!cmd || !cmd->is_scalar()) continue;
        const std::string text = subst(cmd->value, params);
        Where w{files.display(rel), text_line(cmd)};
        if (p.publishes.empty())
          if (int line = 0; auto v = npm_upgrade_in(text, &line)) {
            p.npm_upgraded = true;
            p.npm = {*v, {w.file, w.line + line}, v->empty() ? "npm is upgraded to a version the scan cannot read" : ""};
          }
        if (text.find("circleci run oidc get") != std::string::npos) {
          p.oidc_declared = true;
          p.oidc_where = w;
          if (text.find("npm:registry.npmjs.org") != std::string::npos) p.oidc_npm = true;
          else p.oidc_other = true, p.oidc_other_where = w, p.oidc_other_what = "another audience than npm:registry.npmjs.org";
        }
        if (sets_npm_token(text, p.registry) && !p.token) p.token = true, p.token_where = w;
        read_command(p, text, w, repo, scan);
      }
    };
    read_steps(at(&job, "steps"), pipeline_params, 0, read_steps);
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
    if (p.node.known()) {
      // set by a step (the node orb's install), after the image
    } else if (docker && docker->is_sequence() && !docker->items.empty()) {
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
