// Azure Pipelines files anywhere in the tree, recognised by their content (the
// root azure-pipelines.yml is read by other.cpp). A pipeline's local templates
// are read with it; one that hands publishing to a template of another
// repository (`template: npm-package/pipeline.yml@templates`) is a pipeline
// whose facts, and which packages it publishes, live there.
#include <regex>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "format/bounded_regex.hpp"
#include "scan/scan_model.hpp"

namespace pubplan::detail::scan {

namespace {

// Keys only Azure Pipelines files have at their top level, with what a
// pipeline (not a template) must have.
// Azure's `extends` is a mapping that names a template; ESLint's, Stylelint's
// or markdownlint's is a config name or a list of them.
bool is_azure_pipeline(const DocNode &doc) {
  if (!doc.is_map() || at(&doc, "on") || at(&doc, "image") || at(&doc, "workflows")) return false;
  const DocNode *extends = at(&doc, "extends");
  const bool template_extended = extends && extends->is_map() && at(extends, "template");
  const bool body = at(&doc, "stages") || at(&doc, "jobs") || at(&doc, "steps") || template_extended;
  const bool azure = at(&doc, "trigger") || at(&doc, "pr") || at(&doc, "pool") || at(&doc, "resources") ||
                     template_extended;
  return body && azure;
}

struct Template {
  std::string path;  // as written
  std::string repo;  // the alias after @, empty for a local one
  Where where;
};

// `template: X` references in a file's text, in order.
std::vector<Template> templates_in(const std::string &text, const Where &file) {
  static const std::regex ref(R"(^\s*(?:-\s*)?template:\s*['"]?([^'"#\s]+)['"]?)");
  std::vector<Template> out;
  std::istringstream in(text);
  int line = 0;
  for (std::string l; std::getline(in, l);) {
    ++line;
    std::smatch m;
    if (!regex_search_bounded(l, m, ref)) continue;
    std::string path = m[1].str(), repo;
    if (auto at_sign = path.find('@'); at_sign != std::string::npos) repo = path.substr(at_sign + 1), path.resize(at_sign);
    out.push_back({path, repo, {file.file, line}});
  }
  return out;
}

std::string dir_of(const std::string &rel) { return rel.find('/') == std::string::npos ? "" : rel.substr(0, rel.rfind('/')); }

}  // namespace

void scan_azure(const Files &files, int repo_id, Scan &scan) {
  const Repo &repo = scan.repos[repo_id];
  // YAML files outside folders of tests and examples (fixtures are not CI).
  std::vector<std::string> candidates;
  std::size_t budget = 50'000;
  files.walk("", 5, budget, [&](const std::string &rel, const std::string &name, bool dir) {
    if (dir) return !example_dir_in(name) && name != ".github" && name != ".circleci";
    if ((name.ends_with(".yml") || name.ends_with(".yaml")) && rel != ".gitlab-ci.yml") candidates.push_back(rel);
    return false;
  });
  static const std::regex publishing(R"(publish|release|npm|esrp)", std::regex::icase);
  for (const auto &rel : candidates) {
    if (rel == "azure-pipelines.yml" || rel == "azure-pipelines.yaml") continue;  // other.cpp
    auto text = files.read(rel);
    if (!text || (text->find("template") == std::string::npos && text->find("script") == std::string::npos &&
                  text->find("task") == std::string::npos))
      continue;
    auto doc = files.parse(rel);
    if (!doc || !is_azure_pipeline(*doc)) continue;
    files.progress(fmt::format("{}: Azure Pipelines (read as text)", files.display(rel)));
    Pipeline p;
    p.repo = repo_id;
    p.provider = "azure-pipelines";
    p.file = rel;
    p.name = "azure-pipelines";
    p.where = {files.display(rel), 1};
    // Attended when only a person queues it (`trigger: none`, `pr: none`, no
    // schedule); an absent `pr` builds pull requests of GitHub repositories.
    const DocNode *trigger = at(&*doc, "trigger");
    const DocNode *pr_trigger = at(&*doc, "pr");
    const DocNode *schedules = at(&*doc, "schedules");
    if (str(trigger) == "none" && str(pr_trigger) == "none" && !schedules)
      p.unattended = {"false", {files.display(rel), trigger->line}, ""};
    else if ((trigger && str(trigger) != "none") || (pr_trigger && str(pr_trigger) != "none") || schedules)
      p.unattended = {"true", {files.display(rel), line_of(trigger ? trigger : pr_trigger ? pr_trigger : schedules)}, ""};
    else
      p.unattended.why = "trigger: none, with pull-request builds as the repository's host sets them";
    // The pipeline and its local templates (relative to the file, else to the root).
    std::vector<std::pair<std::string, std::string>> texts{{rel, *text}};
    std::set<std::string> seen{rel};
    const Template *external = nullptr;
    std::vector<Template> refs;
    for (std::size_t i = 0; i < texts.size() && i < 20; ++i) {
      const auto [file, body] = texts[i];
      std::istringstream in(body);
      int line = 0, pool_indent = -1, node_task = 0;
      for (std::string l; std::getline(in, l);) {
        ++line;
        const int indent = static_cast<int>(l.find_first_not_of(" -"));
        const Where here{files.display(file), line};
        // Runner: a Microsoft-hosted image, or a pool of one's own by name.
        static const std::regex pool_key(R"(^\s*pool:\s*(\S.*)?$)"), vm(R"(^\s*vmImage:\s*\S)"),
            pool_name(R"(^\s*name:\s*\S)"), node_tool(R"(task:\s*(NodeTool@|UseNode@))"),
            node_version(R"(^\s*(?:versionSpec|version):\s*['"]?([0-9][0-9.x]*)['"]?\s*$)");
        std::smatch m;
        if (regex_search_bounded(l, m, pool_key)) {
          pool_indent = indent;
          const std::string inline_pool = m[1].str();
          if (!inline_pool.empty() && inline_pool.find("vmImage") == std::string::npos && !p.runner.known())
            p.runner = {"self-hosted", here, ""};
        } else if (pool_indent >= 0 && indent > pool_indent && !p.runner.known()) {
          if (regex_search_bounded(l, vm)) p.runner = {"hosted", here, ""};
          else if (regex_search_bounded(l, pool_name)) p.runner = {"self-hosted", here, ""};
        } else if (indent <= pool_indent) {
          pool_indent = -1;
        }
        if (regex_search_bounded(l, node_tool)) node_task = 5;
        else if (node_task > 0 && --node_task >= 0 && regex_search_bounded(l, m, node_version))
          if (auto n = normalize_node_version(m[1].str())) p.node = {*n, here, ""}, node_task = 0;
        std::string cmd = l;
        cmd.erase(0, cmd.find_first_not_of(" \t-"));
        for (const char *key : {"script: ", "bash: ", "pwsh: ", "powershell: "})
          if (cmd.starts_with(key)) cmd = cmd.substr(std::string_view(key).size());
        const Where w{files.display(file), line};
        if ((cmd.find("NPM_TOKEN") != std::string::npos || sets_npm_token(cmd, p.registry)) && !p.token)
          p.token = true, p.token_where = w;
        read_command(p, cmd, w, repo, scan);
      }
      for (auto &t : templates_in(body, {files.display(file), 0})) {
        refs.push_back(t);
        if (!t.repo.empty() || t.path.empty()) continue;
        for (const std::string &base : {dir_of(file), std::string()}) {
          const std::string local = base.empty() ? t.path : base + "/" + t.path;
          if (files.is_file(local) && seen.insert(local).second) {
            if (auto more = files.read(local)) texts.emplace_back(local, *more);
            break;
          }
        }
      }
    }
    for (const Template &t : refs)
      if (!t.repo.empty() && regex_search_bounded(t.path + " " + t.repo, publishing) && !external) external = &t;
    if (p.publishes.empty() && !external) {
      note_candidate(scan, p, rel);
      continue;
    }
    if (p.publishes.empty()) {
      // Publishing happens in a template of another repository: every fact
      // of it, and which packages, are there.
      p.where = external->where;
      hand_elsewhere(p, fmt::format("the template {}@{}", external->path, external->repo), external->where, repo,
                     scan);
    } else {
      p.where = p.publishes.front().where;
      for (Field *f : {&p.runner, &p.node, &p.unattended})
        if (!f->known()) f->why = "Azure Pipelines configuration is recognised, not interpreted";
      finish_pipeline(p, repo, scan);
    }
    scan.pipelines.push_back(std::move(p));
  }
}

}  // namespace pubplan::detail::scan
