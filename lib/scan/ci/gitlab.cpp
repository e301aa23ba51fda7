// GitLab CI/CD: .gitlab-ci.yml and its local includes. A job whose script
// publishes is a pipeline; npm's trusted publisher names the top-level file.
#include <algorithm>
#include <regex>

#include <fmt/format.h>

#include "format/bounded_regex.hpp"
#include "scan/scan_model.hpp"

namespace pubplan::detail::scan {

namespace {

const char *const kReserved[] = {"image", "services", "stages", "variables", "default", "include",
                                 "workflow", "before_script", "after_script", "cache", "spec"};

struct Job {
  std::string name;
  std::string rel;  // the file it is written in
  const DocNode *node = nullptr;
  int key_line = 0;  // of its name (the node's own line is its first key's)
};

struct Loaded {
  std::vector<std::pair<std::string, DocNode>> files;  // rel -> document (stable addresses: reserve)
  // Includes of what the checkout does not hold (components, remote files,
  // templates, other projects): the text naming them, and where.
  struct Remote { std::string what, rel; int line; };
  std::vector<Remote> remote;
};

void load(const Files &files, const std::string &rel, Loaded &out, int depth) {
  if (depth > 3 || out.files.size() >= 32) return;
  for (const auto &f : out.files)
    if (f.first == rel) return;
  auto doc = files.parse(rel);
  if (!doc || !doc->is_map()) return;
  out.files.emplace_back(rel, std::move(*doc));
  const DocNode &d = out.files.back().second;
  const DocNode *inc = at(&d, "include");
  std::vector<std::string> locals;
  auto one = [&](const DocNode &n) {
    if (n.is_scalar() && !n.value.starts_with("http")) {
      locals.push_back(n.value);
    } else if (const DocNode *l = at(&n, "local")) {
      locals.push_back(str(l));
    } else {
      std::string what;
      for (const char *key : {"component", "remote", "template", "project"})
        if (const DocNode *v = at(&n, key)) what = fmt::format("{} {}", key, str(v));
      if (const DocNode *f = at(&n, "file")) what += " " + str(f);
      if (n.is_scalar()) what = "remote " + n.value;
      out.remote.push_back({what, rel, n.line});
    }
  };
  if (inc && inc->is_sequence())
    for (const auto &i : inc->items) one(i);
  else if (inc)
    one(*inc);
  // Child pipelines of this file's jobs (`trigger: include:`) run its jobs too.
  for (const auto &[k, v] : d.entries) {
    const DocNode *child = at(at(&v, "trigger"), "include");
    if (!child) continue;
    if (child->is_scalar()) locals.push_back(child->value);
    for (const auto &i : child->items)
      if (const DocNode *l = i.is_scalar() ? &i : at(&i, "local")) locals.push_back(str(l));
    if (const DocNode *l = at(child, "local")) locals.push_back(str(l));
  }
  for (auto l : locals) {
    while (l.starts_with("/")) l = l.substr(1);
    if (l.find('*') == std::string::npos && files.is_file(l)) load(files, l, out, depth + 1);
  }
}

// A job key of the merged job (its own, then what it extends).
const DocNode *key_of(const std::vector<Job> &jobs, const Job &job, const char *key, const Job **from,
                      int depth = 0) {
  if (const DocNode *v = at(job.node, key)) {
    *from = &job;
    return v;
  }
  if (depth > 5) return nullptr;
  for (const auto &base : strings(at(job.node, "extends")))
    for (const auto &j : jobs)
      if (j.name == base)
        if (const DocNode *v = key_of(jobs, j, key, from, depth + 1)) return v;
  return nullptr;
}

std::string lines(const DocNode *n) {
  std::string out;
  for (const auto &s : strings(n)) out += s + "\n";
  return out;
}

}  // namespace

void scan_gitlab(const Files &files, int repo_id, Scan &scan) {
  if (!files.is_file(".gitlab-ci.yml")) return;
  const Repo &repo = scan.repos[repo_id];
  Loaded loaded;
  loaded.files.reserve(32);
  load(files, ".gitlab-ci.yml", loaded, 0);
  if (loaded.files.empty()) return;
  std::vector<Job> jobs;
  const DocNode *global_image = nullptr;
  std::string global_image_rel;
  for (const auto &[rel, doc] : loaded.files) {
    if (const DocNode *img = at(&doc, "image"); img && !global_image) global_image = img, global_image_rel = rel;
    if (const DocNode *img = at(at(&doc, "default"), "image"); img && !global_image)
      global_image = img, global_image_rel = rel;
    for (const auto &[k, v] : doc.entries)
      if (v.is_map() && std::find(std::begin(kReserved), std::end(kReserved), k.value) == std::end(kReserved))
        jobs.push_back({k.value, rel, &v, k.line});
  }
  for (const auto &job : jobs) {
    if (job.name.starts_with(".")) continue;  // a template
    const Job *from = nullptr;
    Pipeline p;
    p.repo = repo_id;
    p.provider = "gitlab-ci";
    p.file = ".gitlab-ci.yml";
    p.name = "gitlab." + job.name;
    p.where = {files.display(job.rel), job.key_line};
    for (const char *key : {"before_script", "script"})
      if (const DocNode *s = key_of(jobs, job, key, &from)) {
        std::string text = lines(s);
        int first = s->is_sequence() && !s->items.empty() ? s->items[0].line : s->line;
        Where w{files.display(from->rel), first};
        // Each list item is its own line in the file.
        std::vector<std::string> items = strings(s);
        for (std::size_t i = 0; i < items.size(); ++i) {
          Where wi{w.file, s->is_sequence() ? text_line(&s->items[i]) : first};
          if (p.publishes.empty())
            if (int line = 0; auto v = npm_upgrade_in(items[i], &line)) {
              p.npm_upgraded = true;
              p.npm = {*v, {wi.file, wi.line + line}, v->empty() ? "npm is upgraded to a version the scan cannot read" : ""};
            }
          if ((sets_npm_token(items[i], p.registry) || items[i].find("NPM_TOKEN") != std::string::npos) && !p.token) {
            p.token = true;
            p.token_where = wi;
          }
          read_command(p, items[i], wi, repo, scan);
        }
      }
    if (p.publishes.empty()) {
      if (const DocNode *ids = key_of(jobs, job, "id_tokens", &from); ids && ids->is_map())
        for (const auto &[k, v] : ids->entries)
          for (const auto &aud : strings(at(&v, "aud")))
            if (aud == "npm:registry.npmjs.org") p.oidc_declared = true, p.oidc_where = {files.display(from->rel), k.line};
      note_candidate(scan, p, job.name);
      continue;
    }
    // Runner: GitLab.com's hosted runners take saas-* tags; any other tag is a runner of your own.
    if (const DocNode *tags = key_of(jobs, job, "tags", &from); tags && !strings(tags).empty()) {
      auto t = strings(tags);
      bool all_saas = !t.empty() && std::all_of(t.begin(), t.end(), [](const std::string &x) { return x.starts_with("saas-"); });
      p.runner = {all_saas ? "hosted" : "self-hosted", {files.display(from->rel), tags->line}, ""};
    } else {
      p.runner = {"", p.where, "no runner tags: GitLab.com shared runners if the project enables them, else the project's own"};
    }
    const DocNode *img = key_of(jobs, job, "image", &from);
    std::string img_rel = img ? from->rel : global_image_rel;
    if (!img) img = global_image;
    std::string image = img && img->is_map() ? str(at(img, "name")) : str(img);
    if (auto n = node_from_image(image)) p.node = {*n, {files.display(img_rel), line_of(img)}, ""};
    else p.node.why = image.empty() ? "no image names Node" : fmt::format("image {} does not name a Node version", image);
    // Attended only when the job waits for a person (when: manual, also in every rule).
    bool manual = false;
    const DocNode *when = key_of(jobs, job, "when", &from);
    Where when_where = p.where;
    if (str(when) == "manual") manual = true, when_where = {files.display(from->rel), when->line};
    if (const DocNode *rules = key_of(jobs, job, "rules", &from); rules && rules->is_sequence() && !rules->items.empty()) {
      bool all = true;
      const DocNode *runs = nullptr;  // the first rule under which the job runs by itself
      for (const auto &r : rules->items) {
        const bool waits = str(at(&r, "when")) == "manual" || str(at(&r, "when")) == "never";
        all &= waits;
        if (!waits && !runs) runs = &r;
      }
      if (all) manual = true, when_where = {files.display(from->rel), rules->line};
      else if (runs) when_where = {files.display(from->rel), runs->line};
    }
    p.unattended = {manual ? "false" : "true", when_where, ""};
    if (const DocNode *env = key_of(jobs, job, "environment", &from)) {
      const DocNode *name = env->is_map() ? at(env, "name") : env;
      if (name) p.environment = {name->value, {files.display(from->rel), name->line}, ""};
    }
    if (const DocNode *vars = key_of(jobs, job, "variables", &from); vars && vars->is_map())
      for (const auto &[k, v] : vars->entries)
        // $CI_JOB_TOKEN is GitLab's own job token, which npm's registry does not accept.
        if ((k.value == "NPM_TOKEN" || k.value == "NODE_AUTH_TOKEN") && !v.value.empty() &&
            v.value != "$CI_JOB_TOKEN" && v.value != "${CI_JOB_TOKEN}" && !p.token)
          p.token = true, p.token_where = {files.display(from->rel), k.line};
    if (const DocNode *ids = key_of(jobs, job, "id_tokens", &from); ids && ids->is_map()) {
      p.oidc_declared = true;
      p.oidc_where = {files.display(from->rel), ids->line};
      for (const auto &[k, v] : ids->entries)
        for (const auto &aud : strings(at(&v, "aud")))
          if (aud == "npm:registry.npmjs.org") p.oidc_npm = true;
      if (!p.oidc_npm) {
        p.oidc_other = true;
        p.oidc_other_where = p.oidc_where;
        p.oidc_other_what = "another audience than npm:registry.npmjs.org";
      }
    } else {
      p.oidc_missing.push_back({files.display(job.rel), job.node->line});
    }
    finish_pipeline(p, repo, scan);
    scan.pipelines.push_back(std::move(p));
  }
  // Nothing here publishes, but an include the checkout does not hold says it
  // does: a pipeline whose jobs, and so every fact, are there.
  const bool publishes_here = std::any_of(scan.pipelines.begin(), scan.pipelines.end(), [&](const Pipeline &q) {
    return q.repo == repo_id && q.provider == "gitlab-ci";
  });
  static const std::regex publishing(R"(publish|release|npm)", std::regex::icase);
  bool handed = false;
  for (const auto &[what, rel, line] : loaded.remote) {
    if (publishes_here || handed || !regex_search_bounded(what, publishing)) {
      files.warn(rel, line, 1, fmt::format("include not read: {} is not in the checkout", what));
      continue;
    }
    handed = true;
    const Where where{files.display(rel), line};
    Pipeline p;
    p.repo = repo_id;
    p.provider = "gitlab-ci";
    p.file = ".gitlab-ci.yml";
    std::string tail = what.substr(what.find(' ') + 1);
    tail = tail.substr(0, tail.find('@'));
    tail = tail.substr(tail.rfind('/') == std::string::npos ? 0 : tail.rfind('/') + 1);
    if (auto dot = tail.find('.'); dot != std::string::npos) tail.resize(dot);
    p.name = "gitlab." + (tail.empty() ? std::string("include") : tail);
    p.where = where;
    hand_elsewhere(p, "the include " + what, where, repo, scan);
    scan.pipelines.push_back(std::move(p));
  }
}

}  // namespace pubplan::detail::scan
