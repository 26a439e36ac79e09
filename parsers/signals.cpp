#include "parsers/signals.h"

#include "analyzer/core/capability.h"
#include "parsers/common/sources.h"

namespace tarsier {

std::vector<Finding> lockfile_findings(const PackageRef& ref, const std::string& registry_url) {
  std::vector<Finding> findings;
  std::string where = ref.lockfile.empty()
                          ? std::string("the command line")
                          : ref.lockfile + (ref.line > 0 ? ":" + std::to_string(ref.line) : "");
  if (ref.source == "git" || ref.source == "http" || ref.source == "file") {
    Finding finding;
    finding.rule = "non-registry-dependency";
    finding.capability = std::string(capability::source);
    // A git or URL dependency bypasses the registry's immutability and malware takedowns; a
    // local file is not reviewable from the lockfile at all.
    finding.severity = ref.source == "file" ? Risk::low : Risk::medium;
    finding.message = ref.name + " is installed from " +
                      (ref.source == "git"    ? "a git repository"
                       : ref.source == "http" ? "a tarball URL"
                                              : "a local file") +
                      " (" + strip_url_credentials(ref.resolved) +
                      "), not from the registry, per " + where;
    findings.push_back(std::move(finding));
  }
  if (ref.has_install_script) {
    Finding finding;
    finding.rule = "lockfile-install-script";
    finding.capability = std::string(capability::install_scripts);
    finding.severity = Risk::low;
    finding.message =
        ref.name + "@" + ref.version + " runs an install script (recorded in " + where + ")";
    finding.install_time = true;
    findings.push_back(std::move(finding));
  }
  std::string configured = host_of_url(registry_url);
  std::string actual = host_of_url(ref.resolved);
  if (ref.source == "registry" && !configured.empty() && !actual.empty() && configured != actual) {
    Finding finding;
    finding.rule = "registry-host-mismatch";
    finding.capability = std::string(capability::source);
    finding.severity = Risk::medium;
    finding.message = ref.name + "@" + ref.version + " was resolved from " + actual +
                      ", not the configured registry " + configured +
                      " (dependency confusion, or a lockfile from another setup), per " + where;
    findings.push_back(std::move(finding));
  }
  return findings;
}

}  // namespace tarsier
