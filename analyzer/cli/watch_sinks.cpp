#include "analyzer/cli/watch_sinks.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "analyzer/util/url.h"

namespace tarsier::cli {

namespace {

Result<std::string> webhook_secret(const ParsedArgs& args) {
  if (args.has("webhook-secret-file")) {
    std::ifstream in(args.get("webhook-secret-file"), std::ios::binary);
    if (!in) {
      return make_error(ErrorKind::io,
                        "cannot read --webhook-secret-file " + args.get("webhook-secret-file"));
    }
    std::stringstream text;
    text << in.rdbuf();
    std::string secret = text.str();
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) {
      secret.pop_back();
    }
    return secret;
  }
  const char* env = std::getenv("TARSIER_WEBHOOK_SECRET");
  return std::string(env ? env : "");
}

}  // namespace

std::vector<OptionSpec> sink_option_specs() {
  return {
      {"alert-jsonl", 0, true, true, "FILE",
       "append each alert as a JSON line to FILE (- = standard output)"},
      {"webhook", 0, true, true, "URL", "POST each alert as JSON to URL"},
      {"webhook-secret-file", 0, true, false, "FILE",
       "sign webhook bodies with HMAC-SHA256 using the secret in FILE (default: "
       "$TARSIER_WEBHOOK_SECRET)"},
      {"slack-webhook", 0, true, true, "URL", "POST each alert to a Slack incoming webhook"},
      {"alert-backoff", 0, true, false, "DURATION",
       "first delay before retrying a failed delivery, doubling each time (default 5s)"},
  };
}

Result<std::vector<std::unique_ptr<AlertSink>>> make_sinks(const ParsedArgs& args,
                                                           const FetchOptions& fetch) {
  std::vector<std::unique_ptr<AlertSink>> sinks;
  auto values = [&](const std::string& name) {
    auto it = args.values.find(name);
    return it == args.values.end() ? std::vector<std::string>{} : it->second;
  };
  for (const auto& path : values("alert-jsonl")) {
    sinks.push_back(make_jsonl_sink(path));
  }
  auto secret = webhook_secret(args);
  if (!secret) {
    return secret.error();
  }
  for (const auto& option : {"webhook", "slack-webhook"}) {
    for (const auto& url : values(option)) {
      if (!is_http_url(url)) {
        return make_error(
            ErrorKind::invalid,
            std::string("--") + option + " needs an http(s) URL, got '" + redact_url(url) + "'");
      }
      sinks.push_back(std::string(option) == "webhook" ? make_webhook_sink(url, *secret, fetch)
                                                       : make_slack_sink(url, fetch));
    }
  }
  return sinks;
}

}  // namespace tarsier::cli
