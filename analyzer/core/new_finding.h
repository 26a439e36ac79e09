// A finding the code raises itself (not a rule match): rule id, capability, severity, message.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "analyzer/core/finding.h"

namespace tarsier {

inline Finding make_finding(std::string rule, std::string_view capability, Risk severity,
                            std::string message) {
  Finding f;
  f.rule = std::move(rule);
  f.capability = std::string(capability);
  f.severity = severity;
  f.message = std::move(message);
  return f;
}

}  // namespace tarsier
