// `pubplan scan --registry`: what the registry says of each package, read
// anonymously (no credentials are sent) from its packument. A fact the
// registry cannot establish stays unknown: a 404 means "not published yet"
// only for a package known to be public, since a private package answers 404
// to a reader without access too.
#include <curl/curl.h>

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "scan/scan_model.hpp"

namespace pubplan::detail::scan {

namespace {

struct Reply {
  long status = 0;       // HTTP status; 0 when no answer came
  std::string body;
  std::string error;     // why no answer came
};

constexpr std::size_t kMaxPackument = std::size_t(64) << 20;

std::size_t append(char *data, std::size_t size, std::size_t count, void *user) {
  auto *body = static_cast<std::string *>(user);
  if (body->size() + size * count > kMaxPackument) return 0;  // stops the transfer
  body->append(data, size * count);
  return size * count;
}

Reply get(const std::string &url, long timeout_ms) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  Reply r;
  CURL *curl = curl_easy_init();
  if (!curl) return {0, "", "cannot start an HTTP client"};
  char message[CURL_ERROR_SIZE] = "";
  curl_slist *headers = curl_slist_append(nullptr, "Accept: application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 3L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, message);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "pubplan-scan");
  const CURLcode code = curl_easy_perform(curl);
  if (code == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
  else r.error = message[0] ? message : curl_easy_strerror(code);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return r;
}

// The packument's URL: the registry, then the name with its scope's slash escaped.
std::string packument_url(std::string registry, const std::string &name) {
  if (!registry.ends_with("/")) registry += "/";
  std::string escaped = name;
  if (auto slash = escaped.find('/'); slash != std::string::npos) escaped.replace(slash, 1, "%2f");
  return registry + escaped;
}

}  // namespace

std::string user_registry() {
  if (const char *env = std::getenv("NPM_CONFIG_REGISTRY"); env && *env) return env;
  if (const char *env = std::getenv("npm_config_registry"); env && *env) return env;
  std::string rc;
  if (const char *user = std::getenv("NPM_CONFIG_USERCONFIG"); user && *user) rc = user;
  else if (const char *home = std::getenv("HOME"); home && *home) rc = std::string(home) + "/.npmrc";
  if (!rc.empty())
    if (std::ifstream in(rc); in)
      for (std::string line; std::getline(in, line);) {
        line.erase(0, line.find_first_not_of(" \t"));
        if (!line.starts_with("registry")) continue;
        auto eq = line.find('=');
        if (eq == std::string::npos || line.substr(0, eq).find_first_not_of("registry \t") != std::string::npos) continue;
        std::string value = line.substr(eq + 1);
        value.erase(0, value.find_first_not_of(" \t"));
        while (!value.empty() && (value.back() == ' ' || value.back() == '\r')) value.pop_back();
        if (!value.empty()) return value;
      }
  return "https://registry.npmjs.org/";
}

void read_registry(Scan &s, const std::string &registry, long timeout_ms, const Files &progress) {
  std::size_t failed = 0;
  std::string first_error;
  std::size_t asked = 0;
  for (Package &pkg : s.packages) {
    if (!in_topology(pkg)) continue;
    ++asked;
    const Reply r = get(packument_url(registry, pkg.name), timeout_ms);
    if (r.status == 200) {
      std::string latest;
      bool provenance = false;
      try {
        const auto doc = nlohmann::json::parse(r.body);
        latest = doc.at("dist-tags").at("latest").get<std::string>();
        const auto &dist = doc.at("versions").at(latest).at("dist");
        provenance = dist.contains("attestations") && dist["attestations"].contains("provenance");
      } catch (const std::exception &) {
        // A packument without what is read here still says the package exists.
      }
      pkg.exists = {"true", {}, fmt::format("{} has it{}", registry,
                                            latest.empty() ? std::string()
                                                           : fmt::format(" (latest {}, {})", latest,
                                                                         provenance ? "with provenance" : "no provenance"))};
      if (!pkg.access.known())
        pkg.access = {"public", {}, fmt::format("{} serves it to a reader without credentials", registry)};
    } else if (r.status == 404) {
      if (pkg.access.known() && pkg.access.value == "public")
        pkg.exists = {"false", {}, fmt::format("{} has no such package yet", registry)};
      else
        pkg.exists.why = fmt::format("{} answers 404, as it does for a private package to a reader without access",
                                     registry);
    } else {
      ++failed;
      const std::string error = r.status ? fmt::format("HTTP {}", r.status) : r.error;
      if (first_error.empty()) first_error = error;
      pkg.exists.why = fmt::format("{} could not be read: {}", registry, error);
    }
  }
  progress.progress(fmt::format("registry {}: {} package(s) asked, {} not answered", registry, asked, failed));
  if (failed)
    s.findings.push_back({"scan.registry-unreachable", registry, 0,
                          fmt::format("{} of {} packument(s) could not be read from {} ({}); their facts stay unknown",
                                      failed, asked, registry, first_error),
                          ""});
}

}  // namespace pubplan::detail::scan
