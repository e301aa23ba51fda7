#include "plan/tokens.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <map>

#include <fmt/format.h>

namespace pubplan::detail {

namespace {

// A grant of a token: a scope (org index) or a package.
struct Grant {
  bool scope = false;
  int index = -1;
};

std::string safe_name(const std::string &s) {
  std::string out;
  for (char c : s) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '-';
  return out;
}

// Quotes a word for a POSIX shell when it holds anything but safe characters.
std::string shell_word(const std::string &s) {
  const bool safe = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("@/._-~+=:,").find(c) != std::string_view::npos;
  });
  if (safe) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string command_of(const Token &t) {
  std::string cmd = fmt::format("npm token create --name {} --packages-and-scopes-permission {}", shell_word(t.name),
                                t.access);
  for (const auto &p : t.packages) cmd += " --packages " + shell_word(p);
  for (const auto &s : t.scopes) cmd += " --scopes " + shell_word(s);
  if (t.bypass_2fa) cmd += " --bypass-2fa";
  cmd += fmt::format(" --expires {}", t.expires_days);
  return cmd;
}

std::string scope_name(const TopologyModel &m, int org) { return "@" + m.orgs[org].name; }

bool scoped(const Package &p) { return p.name.starts_with("@"); }

std::size_t ceil_div(std::size_t a, std::size_t b) { return (a + b - 1) / b; }

// Cuts one pipeline's grants into tokens of at most `per_token` grants.
std::vector<std::vector<Grant>> chunks(const std::vector<Grant> &grants, int per_token) {
  std::vector<std::vector<Grant>> out;
  for (std::size_t i = 0; i < grants.size(); i += per_token)
    out.emplace_back(grants.begin() + i, grants.begin() + std::min(grants.size(), i + std::size_t(per_token)));
  return out;
}

Token make_token(const TopologyModel &m, int pipeline, const std::vector<Grant> &grants, TokenKind kind,
                 const TokenLimits &limits) {
  Token t;
  t.pipeline = m.pipelines[pipeline].name;
  t.access = kind == TokenKind::write   ? "read-write"
             : kind == TokenKind::stage ? "read-write-stage-only"
                                        : "read-only";
  for (const Grant &g : grants) {
    if (g.scope) t.scopes.push_back(scope_name(m, g.index));
    else t.packages.push_back(m.packages[g.index].name);
  }
  // A write token of a pipeline that may run unattended must skip the OTP
  // prompt; staging never asks for one.
  t.bypass_2fa = kind == TokenKind::write && (m.pipelines[pipeline].unattended.domain.mask & 0b10);
  t.expires_days = kind == TokenKind::none ? limits.read_expiry_days : limits.write_expiry_days;
  return t;
}

// Names the tokens "pubplan-PIPELINE-KIND[-K]" once a pipeline's count of that kind is known.
void name_tokens(std::vector<Token> &tokens, const std::function<const char *(const Token &)> &kind) {
  std::map<std::string, int> count, seen;
  for (const auto &t : tokens) ++count[t.pipeline + '/' + kind(t)];
  for (auto &t : tokens) {
    const std::string key = t.pipeline + '/' + kind(t);
    t.name = fmt::format("pubplan-{}-{}", safe_name(t.pipeline), kind(t));
    if (count[key] > 1) t.name += fmt::format("-{}", ++seen[key]);
    t.command = command_of(t);
  }
}

}  // namespace

WritePlan plan_write_tokens(const TopologyModel &m, const TokenLimits &limits, const std::vector<TokenKind> &needs) {
  WritePlan plan;
  const TokenKind kinds[] = {TokenKind::write, TokenKind::stage};
  // grants[q][k]: pipeline q's grants of kind kinds[k].
  std::vector<std::array<std::vector<Grant>, 2>> grants(m.pipelines.size());
  for (int k = 0; k < 2; ++k) {
    // A scope grant is least privilege only when it adds no package the
    // pipeline should not publish: one pipeline alone publishes every package
    // of the scope the topology lists, and each of them needs this kind.
    // A topology that may hold only part of the organisation grants no scope.
    std::vector<int> sole(m.orgs.size(), m.complete ? -2 : -1);  // -2: no package yet, -1: not grantable, else the pipeline
    for (std::size_t i = 0; m.complete && i < m.packages.size(); ++i) {
      const Package &p = m.packages[i];
      if (!scoped(p) || p.org < 0) continue;
      int &s = sole[p.org];
      const int q = (needs[i] == kinds[k] && p.published_by.size() == 1) ? p.published_by[0] : -1;
      s = (s == -2 || s == q) ? q : -1;
    }
    std::vector<std::vector<char>> scope_done(m.pipelines.size());
    for (std::size_t i = 0; i < m.packages.size(); ++i) {
      if (needs[i] != kinds[k]) continue;
      const Package &p = m.packages[i];
      for (int q : p.published_by) {
        if (scoped(p) && p.org >= 0 && sole[p.org] == q) {
          auto &done = scope_done[q];
          if (done.empty()) done.assign(m.orgs.size(), 0);
          if (!done[p.org]) grants[q][k].push_back({true, p.org});
          done[p.org] = 1;
        } else {
          grants[q][k].push_back({false, static_cast<int>(i)});
        }
      }
    }
    // Scope grants first (by name), then packages (topology order): stable output.
    for (auto &g : grants)
      std::stable_sort(g[k].begin(), g[k].end(), [&](const Grant &a, const Grant &b) {
        if (a.scope != b.scope) return a.scope;
        return a.scope && m.orgs[a.index].name < m.orgs[b.index].name;
      });
  }

  const long long available = std::max(0LL, static_cast<long long>(limits.account_limit) - m.tokens_in_use);
  std::vector<char> denied(m.packages.size(), 0);
  struct Given {
    int pipeline;
    TokenKind kind;
    std::vector<Grant> grants;
  };
  std::vector<Given> given;
  for (std::size_t q = 0; q < m.pipelines.size(); ++q)
    for (int k = 0; k < 2; ++k) {
      plan.lower_bound += ceil_div(grants[q][k].size(), limits.grants_per_token);
      for (auto &chunk : chunks(grants[q][k], limits.grants_per_token)) {
        ++plan.requested;
        if (static_cast<long long>(given.size()) < available) {
          given.push_back({static_cast<int>(q), kinds[k], std::move(chunk)});
          continue;
        }
        for (const Grant &g : chunk) {
          if (!g.scope) {
            denied[g.index] = 1;
            continue;
          }
          for (std::size_t i = 0; i < m.packages.size(); ++i)
            if (needs[i] == kinds[k] && m.packages[i].org == g.index && scoped(m.packages[i])) denied[i] = 1;
        }
      }
    }
  plan.in_use_to_fit = std::max(0LL, static_cast<long long>(limits.account_limit) - static_cast<long long>(plan.requested));
  for (auto &g : given) {
    // A denied package is useless to the pipelines that did get a token for it.
    std::erase_if(g.grants, [&](const Grant &x) { return !x.scope && denied[x.index]; });
    if (!g.grants.empty()) plan.tokens.push_back(make_token(m, g.pipeline, g.grants, g.kind, limits));
  }
  name_tokens(plan.tokens, [](const Token &t) { return t.access == "read-write" ? "write" : "stage"; });
  for (std::size_t i = 0; i < m.packages.size(); ++i)
    if (denied[i]) plan.denied.push_back(static_cast<int>(i));
  return plan;
}

ReadPlan plan_read_tokens(const TopologyModel &m, const TokenLimits &limits, const std::vector<PrivateInstall> &needs,
                          long long available) {
  ReadPlan plan;
  std::vector<std::vector<int>> wanted(m.pipelines.size());
  for (const auto &n : needs) wanted[n.pipeline].push_back(n.package);
  std::vector<std::size_t> scope_size(m.orgs.size(), 0);
  for (const auto &p : m.packages)
    if (scoped(p) && p.org >= 0) ++scope_size[p.org];
  std::vector<Token> tokens;
  for (std::size_t q = 0; q < m.pipelines.size(); ++q) {
    auto &w = wanted[q];
    if (w.empty()) continue;
    std::sort(w.begin(), w.end());
    w.erase(std::unique(w.begin(), w.end()), w.end());
    // A scope grant when the pipeline needs every package of the scope anyway.
    std::vector<std::size_t> per_scope(m.orgs.size(), 0);
    for (int i : w)
      if (scoped(m.packages[i]) && m.packages[i].org >= 0) ++per_scope[m.packages[i].org];
    std::vector<Grant> grants;
    // A scope grant only where the topology holds every package of the scope.
    for (std::size_t o = 0; m.complete && o < m.orgs.size(); ++o)
      if (per_scope[o] > 1 && per_scope[o] == scope_size[o]) grants.push_back({true, static_cast<int>(o)});
    std::stable_sort(grants.begin(), grants.end(),
                     [&](const Grant &a, const Grant &b) { return m.orgs[a.index].name < m.orgs[b.index].name; });
    for (int i : w) {
      const Package &p = m.packages[i];
      if (!(m.complete && scoped(p) && p.org >= 0 && per_scope[p.org] > 1 && per_scope[p.org] == scope_size[p.org]))
        grants.push_back({false, i});
    }
    plan.lower_bound += ceil_div(grants.size(), limits.grants_per_token);
    const auto cut = chunks(grants, limits.grants_per_token);
    if (static_cast<long long>(tokens.size() + cut.size()) > available) {
      plan.denied_pipelines.push_back(static_cast<int>(q));
      continue;
    }
    for (const auto &chunk : cut) tokens.push_back(make_token(m, static_cast<int>(q), chunk, TokenKind::none, limits));
  }
  name_tokens(tokens, [](const Token &) { return "read"; });
  plan.tokens = std::move(tokens);
  return plan;
}

}  // namespace pubplan::detail
