// GitHub Actions: .github/workflows/*.y{a,}ml. A publishing job is a pipeline;
// a job that calls a reusable workflow is the publisher npm sees (the caller's
// file), with the callee's steps, runner and environment.
#include <array>
#include <cctype>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "format/bounded_regex.hpp"
#include "scan/ci/expression.hpp"
#include "scan/scan_model.hpp"

namespace pubplan::detail::scan {

namespace {

// Actions that use the job's OIDC token for something other than npm.
struct CloudLogin { const char *action; const char *what; };
constexpr std::array<CloudLogin, 5> kCloudLogins{{
    {"aws-actions/configure-aws-credentials", "an AWS login"},
    {"azure/login", "an Azure login"},
    {"google-github-actions/auth", "a Google Cloud login"},
    {"hashicorp/vault-action", "a Vault login"},
    {"sigstore/cosign-installer", "cosign signing"}}};

const char *const kTokenVars[] = {"NODE_AUTH_TOKEN", "NPM_TOKEN", "NPM_AUTH_TOKEN"};

struct Workflow {
  std::string rel;       // .github/workflows/release.yml
  std::string stem;      // release
  DocNode doc;
};

// Triggers of `on:` (a name, a list of names or a mapping).
std::vector<std::string> triggers(const DocNode *on) {
  std::vector<std::string> out;
  if (!on) return out;
  if (on->is_map())
    for (const auto &[k, v] : on->entries) out.push_back(k.value);
  else
    out = strings(on);
  return out;
}

// The triggers on which a job runs as its own workflow's: a `workflow_call`
// run is its caller's pipeline, and a job `if:` on `github.event_name` (the
// caller's, then the called job's) leaves out the events it is false for,
// evaluated as an expression in which nothing else is known. All of them
// when that would leave none.
std::vector<std::string> job_triggers(const std::vector<std::string> &trig, std::vector<const DocNode *> conditions) {
  std::vector<std::string> out;
  for (const std::string &event : trig) {
    if (event == "workflow_call") continue;
    bool may_run = true;
    for (const DocNode *cond : conditions) {
      std::string text = str(cond);
      const std::size_t open = text.find("${{"), close = text.rfind("}}");
      if (open != std::string::npos && close != std::string::npos && close > open)
        text = text.substr(open + 3, close - open - 3);
      const auto value = evaluate_expression(text, [&](const std::string &name) -> std::optional<ExpressionValue> {
        if (name != "github.event_name") return std::nullopt;
        return ExpressionValue::of(ExpressionValue::Kind::string, event, name);
      });
      const auto holds = value ? value->truthy() : std::nullopt;
      if (holds && !*holds) may_run = false;
    }
    if (may_run) out.push_back(event);
  }
  return out.empty() ? trig : out;
}

// Where the trigger that decides a job's `unattended` is written: the first of
// `runs_on` that no person starts, else (a person starts every one) the first;
// `on:` itself when it is a single name.
Where trigger_where(const Files &files, const std::string &rel, const DocNode *on,
                    const std::vector<std::string> &runs_on) {
  auto deciding = std::find_if(runs_on.begin(), runs_on.end(), [](const std::string &t) { return !attended_only({t}); });
  if (deciding == runs_on.end()) deciding = runs_on.begin();
  if (deciding != runs_on.end() && on) {
    if (on->is_map())
      for (const auto &[k, v] : on->entries)
        if (k.value == *deciding) return {files.display(rel), k.line};
    if (on->is_sequence())
      for (const auto &item : on->items)
        if (item.value == *deciding) return {files.display(rel), item.line};
  }
  return {files.display(rel), line_of(on)};
}

// id-token: write in a permissions block (nullopt: no block here).
std::optional<const DocNode *> id_token_write(const DocNode *perms) {
  if (!perms) return std::nullopt;
  if (perms->is_scalar()) return perms->value == "write-all" ? perms : nullptr;
  const DocNode *id = at(perms, "id-token");
  return str(id) == "write" ? id : nullptr;
}

std::string script_text(const DocNode *run) { return str(run); }

// `expand`: a called workflow's `${{ inputs.X }}` read with its caller's values.
void runner_of(const Files &files, const std::string &rel, const DocNode *job, Pipeline &p,
               const std::function<std::string(const std::string &)> &expand = {}) {
  const DocNode *runs_on = at(job, "runs-on");
  Where w{files.display(rel), line_of(runs_on ? runs_on : job)};
  if (!runs_on) {
    p.runner = {"", w, "the job has no runs-on"};
    return;
  }
  if (runs_on->is_map()) {
    p.runner = {"", w, "a runner group: GitHub-hosted larger runners or self-hosted"};
    auto labels = strings(at(runs_on, "labels"));
    if (std::find(labels.begin(), labels.end(), "self-hosted") != labels.end())
      p.runner = {"self-hosted", w, ""};
    return;
  }
  auto labels = strings(runs_on);
  if (expand)
    for (auto &l : labels) l = expand(l);
  // `${{ matrix.K }}` where the job's matrix lists K's values: the job runs
  // on each of them, so each is a label the publish may run with.
  static const std::regex matrix_label(R"(^\$\{\{\s*matrix\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}$)");
  std::vector<std::string> expanded;
  bool alternatives = false;  // several values: a runner each, not labels of one runner
  for (const auto &l : labels) {
    std::smatch m;
    const DocNode *values = regex_match_bounded(l, m, matrix_label) ? at(at(at(job, "strategy"), "matrix"), m[1].str().c_str()) : nullptr;
    const bool listed = values && values->is_sequence() && !values->items.empty() &&
                        std::all_of(values->items.begin(), values->items.end(), [](const DocNode &v) { return v.is_scalar(); });
    if (!listed) {
      expanded.push_back(l);
      continue;
    }
    for (const auto &v : values->items) expanded.push_back(v.value);
    alternatives |= values->items.size() > 1;
  }
  labels = std::move(expanded);
  // GitHub's hosted images, and its single-CPU container runner (`ubuntu-slim`).
  static const std::regex hosted(R"(^((ubuntu|windows|macos)-(latest|\d+(\.\d+)?)(-[a-z0-9]+)*|ubuntu-slim)$)");
  bool self = false, all_hosted = !labels.empty(), expr = false;
  for (const auto &l : labels) {
    if (l == "self-hosted") self = true;
    if (l.find("${{") != std::string::npos) expr = true;
    if (!regex_match_bounded(l, hosted)) all_hosted = false;
  }
  if (alternatives && !all_hosted)
    p.runner = {"", w, "the matrix runs the job on several runners, not all of them GitHub-hosted"};
  else if (self) p.runner = {"self-hosted", w, ""};
  else if (expr) p.runner = {"", w, "runs-on is an expression"};
  else if (all_hosted) p.runner = {"hosted", w, ""};
  else p.runner = {"", w, "custom runner labels: a GitHub-hosted larger runner or a self-hosted one"};
}

// Whether a value reads a secret that may be an npm token: any but
// GITHUB_TOKEN, which npm's registry does not accept (it serves GitHub Packages).
bool npm_secret(const std::string &value) {
  for (std::size_t at = value.find("secrets."); at != std::string::npos; at = value.find("secrets.", at + 8)) {
    std::size_t end = at + 8;
    while (end < value.size() && (std::isalnum(static_cast<unsigned char>(value[end])) || value[end] == '_')) ++end;
    if (value.substr(at + 8, end - at - 8) != "GITHUB_TOKEN") return true;
  }
  return false;
}


// `${{ inputs.NAME }}` of a composite action or a called workflow, and the
// job's `${{ matrix.X }}` and `${{ env.X }}`: the value the caller passes or
// the default, and where it is set. An expression over them is evaluated
// where all it reads is known (expression.hpp), else kept as written.
struct Input {
  std::string value;
  Where where;  // where the caller (or the default) sets it
  // A composite action's inputs are strings, a called workflow's of its
  // declared type; a matrix or env value is a scalar of no declared type.
  ExpressionValue::Kind kind = ExpressionValue::Kind::scalar;
};
using Inputs = std::map<std::string, Input>;

// The expression of the `${{ ... }}` that starts at `open`, and where it ends.
std::optional<std::pair<std::string, std::size_t>> expression_at(const std::string &text, std::size_t open) {
  bool quoted = false;
  for (std::size_t i = open + 3; i + 1 < text.size(); ++i) {
    if (text[i] == '\'') quoted = !quoted;
    if (!quoted && text[i] == '}' && text[i + 1] == '}') return std::pair{text.substr(open + 3, i - open - 3), i + 2};
  }
  return std::nullopt;
}

std::optional<ExpressionValue> evaluate(const std::string &expression, const Inputs &inputs) {
  return evaluate_expression(expression, [&](const std::string &name) -> std::optional<ExpressionValue> {
    const auto it = inputs.find(name);
    if (it == inputs.end()) return std::nullopt;
    return ExpressionValue::of(it->second.kind, it->second.value, name);
  });
}

std::string with_inputs(std::string text, const Inputs &inputs) {
  if (inputs.empty() || text.find("${{") == std::string::npos) return text;
  std::string out;
  std::size_t from = 0;
  for (std::size_t open; (open = text.find("${{", from)) != std::string::npos;) {
    const auto expr = expression_at(text, open);
    if (!expr) break;
    const auto value = evaluate(expr->first, inputs);
    out += text.substr(from, open - from) + (value ? value->to_text() : text.substr(open, expr->second - open));
    from = expr->second;
  }
  return out + text.substr(from);
}

// An npm token in an `env` block: a variable npm reads set from a secret, read
// through the inputs (a composite action's `inputs.token`, a called
// workflow's `secrets.token`) as the caller passes them.
std::vector<std::pair<std::string, Where>> token_vars(const Files &files, const std::string &rel, const DocNode *env,
                                                      const Inputs &inputs) {
  std::vector<std::pair<std::string, Where>> out;
  if (!env || !env->is_map()) return out;
  for (const auto &[k, v] : env->entries)
    for (const char *t : kTokenVars)
      if (k.value == t && npm_secret(with_inputs(v.value, inputs))) out.push_back({t, {files.display(rel), k.line}});
  return out;
}

void tokens_in_env(const Files &files, const std::string &rel, const DocNode *env, Pipeline &p,
                   const Inputs &inputs) {
  for (const auto &[var, where] : token_vars(files, rel, env, inputs))
    if (!p.token) p.token = true, p.token_where = where;
}

// Whether a token variable given to a `run` step reaches npm. npm itself reads
// no environment variable for a token, only an .npmrc that names one
// (setup-node's names NODE_AUTH_TOKEN, so that one always counts). So another
// variable counts unless the scan can show that nothing reads it: the step's
// script does not name it (`named_by_script`, known before the step is read),
// each publish the step runs is the client's own `publish` or a tool that
// runs just that (napi's pre-publish; a release tool may read it:
// semantic-release, changesets and auto read NPM_TOKEN), and no file of the
// checkout names it (an .npmrc, a lifecycle script, a release configuration)
// but where it is set.
bool named_by_script(const std::string &var, const DocNode *run) {
  return var == "NODE_AUTH_TOKEN" || script_text(run).find(var) != std::string::npos;
}

bool token_read(const Files &files, const std::string &var, const Where &set, const std::vector<Publish> &publishes) {
  if (publishes.empty()) return true;
  for (const Publish &pub : publishes) {
    const std::string tool = pub.tool.substr(0, pub.tool.find(" in "));  // "npm publish in scripts/x.js"
    if (tool != pub.client + " publish" && tool != pub.client + " stage publish" && tool != "napi pre-publish")
      return true;
  }
  const auto named = files.mentions(var, [&](const std::string &rel, int line) {
    return files.display(rel) == set.file && line == set.line;
  });
  return !named || *named;
}

// Where a value is set: the caller's input when the value is just
// `${{ inputs.X }}`, or an expression whose value is that input's.
Where origin_of(const std::string &raw, const Inputs &inputs, Where here) {
  std::size_t open = raw.find_first_not_of(" \t");
  if (open == std::string::npos || raw.compare(open, 3, "${{") != 0) return here;
  const auto expr = expression_at(raw, open);
  if (!expr || raw.find_first_not_of(" \t", expr->second) != std::string::npos) return here;
  if (const auto value = evaluate(expr->first, inputs); value && !value->from.empty())
    return inputs.at(value->from).where;
  return here;
}

struct StepContext {
  const Files &files;
  const Repo &repo;
  const Scan &scan;
  Pipeline &p;
  // `defaults: run: working-directory` of the job, else of the workflow: where
  // run steps without one of their own start.
  std::string run_dir;
  // The job's `strategy: matrix:` (a working directory of several values).
  const DocNode *matrix = nullptr;
};

void read_step_list(const StepContext &cx, const std::string &rel, const DocNode *steps, const Inputs &inputs,
                    int depth);

// A matrix key of several values, and a release step run for one of them only
// (`if: matrix.node == 22`): the publishing run is that value's. The value and
// the line of the `if`, or nullopt.
std::optional<std::pair<std::string, int>> publishing_run(const DocNode *job, const std::string &key,
                                                          const DocNode &values) {
  const DocNode *steps = at(job, "steps");
  if (!steps || !steps->is_sequence()) return std::nullopt;
  // `matrix.KEY == VALUE`, VALUE bare or quoted.
  auto pinned_value = [&](const std::string &text) -> std::string {
    const std::string ref = "matrix." + key;
    for (auto at_ = text.find(ref); at_ != std::string::npos; at_ = text.find(ref, at_ + 1)) {
      std::size_t k = at_ + ref.size();
      while (k < text.size() && text[k] == ' ') ++k;
      if (text.compare(k, 2, "==") != 0) continue;
      k += 2;
      while (k < text.size() && (text[k] == ' ' || text[k] == '\'' || text[k] == '"')) ++k;
      std::size_t end = k;
      while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '.' ||
                                   text[end] == '_' || text[end] == '-'))
        ++end;
      if (end > k) return text.substr(k, end - k);
    }
    return "";
  };
  for (const auto &step : steps->items) {
    const DocNode *cond = at(&step, "if");
    const std::string value = cond ? pinned_value(str(cond)) : "";
    if (value.empty()) continue;
    const std::string does = str(at(&step, "run")) + " " + str(at(&step, "uses")) + " " + str(at(&step, "name"));
    // A GitHub release (github-script, a release action) publishes nothing to npm.
    std::string lower = does;
    for (char &c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool github_release = lower.find("github release") != std::string::npos ||
                                lower.find("github-script") != std::string::npos ||
                                lower.find("gh release") != std::string::npos ||
                                lower.find("action-gh-release") != std::string::npos;
    if (does.find("publish") == std::string::npos && (github_release || does.find("release") == std::string::npos))
      continue;
    for (const auto &v : values.items)
      if (v.is_scalar() && v.value == value) return std::pair{v.value, cond->line};
  }
  return std::nullopt;
}

// The value of a called workflow's input NAME for one caller: what its `with:`
// passes, else the input's default, else what GitHub gives an input without one
// (false, 0, ""). nullopt when an expression computes it, or NAME is undeclared
// or of no type GitHub defines (boolean, number, string).
struct InputValue {
  std::string value, type;
};
std::optional<InputValue> input_value(const std::string &name, const DocNode *with, const DocNode *declared) {
  const DocNode *input = at(declared, name.c_str());
  const std::string type = str(at(input, "type"));
  if (type != "boolean" && type != "number" && type != "string") return std::nullopt;
  auto plain = [&](const DocNode *v) -> std::optional<InputValue> {
    if (!v || !v->is_scalar() || v->value.find("${{") != std::string::npos) return std::nullopt;
    return InputValue{v->value, type};
  };
  if (const DocNode *passed = at(with, name.c_str())) return plain(passed);
  if (const DocNode *d = at(input, "default")) return plain(d);
  return InputValue{type == "boolean" ? "false" : type == "number" ? "0" : "", type};
}

// The inputs a calling job gives the workflow it calls (`with:`, else the
// input's default, else its type's empty value), each where it is set; an
// input whose value is an expression of the caller's is left unknown.
Inputs caller_inputs(const Files &files, const std::string &caller, const DocNode &caller_job, const Workflow &callee) {
  Inputs out;
  const DocNode *call = at(at(&callee.doc, "on"), "workflow_call");
  // Its secrets: `secrets: inherit` passes the caller's own (the same names,
  // left as written), a map passes those it names, and a declared secret not
  // passed is empty in the called workflow.
  if (const DocNode *passed = at(&caller_job, "secrets"); str(passed) != "inherit") {
    if (const DocNode *secrets = at(call, "secrets"); secrets && secrets->is_map())
      for (const auto &[k, v] : secrets->entries)
        out["secrets." + k.value] = {"", {files.display(callee.rel), k.line}, ExpressionValue::Kind::string};
    if (passed && passed->is_map())
      for (const auto &[k, v] : passed->entries)
        out["secrets." + k.value] = {str(&v), {files.display(caller), v.line}, ExpressionValue::Kind::string};
  }
  const DocNode *declared = at(call, "inputs");
  const DocNode *with = at(&caller_job, "with");
  if (!declared || !declared->is_map()) return out;
  for (const auto &[k, v] : declared->entries) {
    const auto value = input_value(k.value, with, declared);
    if (!value) continue;
    const DocNode *passed = at(with, k.value.c_str());
    const DocNode *set = passed ? passed : at(&v, "default") ? at(&v, "default") : &k;
    using Kind = ExpressionValue::Kind;
    const Kind kind = value->type == "boolean" ? Kind::boolean : value->type == "number" ? Kind::number : Kind::string;
    out["inputs." + k.value] = {value->value, {files.display(passed ? caller : callee.rel), set->line}, kind};
  }
  return out;
}

// Whether a called workflow's job runs for one caller, from an `if:` that tests
// the workflow's inputs (`inputs.publish`, `!inputs.dry-run`, `inputs.kind ==
// 'release'`, joined by && with anything else): false when one of those tests
// fails with the caller's values, true otherwise (anything else may hold).
bool runs_for_caller(const DocNode *cond, const DocNode *with, const DocNode *declared) {
  std::string text = str(cond);
  if (auto open = text.find("${{"); open != std::string::npos) {
    const auto close = text.rfind("}}");
    text = text.substr(open + 3, close == std::string::npos || close < open ? std::string::npos : close - open - 3);
  }
  // The terms joined by && outside parentheses and quotes; an || there, and
  // the condition may hold whatever the inputs are.
  std::vector<std::string> terms(1);
  int depth = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\'') quoted = !quoted;
    if (!quoted && (c == '(' || c == ')')) depth += c == '(' ? 1 : -1;
    const bool outside = !quoted && depth == 0 && i + 1 < text.size();
    if (outside && c == '|' && text[i + 1] == '|') return true;
    if (outside && c == '&' && text[i + 1] == '&') {
      terms.emplace_back();
      ++i;
    } else {
      terms.back() += c;
    }
  }
  static const std::regex test(
      R"(^\s*(!?)\s*inputs\.([A-Za-z0-9_-]+)\s*(?:(==|!=)\s*('[^']*'|true|false|-?[0-9.]+))?\s*$)");
  auto lower = [](std::string v) {
    for (char &c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return v;
  };
  for (const std::string &term : terms) {
    std::smatch m;
    if (!regex_search_bounded(term, m, test) || (m[1].length() && m[3].matched)) continue;
    const auto value = input_value(m[2].str(), with, declared);
    if (!value) continue;
    bool holds;
    const std::string v = lower(value->value);
    if (!m[3].matched) {
      // Truthiness as GitHub's expressions have it: a string is true unless empty.
      if (value->type == "boolean") holds = v == "true";
      else if (value->type == "number") {
        char *end = nullptr;
        const double n = std::strtod(v.c_str(), &end);
        if (v.empty() || *end != '\0') continue;  // not a number: not read
        holds = n != 0;
      }
      else holds = !v.empty();
    } else {
      const std::string literal = m[4].str();
      // A quoted literal against a string input, true/false against a boolean
      // one: compared as text, ignoring case as GitHub does. Other pairings
      // convert to numbers there; not read here.
      const bool quoted_literal = literal.starts_with("'");
      const bool boolean_literal = literal == "true" || literal == "false";
      if ((value->type == "string" && !quoted_literal) || (value->type == "boolean" && !boolean_literal) ||
          value->type == "number")
        continue;
      const std::string text = quoted_literal ? literal.substr(1, literal.size() - 2) : literal;
      holds = (v == lower(text)) == (m[3].str() == "==");
    }
    if (m[1].length()) holds = !holds;
    if (!holds) return false;
  }
  return true;
}

// The major version of an action reference (`actions/setup-node@v6` and
// `@v6.0.0`: 6); none for a branch or a commit.
std::optional<int> action_major(const std::string &uses) {
  const std::size_t at = uses.find('@');
  if (at == std::string::npos || at + 2 > uses.size() || uses[at + 1] != 'v') return std::nullopt;
  int major = 0;
  std::size_t k = at + 2;
  for (; k < uses.size() && std::isdigit(static_cast<unsigned char>(uses[k])) && major < 1000; ++k)
    major = major * 10 + (uses[k] - '0');
  if (k == at + 2 || (k < uses.size() && uses[k] != '.')) return std::nullopt;
  return major;
}

// A local composite action (`uses: ./.github/actions/x`): its steps, with the
// caller's inputs, as steps of the job. False when it is not one.
// The environment a run step's shell starts with, as assignments on its first
// line: the workflow's and job's `env` (in `inputs` as env.X) and the step's
// own, each whose value is known text (a secret or a computed value is not).
std::string shell_env(const DocNode *step_env, const Inputs &inputs) {
  std::map<std::string, std::string> env;
  for (const auto &[key, input] : inputs)
    if (key.starts_with("env.")) env[key.substr(4)] = with_inputs(input.value, inputs);
  if (step_env && step_env->is_map())
    for (const auto &[k, v] : step_env->entries)
      if (v.is_scalar()) env[k.value] = with_inputs(v.value, inputs);
  std::string out;
  for (const auto &[name, value] : env) {
    const bool plain_name = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
    if (plain_name && value.find_first_of("$`'\n") == std::string::npos) out += "export " + name + "='" + value + "'; ";
  }
  return out;
}

// A composite action's inputs are strings.
constexpr ExpressionValue::Kind kString = ExpressionValue::Kind::string;

bool read_local_action(const StepContext &cx, const std::string &caller, const std::string &uses, const DocNode *with,
                       const Inputs &outer, int depth) {
  std::string dir = uses.substr(2);
  while (!dir.empty() && dir.back() == '/') dir.pop_back();
  std::string rel;
  for (const char *name : {"/action.yml", "/action.yaml"})
    if (cx.files.is_file(dir + name)) rel = dir + name;
  if (rel.empty() || depth > 3) return false;
  auto doc = cx.files.parse(rel);
  const DocNode *runs = doc ? at(&*doc, "runs") : nullptr;
  if (!runs || str(at(runs, "using")) != "composite") return false;
  Inputs inputs;
  if (const DocNode *declared = at(&*doc, "inputs"); declared && declared->is_map())
    for (const auto &[k, v] : declared->entries) {
      // One neither passed nor defaulted is the empty string.
      const DocNode *d = at(&v, "default");
      inputs["inputs." + k.value] =
          d ? Input{with_inputs(str(d), outer), origin_of(str(d), outer, {cx.files.display(rel), d->line}), kString}
            : Input{"", {cx.files.display(rel), k.line}, kString};
    }
  if (with && with->is_map())
    for (const auto &[k, v] : with->entries)
      inputs["inputs." + k.value] = {with_inputs(str(&v), outer),
                                     origin_of(str(&v), outer, {cx.files.display(caller), v.line}), kString};
  // The job's matrix and env reach the action's steps too.
  for (const auto &[key, value] : outer)
    if (!key.starts_with("inputs.")) inputs.emplace(key, value);
  StepContext inner = cx;
  inner.run_dir.clear();  // a workflow's defaults do not reach into an action's steps
  read_step_list(inner, rel, at(runs, "steps"), inputs, depth + 1);
  return true;
}

void read_step_list(const StepContext &cx, const std::string &rel, const DocNode *steps, const Inputs &inputs,
                    int depth) {
  if (!steps || !steps->is_sequence()) return;
  const Files &files = cx.files;
  Pipeline &p = cx.p;
  for (const auto &step : steps->items) {
    std::string uses = str(at(&step, "uses"));
    const DocNode *with = at(&step, "with");
    // A `run` step's token variables that its script does not name are
    // judged once its publishes are known.
    const DocNode *run_node = uses.empty() ? at(&step, "run") : nullptr;
    const std::size_t publishes_before = p.publishes.size();
    std::vector<std::pair<std::string, Where>> judged_later;
    for (auto &[var, where] : token_vars(files, rel, at(&step, "env"), inputs)) {
      if (run_node && !named_by_script(var, run_node)) judged_later.push_back({var, where});
      else if (!p.token) p.token = true, p.token_where = where;
    }
    // setup-node, and another action given setup-node's inputs (wrappers such
    // as oxc-project/setup-node or voidzero-dev/setup-vp install that Node).
    const bool local_action = uses.starts_with("./") || uses.starts_with("$/");
    const bool setup_node = uses.starts_with("actions/setup-node@") ||
                            (!uses.empty() && !local_action && (at(with, "node-version") || at(with, "node-version-file")));
    if (setup_node) {
      // registry-url (and scope) configure where npm publishes from then on.
      if (const DocNode *url = at(with, "registry-url")) {
        p.registry = with_inputs(url->value, inputs);
        std::string scope = with_inputs(str(at(with, "scope")), inputs);
        if (!scope.empty() && !scope.starts_with("@")) scope = "@" + scope;
        p.registry_scope = scope;
      }
      // An input that evaluates empty is not given: setup-node reads the file then.
      const DocNode *v = at(with, "node-version");
      if (v && with_inputs(v->value, inputs).empty()) v = nullptr;
      const DocNode *f = at(with, "node-version-file");
      if (f && with_inputs(f->value, inputs).empty()) f = nullptr;
      if (v) {
        const std::string value = with_inputs(v->value, inputs);
        auto n = normalize_node_version(value);
        p.node = {n.value_or(""), origin_of(v->value, inputs, {files.display(rel), v->line}),
                  n ? "" : fmt::format("node-version '{}' cannot be read without running the workflow", value)};
      } else if (f) {
        std::string file = with_inputs(f->value, inputs);
        while (file.starts_with("./")) file = file.substr(2);
        // setup-node reads package.json's devEngines.runtime (before
        // engines.node) since 6.0.0; of a version pinned otherwise (a commit)
        // the scan cannot tell, unless both readings agree.
        const auto major = action_major(uses);
        const auto before_6 = node_in_version_file(files, file, false);
        const auto from_6 = node_in_version_file(files, file, true);
        const auto n = major ? (*major >= 6 ? from_6 : before_6)
                             : (before_6 && from_6 && before_6->value == from_6->value ? from_6 : std::nullopt);
        if (n) p.node = *n;
        else if (!major && from_6)
          p.node = {"", {files.display(rel), line_of(at(&step, "uses"))},
                    fmt::format("{} reads the Node of {} by its version (devEngines.runtime since 6.0.0), which "
                                "this reference does not name",
                                uses, file)};
        else p.node = {"", {files.display(rel), f->line}, fmt::format("node-version-file {} does not name a readable version", file)};
      }
    } else if (!uses.empty() && !local_action && !p.node.known() && p.node.why.empty()) {
      // An action named for setting up (`org/config/.github/setup`) or for
      // Node may install one the scan cannot see: say so rather than "nothing".
      const std::string path = uses.substr(0, uses.find('@'));
      const std::string last = path.substr(path.rfind('/') + 1);
      if (last == "setup" || last.find("node") != std::string::npos)
        p.node.why = fmt::format("the action {} ({}:{}) may install the job's Node; the scan does not read actions "
                                 "of other repositories",
                                 uses, files.display(rel), line_of(at(&step, "uses")));
    }
    // Version managers that install what the repository's files name: mise
    // (mise.toml, .mise.toml, then .tool-versions) and asdf (.tool-versions).
    const bool mise = uses.starts_with("jdx/mise-action@"), asdf = uses.starts_with("asdf-vm/actions/");
    if ((mise || asdf) && !p.node.known()) {
      for (const char *file : {"mise.toml", ".mise.toml", ".tool-versions"}) {
        if (asdf && std::string(file) != ".tool-versions") continue;
        if (auto n = files.is_file(file) ? node_in_version_file(files, file) : std::nullopt) {
          p.node = *n;
          break;
        }
      }
    }
    if (uses.starts_with("pnpm/action-setup@") || uses.starts_with("pnpm/setup@"))
      if (const DocNode *v = at(with, "version"))
        if (auto n = normalize_npm_version(with_inputs(v->value, inputs)); n && *n != "latest")
          p.pnpm_setup = {*n, origin_of(v->value, inputs, {files.display(rel), v->line}), ""};
    // pnpm/setup installs the runtime its `runtime` input names (`node@26.7.0`);
    // without a version, or without the input, the one package.json's
    // `devEngines.runtime` names (none installed without either; bare `node`: lts).
    if (uses.starts_with("pnpm/setup@")) {
      const DocNode *runtime = at(with, "runtime");
      const std::string wanted = runtime ? with_inputs(runtime->value, inputs) : "";
      const Where at_input = runtime ? origin_of(runtime->value, inputs, {files.display(rel), runtime->line}) : Where{};
      if (wanted.starts_with("node@")) {
        const auto n = normalize_node_version(wanted.substr(5));
        p.node = {n.value_or(""), at_input,
                  n ? "" : fmt::format("runtime '{}' cannot be read without running the workflow", wanted)};
      } else if (!runtime || wanted == "node") {
        std::string manifest = runtime ? "" : with_inputs(str(at(with, "package-json-file")), inputs);
        if (manifest.empty()) manifest = "package.json";
        if (auto n = node_in_dev_engines(files, manifest)) p.node = *n;
        else if (wanted == "node") p.node = {"lts/*", at_input, ""};
      }
    }
    for (const auto &login : kCloudLogins)
      if (uses.starts_with(std::string(login.action) + "@") && !p.oidc_other) {
        p.oidc_other = true;
        p.oidc_other_where = {files.display(rel), line_of(at(&step, "uses"))};
        p.oidc_other_what = login.what;
      }
    std::vector<std::pair<std::string, Where>> scripts;
    if (const DocNode *run = at(&step, "run")) {
      std::string text = with_inputs(script_text(run), inputs);
      // A working directory is a `cd` before the script, on its first line.
      const std::string dir = at(&step, "working-directory") ? with_inputs(str(at(&step, "working-directory")), inputs)
                                                              : cx.run_dir;
      // `${{ matrix.K }}` of several values: the step runs once in each.
      std::vector<std::string> dirs{dir};
      if (const auto ref = dir.find("${{ matrix."); ref != std::string::npos && cx.matrix) {
        const std::size_t end = dir.find("}}", ref);
        std::string key = end == std::string::npos ? "" : dir.substr(ref + 11, end - ref - 11);
        while (!key.empty() && key.back() == ' ') key.pop_back();
        const DocNode *values = at(cx.matrix, key.c_str());
        if (values && values->is_sequence() && !values->items.empty() &&
            std::all_of(values->items.begin(), values->items.end(), [](const DocNode &v) { return v.is_scalar(); })) {
          dirs.clear();
          for (const auto &v : values->items) dirs.push_back(dir.substr(0, ref) + v.value + dir.substr(end + 2));
        }
      }
      const std::string exports = shell_env(at(&step, "env"), inputs);
      for (const std::string &d : dirs)
        scripts.push_back({exports + (!d.empty() && d.find('\'') == std::string::npos ? "cd '" + d + "'; " + text : text),
                           {files.display(rel), text_line(run)}});
    }
    // An action runs its command with the step's environment, as a run step's
    // shell does (`NPM_CONFIG_PROVENANCE: true` beside changesets/action).
    const std::string action_env = at(&step, "run") ? "" : shell_env(at(&step, "env"), inputs);
    // Its publish command: `publish-script` since v2, which rejects v1's `publish`.
    if (uses.starts_with("changesets/action@"))
      for (const char *input : {"publish-script", "publish"})
        if (const DocNode *pub = at(with, input)) {
          scripts.push_back({action_env + with_inputs(pub->value, inputs), {files.display(rel), pub->line}});
          break;
        }
    // JS-DevTools/npm-publish runs `npm publish` on the package its `package`
    // input names (a package.json, its folder or a tarball; the root by
    // default), with a token when `token` is given and OIDC without (v4.1).
    if (uses.starts_with("JS-DevTools/npm-publish@")) {
      std::string command = "npm publish";
      std::string target = with_inputs(str(at(with, "package")), inputs);
      if (target.ends_with("package.json")) target.resize(target.size() - std::string("package.json").size());
      while (target.ends_with("/") && target.size() > 1) target.pop_back();
      if (!target.empty() && target != "." && target != "./") command += " " + shell_join({target});
      if (with_inputs(str(at(with, "access")), inputs) == "public") command += " --access public";
      if (with_inputs(str(at(with, "dry-run")), inputs) == "true") command += " --dry-run";
      const DocNode *token = at(with, "token");
      if (token && npm_secret(with_inputs(token->value, inputs)) && !p.token) {
        p.token = true;
        p.token_where = {files.display(rel), token->line};
      }
      scripts.push_back({action_env + command, {files.display(rel), line_of(at(&step, "uses"))}});
    }
    // The publish half of the changesets action, as its own action.
    if (uses.starts_with("changesets/action/publish@"))
      scripts.push_back({action_env + "changeset publish", {files.display(rel), line_of(at(&step, "uses"))}});
    for (const auto &[text, where] : scripts) {
      if (p.publishes.empty())
        if (int line = 0; auto v = npm_upgrade_in(text, &line)) {
          p.npm_upgraded = true;
          p.npm = {*v, {where.file, where.line + line}, v->empty() ? "npm is upgraded to a version the scan cannot read" : ""};
        }
      if (sets_npm_token(text, p.registry) && !p.token) {
        p.token = true;
        p.token_where = where;
      }
      read_command(p, text, where, cx.repo, cx.scan);
    }
    const Where uses_where{files.display(rel), line_of(at(&step, "uses"))};
    // `$/path` names an action of the workflow's own repository, like `./path`.
    const std::string local = uses.starts_with("$/") ? "./" + uses.substr(2) : uses;
    if (!local.starts_with("./") || !read_local_action(cx, rel, local, with, inputs, depth)) note_action(p, uses, uses_where);
    if (!judged_later.empty()) {
      const std::vector<Publish> publishes(p.publishes.begin() + static_cast<std::ptrdiff_t>(publishes_before),
                                           p.publishes.end());
      for (const auto &[var, where] : judged_later) {
        if (!token_read(files, var, where, publishes)) p.unread_tokens.push_back({var, where});
        else if (!p.token) p.token = true, p.token_where = where;
      }
    }
  }
}

// The steps of one job: node, npm upgrades, publish commands, tokens, logins.
// `called`: for a job of a called workflow, the `inputs.X` its caller gives it.
void read_steps(const Files &files, const Workflow &wf, const DocNode *job, const Repo &repo,
                const Scan &scan, Pipeline &p, const Inputs &called = {}) {
  tokens_in_env(files, wf.rel, at(&wf.doc, "env"), p, called);
  tokens_in_env(files, wf.rel, at(job, "env"), p, called);
  const DocNode *container = at(job, "container");
  std::string image = container && container->is_map() ? str(at(container, "image")) : str(container);
  if (auto n = node_from_image(image))
    p.node = {*n, {files.display(wf.rel), line_of(container)}, ""};
  // `${{ env.X }}` of the workflow and the job, and `${{ matrix.X }}` where the
  // matrix gives X one value (several: the job runs once per value, each read
  // as unknown).
  Inputs context = called;
  for (const DocNode *env : {at(&wf.doc, "env"), at(job, "env")})
    if (env && env->is_map())
      for (const auto &[k, v] : env->entries)
        if (v.is_scalar()) context["env." + k.value] = {v.value, {files.display(wf.rel), v.line}};
  if (const DocNode *matrix = at(at(job, "strategy"), "matrix"); matrix && matrix->is_map())
    for (const auto &[k, v] : matrix->entries) {
      const DocNode *one = v.is_scalar() ? &v : v.is_sequence() && v.items.size() == 1 ? &v.items[0] : nullptr;
      if (one && one->is_scalar()) context["matrix." + k.value] = {one->value, {files.display(wf.rel), one->line}};
      else if (v.is_sequence())
        if (auto pinned = publishing_run(job, k.value, v)) context["matrix." + k.value] = {pinned->first, {files.display(wf.rel), pinned->second}};
    }
  std::string run_dir;
  for (const DocNode *owner : {&wf.doc, job})  // the job's overrides the workflow's
    if (const DocNode *dir = at(at(at(owner, "defaults"), "run"), "working-directory"))
      run_dir = with_inputs(str(dir), context);
  read_step_list({files, repo, scan, p, run_dir, at(at(job, "strategy"), "matrix")}, wf.rel, at(job, "steps"), context, 0);
}

}  // namespace

namespace {

// Where another workflow, one that runs unattended (on push, a schedule, a
// release), names `wf`'s file outside a comment: `gh workflow run FILE`, a
// script given FILE, an API call. A workflow started only by hand can be
// started so by another, and then no person is there (mongodb's npm-publish.yml
// is dispatched by its release workflows).
std::optional<Where> dispatched_by(const Files &files, const std::vector<Workflow> &workflows, const Workflow &wf) {
  const std::string file = wf.rel.substr(wf.rel.rfind('/') + 1);
  for (const Workflow &other : workflows) {
    if (&other == &wf || attended_only(triggers(at(&other.doc, "on")))) continue;
    auto text = files.read(other.rel);
    if (!text) continue;
    std::istringstream in(*text);
    int n = 0;
    for (std::string line; std::getline(in, line);) {
      ++n;
      const std::size_t at_file = line.find(file);
      if (at_file == std::string::npos || line.find('#') < at_file) continue;
      const char before = at_file == 0 ? ' ' : line[at_file - 1];
      if (std::isalnum(static_cast<unsigned char>(before)) || before == '-' || before == '_') continue;  // another file
      // `uses: ./.github/workflows/FILE` calls it: that run is the caller's pipeline.
      const std::size_t first = line.find_first_not_of(" \t-");
      if (first != std::string::npos && line.compare(first, 5, "uses:") == 0) continue;
      return Where{files.display(other.rel), n};
    }
  }
  return std::nullopt;
}

}  // namespace

void scan_github(const Files &files, int repo_id, Scan &scan) {
  const Repo &repo = scan.repos[repo_id];
  std::vector<Workflow> workflows;
  for (const auto &name : files.list(".github/workflows")) {
    if (!name.ends_with(".yml") && !name.ends_with(".yaml")) continue;
    std::string rel = ".github/workflows/" + name;
    if (auto doc = files.parse(rel); doc && doc->is_map())
      workflows.push_back({rel, name.substr(0, name.rfind('.')), std::move(*doc)});
  }
  if (!workflows.empty())
    files.progress(fmt::format("{}: {} GitHub Actions workflows", files.display(""), workflows.size()));
  auto find_workflow = [&](std::string uses) -> const Workflow * {
    while (uses.starts_with("./")) uses = uses.substr(2);
    uses = uses.substr(0, uses.find('@'));
    for (const auto &w : workflows)
      if (w.rel == uses) return &w;
    return nullptr;
  };
  for (const auto &wf : workflows) {
    const DocNode *on = at(&wf.doc, "on");
    auto trig = triggers(on);
    if (trig.size() == 1 && trig[0] == "workflow_call") continue;  // only ever called: its callers publish
    const DocNode *jobs = at(&wf.doc, "jobs");
    if (!jobs || !jobs->is_map()) continue;
    for (const auto &[job_key, job] : jobs->entries) {
      // The job itself, or the jobs of the reusable workflow it calls.
      struct Run { const Workflow *wf; std::string name; const DocNode *job; int key_line; };
      std::vector<Run> runs;
      std::string uses = str(at(&job, "uses"));
      const Workflow *callee = uses.starts_with("./") ? find_workflow(uses) : nullptr;
      if (callee) {
        if (const DocNode *cj = at(&callee->doc, "jobs"); cj && cj->is_map())
          for (const auto &[k, v] : cj->entries) runs.push_back({callee, k.value, &v, k.line});
      } else {
        runs.push_back({&wf, job_key.value, &job, job_key.line});
      }
      // OIDC: the caller's and the callee's permissions (a job's own block wins).
      auto perm = [&](const Workflow &w, const DocNode *j) {
        auto own = id_token_write(at(j, "permissions"));
        return own ? *own : id_token_write(at(&w.doc, "permissions")).value_or(nullptr);
      };
      if (!uses.empty() && !callee) {
        // A reusable workflow the checkout does not hold (another repository).
        Pipeline p;
        p.repo = repo_id;
        p.name = wf.stem + "." + job_key.value;
        p.where = {files.display(wf.rel), job_key.line};
        if (const DocNode *ok = perm(wf, &job)) p.oidc_declared = true, p.oidc_where = {files.display(wf.rel), ok->line};
        if (const DocNode *secrets = at(&job, "secrets"); secrets && secrets->is_map())
          for (const auto &[k, v] : secrets->entries)
            for (const char *t : kTokenVars)
              if (v.value.find(t) != std::string::npos && !p.token)
                p.token = true, p.token_where = {files.display(wf.rel), k.line};
        // One whose path says it publishes, or that gets an npm token, is the
        // publisher: a pipeline whose every fact but the caller's is there.
        // Releases of another kind (a GitHub release, its notes, a release PR)
        // are not an npm publish.
        static const std::regex publishing(R"(publish|release|npm)", std::regex::icase);
        static const std::regex other_release(R"((github|gh)[-_]?releases?|release[-_]?(notes|drafter|please))",
                                              std::regex::icase);
        const std::string called = uses.substr(0, uses.find('@'));
        const std::string path =
            called.size() <= kRegexMaxLength ? std::regex_replace(called, other_release, "") : called;
        if (p.token || regex_search_bounded(path, publishing)) {
          p.provider = "github-actions";
          p.file = wf.rel;
          const auto runs_on = job_triggers(trig, {at(&job, "if")});
          p.unattended = {attended_only(runs_on) ? "false" : "true", trigger_where(files, wf.rel, on, runs_on), ""};
          if (const DocNode *env = at(&job, "environment")) p.environment = {str(env), {files.display(wf.rel), env->line}, ""};
          p.oidc_npm = p.oidc_declared;
          if (!p.oidc_declared) p.oidc_missing.push_back(p.where);
          hand_elsewhere(p, "the workflow " + uses, {files.display(wf.rel), line_of(at(&job, "uses"))}, repo, scan);
          scan.pipelines.push_back(std::move(p));
          continue;
        }
        p.unfollowed.push_back(fmt::format("it calls the workflow `{}` ({}), which the checkout does not hold", uses,
                                           p.where.text()));
        note_candidate(scan, p, job_key.value);
        continue;
      }
      for (const auto &r : runs) {
        Pipeline p;
        p.repo = repo_id;
        p.provider = "github-actions";
        const Inputs called = callee ? caller_inputs(files, wf.rel, job, *callee) : Inputs{};
        read_steps(files, *r.wf, r.job, repo, scan, p, called);
        // setup-node's registry-url of another registry (GitHub Packages): the
        // job's publishes go there unless one names npm's with --registry.
        if (!is_npm_registry(p.registry) && p.registry_scope.empty())
          std::erase_if(p.publishes, [](const Publish &q) { return q.registry.empty(); });
        p.name = wf.stem + "." + job_key.value + (callee ? "." + r.name : "");
        p.file = wf.rel;
        p.where = {files.display(wf.rel), job_key.line};
        const DocNode *gate = callee ? at(r.job, "if") : nullptr;
        if (!p.publishes.empty() && gate &&
            !runs_for_caller(gate, at(&job, "with"), at(at(at(&callee->doc, "on"), "workflow_call"), "inputs"))) {
          // A called job this caller's inputs switch off (`if: inputs.publish`,
          // not passed, default false): it never runs for this caller.
          p.unfollowed.push_back(fmt::format("the called job {} runs only `if: {}` ({}:{}), false with the inputs "
                                             "this caller passes or their defaults",
                                             r.name, str(gate), files.display(callee->rel), gate->line));
          p.publishes.clear();
        }
        if (p.publishes.empty()) {
          if (const DocNode *ok = perm(*r.wf, r.job)) {
            p.oidc_declared = true;
            p.oidc_where = {files.display(r.wf->rel), ok->line};
          }
          note_candidate(scan, p, callee ? job_key.value + " " + r.name : job_key.value);
          continue;
        }
        runner_of(files, r.wf->rel, r.job, p, [&](const std::string &text) { return with_inputs(text, called); });
        const auto runs_on = job_triggers(trig, {at(&job, "if"), callee ? at(r.job, "if") : nullptr});
        p.unattended = {attended_only(runs_on) ? "false" : "true", trigger_where(files, wf.rel, on, runs_on), ""};
        if (attended_only(runs_on))
          if (auto by = dispatched_by(files, workflows, wf)) {
            // Started by another workflow, with inputs the scan does not
            // read: a job whose `if:` reads them may never run so.
            const DocNode *gate = at(&job, "if"), *called_gate = callee ? at(r.job, "if") : nullptr;
            const std::string gates = str(gate) + " " + str(called_gate);
            if (gates.find("inputs.") == std::string::npos)
              p.unattended = {"true", *by, ""};
            else
              p.unattended = {"", *by,
                              fmt::format("another workflow starts this one ({}), with inputs its `if:` reads; "
                                          "whether they let the job run is not in the checkout",
                                          by->text())};
          }
        const DocNode *env = at(r.job, "environment");
        if (env && env->is_map()) env = at(env, "name");
        if (env && !with_inputs(env->value, called).empty()) {  // an input given empty: none
          const std::string name = with_inputs(env->value, called);
          const bool read = name.find("${{") == std::string::npos;
          p.environment = {read ? name : "", origin_of(env->value, called, {files.display(r.wf->rel), env->line}),
                           read ? "" : "the environment's name is an expression the scan cannot read"};
        }
        struct Side { const Workflow *w; const DocNode *j; int key_line; };
        std::vector<Side> sides = {{&wf, &job, job_key.line}};
        if (callee) sides.push_back({callee, r.job, r.key_line});
        for (const auto &[w, j, key_line] : sides) {
          if (const DocNode *ok = perm(*w, j)) {
            if (!p.oidc_declared) p.oidc_where = {files.display(w->rel), ok->line};
            p.oidc_declared = true;
          } else {
            p.oidc_missing.push_back({files.display(w->rel), key_line});
          }
        }
        if (p.oidc_other) {
          p.oidc_other_where = p.oidc_declared ? p.oidc_where : p.oidc_other_where;
        }
        p.oidc_npm = p.oidc_declared && !p.oidc_other;
        finish_pipeline(p, repo, scan);
        scan.pipelines.push_back(std::move(p));
      }
    }
  }
}

}  // namespace pubplan::detail::scan
