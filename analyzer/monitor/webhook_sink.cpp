// The generic webhook sink (signed JSON POST) and the Slack incoming-webhook sink.
#include "analyzer/fetch/http_client.h"
#include "analyzer/monitor/alert_sink.h"
#include "analyzer/util/hmac.h"
#include "analyzer/util/integrity.h"
#include "analyzer/util/url.h"

namespace tarsier {

namespace {

Result<void> post(const FetchOptions& fetch, FetchRequest request) {
  HttpClient http(fetch);
  FetchResult result = http.fetch(request);
  if (!result.ok()) {
    return make_error(ErrorKind::io, result.error);
  }
  return {};
}

class WebhookSink : public AlertSink {
 public:
  WebhookSink(std::string url, std::string secret, FetchOptions fetch)
      : m_url(std::move(url)),
        m_secret(std::move(secret)),
        m_fetch(std::move(fetch)),
        m_id(url_sink_id("webhook", m_url)) {}

  const std::string& id() const override { return m_id; }

  Result<void> deliver(const AlertRecord& alert) override {
    FetchRequest request;
    request.url = m_url;
    request.post_body = alert_json(alert).dump();
    request.headers = {"Content-Type: application/json", "X-Tarsier-Alert-Key: " + alert.dedup_key};
    if (!m_secret.empty()) {
      request.headers.push_back("X-Tarsier-Signature: sha256=" +
                                hmac_sha256_hex(m_secret, request.post_body));
    }
    return post(m_fetch, std::move(request));
  }

 private:
  std::string m_url, m_secret;
  FetchOptions m_fetch;
  std::string m_id;
};

std::string slack_text(const AlertRecord& alert) {
  std::string text = "*tarsier " + std::string(to_string(alert.severity)) + "* `" + alert.type +
                     "` " + alert.ecosystem + ":" + alert.name + "@" + alert.version;
  if (!alert.previous_version.empty()) {
    text += " (previous " + alert.previous_version + ")";
  }
  return text + "\n" + alert.message;
}

class SlackSink : public AlertSink {
 public:
  SlackSink(std::string url, FetchOptions fetch)
      : m_url(std::move(url)), m_fetch(std::move(fetch)), m_id(url_sink_id("slack", m_url)) {}

  const std::string& id() const override { return m_id; }

  Result<void> deliver(const AlertRecord& alert) override {
    std::string text = slack_text(alert);
    nlohmann::json payload = {
        {"text", text},
        {"blocks", {{{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", text}}}}}}};
    FetchRequest request;
    request.url = m_url;
    request.post_body = payload.dump();
    request.headers = {"Content-Type: application/json"};
    return post(m_fetch, std::move(request));
  }

 private:
  std::string m_url;
  FetchOptions m_fetch;
  std::string m_id;
};

}  // namespace

std::string url_sink_id(const std::string& kind, const std::string& url) {
  return kind + ":" + url_hostport(url) + "#" + hex_digest("sha256", url).substr(0, 12);
}

std::unique_ptr<AlertSink> make_webhook_sink(const std::string& url, const std::string& secret,
                                             const FetchOptions& fetch) {
  return std::make_unique<WebhookSink>(url, secret, fetch);
}

std::unique_ptr<AlertSink> make_slack_sink(const std::string& url, const FetchOptions& fetch) {
  return std::make_unique<SlackSink>(url, fetch);
}

}  // namespace tarsier
