// A local npm-style registry for tests: a real HTTP/1.1 server on 127.0.0.1 (ephemeral port),
// serving packuments, tarballs and arbitrary files, with injectable faults. One thread accepts
// connections and each connection gets its own thread; everything stops in the destructor.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tests/support/http_server.h"

namespace tarsier::test {

enum class Fault {
  none,
  not_found,
  server_error,
  too_many_requests,
  slow,
  truncated,
  wrong_bytes,
  stalled,  // headers and half the body, then delay_ms of silence, then the rest
  html,     // a 200 HTML login page instead of the file
  reset,    // the connection is reset without an answer
};

struct FaultSpec {
  Fault fault = Fault::none;
  int times = -1;         // -1: every request; n: the first n requests
  int retry_after_s = 1;  // Retry-After sent with too_many_requests
  int delay_ms = 0;       // sleep before answering (slow; also added to any other fault)
};

// Registry metadata of one published version, as a full packument carries it.
struct VersionMeta {
  std::string publisher;                  // _npmUser.name ("" = none)
  std::vector<std::string> maintainers;   // maintainers[].name
  std::vector<std::string> dependencies;  // dependencies (each at "^1.0.0")
  std::string install_script;             // scripts.postinstall ("" = none)
  std::string published_at;               // time[version] ("" = none)
  long long file_count = -1;              // dist.fileCount (-1 = none)
  long long unpacked_size = -1;           // dist.unpackedSize (-1 = none)
  // A JSON object merged into the version's entry last (deprecated, repository, bin, scripts,
  // a different name...); "" = none.
  std::string manifest_json;
};

class RegistryServer {
 public:
  RegistryServer();   // binds 127.0.0.1:0 and starts serving
  ~RegistryServer();  // stops and joins
  RegistryServer(const RegistryServer&) = delete;
  RegistryServer& operator=(const RegistryServer&) = delete;

  std::string base_url() const;  // "http://127.0.0.1:PORT/"
  int port() const;

  // Adds a version to the package's packument (name may be scoped) with dist.tarball pointing
  // at this server, dist.integrity (sha512 SRI) and dist.shasum; serves the tarball bytes at
  // tarball_path(name, version). The latest published version becomes dist-tags.latest.
  // Returns the integrity.
  // Packuments carry an ETag (a hash of the document) and answer a matching If-None-Match with
  // 304; publishing changes the document, so the next request gets it in full.
  std::string publish(const std::string& name, const std::string& version,
                      const std::string& tarball, const VersionMeta& meta = {});
  // Packs a source folder with pack_npm_dir() and publishes it; returns the integrity.
  std::string publish_dir(const std::string& name, const std::string& version,
                          const std::string& dir, const VersionMeta& meta = {});
  // Points dist-tags.latest at a published version.
  void set_latest(const std::string& name, const std::string& version);

  // Serves arbitrary bytes at a path (e.g. "/simple/requests/"); takes precedence over
  // packuments.
  void serve(const std::string& path, std::string body,
             std::string content_type = "application/octet-stream", int status = 200);
  // Serves a fully specified reply (extra headers such as Content-Encoding, delays).
  void serve_reply(const std::string& path, HttpReply reply);
  // Answers `path` with `status` (301/302/307...) and "Location: <location>".
  void redirect(const std::string& path, const std::string& location, int status = 302);

  // Faults for a path as requested ("/lodash", "/@scope%2fname") or its percent-decoded form.
  void inject(const std::string& path, FaultSpec fault);

  // Requests seen for a path (as requested, or percent-decoded); the query string is ignored.
  int request_count(const std::string& path) const;
  int total_requests() const;
  // Packument requests answered 304 (not modified) so far.
  int not_modified_count() const;
  // TCP connections accepted so far.
  int connections() const;
  // Headers of the latest request for a path as "name: value", the name lower-cased and the
  // value as sent.
  std::vector<std::string> last_request_headers(const std::string& path) const;

 private:
  struct State;
  std::unique_ptr<State> m_state;
};

// "/<name>/-/<basename>-<version>.tgz", the conventional tarball path.
std::string tarball_path(const std::string& name, const std::string& version);

}  // namespace tarsier::test
