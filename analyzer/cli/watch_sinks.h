// The alert sinks a watch delivers to, from its options: --alert-jsonl FILE|-,
// --webhook URL (signed with the secret in --webhook-secret-file or $TARSIER_WEBHOOK_SECRET) and
// --slack-webhook URL. Never read from a scanned package.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/cli/command.h"
#include "analyzer/core/result.h"
#include "analyzer/fetch/http_client.h"
#include "analyzer/monitor/alert_sink.h"

namespace tarsier::cli {

std::vector<OptionSpec> sink_option_specs();

// An error for an unusable option (a URL that is not http(s), an unreadable secret).
Result<std::vector<std::unique_ptr<AlertSink>>> make_sinks(const ParsedArgs& args,
                                                           const FetchOptions& fetch);

}  // namespace tarsier::cli
