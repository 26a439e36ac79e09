#include "analyzer/report/finding_json.h"

#include "analyzer/core/finding_identity.h"

namespace tarsier {

nlohmann::ordered_json finding_json(const Finding& finding) {
  return nlohmann::ordered_json{{"rule", finding.rule},
                                {"capability", finding.capability},
                                {"severity", to_string(finding.severity)},
                                {"message", finding.message},
                                {"file", finding.file},
                                {"line", finding.line},
                                {"column", finding.column},
                                {"snippet", finding.snippet},
                                {"install_time", finding.install_time},
                                {"suppressed", finding.suppressed},
                                {"suppression_reason", finding.suppression_reason},
                                {"fingerprint", finding_fingerprint(finding)}};
}

}  // namespace tarsier
