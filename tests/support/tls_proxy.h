// A TLS front for a local test server: accepts TLS on 127.0.0.1 (ephemeral port) with a
// certificate made at start-up, signed by nobody the system trusts, and relays the plaintext
// to the HTTP server at `backend_port`. The certificate (its own CA, valid for 127.0.0.1) is
// written to a file, for tests that hand it to the client as its CA bundle.
#pragma once

#include <memory>
#include <string>

namespace tarsier::test {

class TlsProxy {
 public:
  // Writes the self-signed certificate to `cert_path` and starts serving.
  TlsProxy(int backend_port, const std::string& cert_path);
  ~TlsProxy();  // stops and joins
  TlsProxy(const TlsProxy&) = delete;
  TlsProxy& operator=(const TlsProxy&) = delete;

  std::string base_url() const;  // "https://127.0.0.1:PORT/"
  int port() const;

 private:
  struct State;
  std::unique_ptr<State> m_state;
};

}  // namespace tarsier::test
