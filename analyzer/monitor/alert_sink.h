// Where alerts go once they are in the database. Each sink has a stable id (its delivery rows in
// alert_deliveries are keyed by it) and delivers one alert at a time; the delivery loop
// (delivery.h) retries failures with back-off and records every outcome.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "analyzer/core/result.h"
#include "analyzer/db/alert_store.h"
#include "analyzer/fetch/http_client.h"

namespace tarsier {

class AlertSink {
 public:
  virtual ~AlertSink() = default;
  // "jsonl:-", "jsonl:/path", "webhook:host#hash", "slack:host#hash" (URLs may carry secrets, so
  // only their host and a hash of the whole URL name the sink).
  virtual const std::string& id() const = 0;
  // Delivers one alert; an error when the receiver did not take it.
  virtual Result<void> deliver(const AlertRecord& alert) = 0;
};

// The alert as one JSON object: id, key, raised_at, type, severity, ecosystem, name, version,
// previous_version, message, evidence.
nlohmann::json alert_json(const AlertRecord& alert);

// One JSON object per line, appended to `path` (flushed and synced before it counts as
// delivered), or written to standard output for "-". A file that already holds the alert's key
// (written just before a crash) is not written again.
std::unique_ptr<AlertSink> make_jsonl_sink(const std::string& path);

// POSTs alert_json() with "Content-Type: application/json", "X-Tarsier-Alert-Key: <dedup key>"
// (receivers may use it to drop a repeat) and, when `secret` is not empty,
// "X-Tarsier-Signature: sha256=<hex HMAC-SHA256 of the body with the secret>". 2xx = delivered.
// Each delivery uses its own HttpClient with `fetch`, so a receiver that was unreachable once is
// tried again at the next attempt.
std::unique_ptr<AlertSink> make_webhook_sink(const std::string& url, const std::string& secret,
                                             const FetchOptions& fetch);

// POSTs a Slack incoming-webhook payload: {"text": "...", "blocks": [...]}.
std::unique_ptr<AlertSink> make_slack_sink(const std::string& url, const FetchOptions& fetch);

// "kind:host#<12 hex of sha256(url)>".
std::string url_sink_id(const std::string& kind, const std::string& url);

}  // namespace tarsier
