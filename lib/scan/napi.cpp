// napi-rs's `napi pre-publish` (`napi prepublish` in its CLI 2): it publishes
// one package per build target of the manifest's `napi` configuration, named
// PACKAGE-PLATFORM (`@scope/binding-linux-x64-gnu`), each with the client the
// configuration names (`npmClient`, npm by default). Those manifests are made
// at release time, so the checkout holds none of them.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "scan/scan_model.hpp"

namespace pubplan::detail::scan {

namespace {

// The targets napi-rs builds without a list (`triples: {defaults: true}`).
const std::vector<std::string> kDefaultTargets = {"x86_64-apple-darwin", "aarch64-apple-darwin",
                                                  "x86_64-pc-windows-msvc", "x86_64-unknown-linux-gnu"};

std::vector<std::string> split(const std::string &s, char c) {
  std::vector<std::string> out(1);
  for (char ch : s) {
    if (ch == c) out.emplace_back();
    else out.back() += ch;
  }
  return out;
}

}  // namespace

// napi-rs's platform of a Rust target triple (<cpu>-<vendor>-<sys>[-<abi>]),
// as Node names it: `x86_64-unknown-linux-gnu` -> `linux-x64-gnu`,
// `aarch64-apple-darwin` -> `darwin-arm64`, `armv7-linux-androideabi` ->
// `android-arm-eabi`, `wasm32-wasip1-threads` -> `wasm32-wasi`.
std::string napi_platform(const std::string &triple) {
  if (triple == "wasm32-wasi" || triple == "wasm32-wasi-preview1-threads" || triple == "wasm32-wasip1-threads")
    return "wasm32-wasi";
  if (triple == "wasm32-wasip1") return "wasm32-wasip1";
  static const std::map<std::string, std::string> cpu_to_arch = {
      {"x86_64", "x64"},         {"aarch64", "arm64"},    {"i686", "ia32"},          {"armv7", "arm"},
      {"loongarch64", "loong64"}, {"riscv64gc", "riscv64"}, {"powerpc64le", "ppc64"}};
  static const std::map<std::string, std::string> sys_to_platform = {
      {"linux", "linux"}, {"freebsd", "freebsd"}, {"darwin", "darwin"}, {"windows", "win32"}, {"ohos", "openharmony"}};
  std::string t = triple;
  if (t.size() > 4 && t.ends_with("eabi")) t = t.substr(0, t.size() - 4) + "-eabi";
  const auto parts = split(t, '-');
  std::string cpu = parts[0], sys, abi;
  if (parts.size() == 2) {
    sys = parts[1];
  } else if (parts.size() >= 3) {
    sys = parts[2];
    if (parts.size() >= 4) abi = parts[3];
  }
  if (abi == "android" || abi == "ohos") sys = abi, abi.clear();
  const auto p = sys_to_platform.find(sys);
  const auto a = cpu_to_arch.find(cpu);
  const std::string platform = p != sys_to_platform.end() ? p->second : sys;
  const std::string arch = a != cpu_to_arch.end() ? a->second : cpu;
  return abi.empty() ? platform + "-" + arch : platform + "-" + arch + "-" + abi;
}

std::optional<NapiPackages> napi_packages(const DocNode &manifest, const std::string &cli_range) {
  const DocNode *napi = at(&manifest, "napi");
  if (!napi || !napi->is_map()) return std::nullopt;
  NapiPackages out;
  out.client = str(at(napi, "npmClient"));
  if (out.client.empty()) out.client = "npm";
  // The package name the platform names extend: `packageName` (CLI 3), or
  // CLI 2's `package.name`, else the manifest's own.
  std::string base = str(at(napi, "packageName"));
  const std::size_t digit = cli_range.find_first_of("0123456789");
  const bool cli2 = digit != std::string::npos && cli_range[digit] == '2' &&
                    (digit + 1 == cli_range.size() || !std::isdigit(static_cast<unsigned char>(cli_range[digit + 1])));
  if (base.empty() && cli2) base = str(at(at(napi, "package"), "name"));
  if (base.empty()) base = str(at(&manifest, "name"));
  if (base.empty()) return std::nullopt;
  std::vector<std::string> targets;
  if (const DocNode *list = at(napi, "targets"); list && list->is_sequence()) {
    for (const DocNode &t : list->items)
      if (t.is_scalar()) targets.push_back(t.value);
  } else if (const DocNode *triples = at(napi, "triples"); triples && triples->is_map()) {
    if (str(at(triples, "defaults")) == "true") targets = kDefaultTargets;
    if (const DocNode *more = at(triples, "additional"); more && more->is_sequence())
      for (const DocNode &t : more->items)
        if (t.is_scalar()) targets.push_back(t.value);
  }
  std::set<std::string> seen;
  for (const std::string &t : targets) {
    // `universal-apple-darwin` is built from the two darwin targets and
    // published as one package of its own, like the others.
    const std::string name = base + "-" + napi_platform(t);
    if (seen.insert(name).second) out.names.push_back(name);
  }
  if (out.names.empty()) return std::nullopt;
  return out;
}

}  // namespace pubplan::detail::scan
