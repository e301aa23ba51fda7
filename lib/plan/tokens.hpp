// The token plan: which granular access tokens to create, in which pipeline's secret
// store, with which grants, within npm's limits (catalog `tokens`).
#pragma once
#include <vector>

#include "catalog/catalog_model.hpp"
#include "topology/graph.hpp"
#include "topology/model.hpp"
#include "pubplan/result.hpp"

namespace pubplan::detail {

// The write access a package's recommended strategy needs in CI.
enum class TokenKind : char { none, write, stage };

struct WritePlan {
  std::vector<Token> tokens;
  std::vector<int> denied;          // packages left without a write token, topology order
  std::size_t requested = 0;        // tokens the packages asked for
  std::size_t lower_bound = 0;      // of the requested grants
  // The npm.tokens_in_use at which every requested token fits (0 when none does).
  long long in_use_to_fit = 0;
};

// Write tokens for the packages with `needs[i]` write (their strategy is a
// granular token) and stage-only tokens for those with stage (staged
// publishing): one set of tokens per publishing pipeline and kind, a scope
// grant where that pipeline alone publishes every package of the scope and
// each of them needs a token of that kind, package grants otherwise; at most
// `grants_per_token` grants a token. Both kinds count against the account's
// budget (account_limit - tokens_in_use); when it cannot hold them, tokens go
// out in pipeline order (topology order, write before stage, scope grants
// before package grants) and the packages of the tokens
// left over are denied: they lose every token, so no pipeline holds a grant
// it cannot use.
WritePlan plan_write_tokens(const TopologyModel &m, const TokenLimits &limits, const std::vector<TokenKind> &needs);

struct ReadPlan {
  std::vector<Token> tokens;
  std::vector<int> denied_pipelines;
  std::size_t lower_bound = 0;
};

// Read-only tokens for private installs, within what the write tokens left.
ReadPlan plan_read_tokens(const TopologyModel &m, const TokenLimits &limits,
                          const std::vector<PrivateInstall> &needs, long long available);

}  // namespace pubplan::detail
