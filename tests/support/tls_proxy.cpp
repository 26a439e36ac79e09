#include "tests/support/tls_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <list>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace tarsier::test {

namespace {

struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct CertFree {
  void operator()(X509* cert) const { X509_free(cert); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Cert = std::unique_ptr<X509, CertFree>;

void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr || X509_add_ext(cert, ext, -1) != 1) {
    throw std::runtime_error("TlsProxy: cannot add a certificate extension");
  }
  X509_EXTENSION_free(ext);
}

// A certificate for `key`, named `common_name`, signed by `issuer` / `issuer_key` (itself when
// they are null): a CA when `ca`, otherwise a server certificate for 127.0.0.1.
Cert make_cert(EVP_PKEY* key, const char* common_name, X509* issuer, EVP_PKEY* issuer_key, bool ca,
               long serial) {
  Cert cert(X509_new());
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name), -1, -1, 0);
  X509* signer = issuer != nullptr ? issuer : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  add_extension(cert.get(), signer, NID_basic_constraints, ca ? "critical,CA:TRUE" : "CA:FALSE");
  add_extension(cert.get(), signer, NID_subject_key_identifier, "hash");
  if (ca) {
    add_extension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    add_extension(cert.get(), signer, NID_authority_key_identifier, "keyid");
    add_extension(cert.get(), signer, NID_subject_alt_name, "IP:127.0.0.1");
    add_extension(cert.get(), signer, NID_ext_key_usage, "serverAuth");
  }
  if (X509_sign(cert.get(), issuer_key != nullptr ? issuer_key : key, EVP_sha256()) == 0) {
    throw std::runtime_error("TlsProxy: cannot sign a certificate");
  }
  return cert;
}

void write_pem(const std::string& path, X509* cert) {
  FILE* file = std::fopen(path.c_str(), "w");
  if (file == nullptr || PEM_write_X509(file, cert) != 1) {
    throw std::runtime_error("TlsProxy: cannot write " + path);
  }
  std::fclose(file);
}

bool write_all(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0) {
      return false;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

int connect_backend(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

struct TlsProxy::State {
  int backend_port = 0;
  int listen_fd = -1;
  int port = 0;
  SSL_CTX* ctx = nullptr;
  std::atomic<bool> stop{false};
  std::thread acceptor;
  std::mutex mutex;
  std::list<std::thread> workers;
  std::list<int> open_fds;  // client sockets, shut down on stop to wake blocked reads

  void accept_loop() {
    while (!stop) {
      pollfd p{listen_fd, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) {
        continue;
      }
      int fd = accept(listen_fd, nullptr, nullptr);
      if (fd < 0) {
        continue;
      }
      std::lock_guard<std::mutex> lock(mutex);
      open_fds.push_back(fd);
      workers.emplace_back([this, fd] { relay(fd); });
    }
  }

  // Plaintext from the TLS client goes to the backend and back until either side closes.
  void pump(SSL* ssl, int client_fd, int backend_fd) {
    char buffer[16384];
    while (!stop) {
      pollfd p[2] = {{client_fd, POLLIN, 0}, {backend_fd, POLLIN, 0}};
      if (SSL_pending(ssl) == 0 && poll(p, 2, 50) <= 0) {
        continue;
      }
      if (SSL_pending(ssl) > 0 || (p[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
        int n = SSL_read(ssl, buffer, sizeof buffer);
        if (n <= 0 && SSL_get_error(ssl, n) != SSL_ERROR_WANT_READ) {
          return;
        }
        if (n > 0 && !write_all(backend_fd, buffer, static_cast<size_t>(n))) {
          return;
        }
      }
      if ((p[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
        ssize_t n = read(backend_fd, buffer, sizeof buffer);
        if (n <= 0 || SSL_write(ssl, buffer, static_cast<int>(n)) <= 0) {
          return;
        }
      }
    }
  }

  void relay(int client_fd) {
    SSL* ssl = SSL_new(ctx);
    SSL_set_fd(ssl, client_fd);
    if (SSL_accept(ssl) == 1) {  // fails when the client refuses the certificate
      int backend_fd = connect_backend(backend_port);
      if (backend_fd >= 0) {
        pump(ssl, client_fd, backend_fd);
        close(backend_fd);
      }
      SSL_shutdown(ssl);
    }
    SSL_free(ssl);
    ERR_clear_error();
  }
};

TlsProxy::TlsProxy(int backend_port, const std::string& cert_path) : m_state(new State) {
  State& s = *m_state;
  s.backend_port = backend_port;
  Key ca_key(EVP_EC_gen("P-256"));
  Key server_key(EVP_EC_gen("P-256"));
  long serial = static_cast<long>(time(nullptr));
  Cert ca = make_cert(ca_key.get(), "tarsier test CA", nullptr, nullptr, true, serial);
  Cert server = make_cert(server_key.get(), "127.0.0.1", ca.get(), ca_key.get(), false, serial + 1);
  write_pem(cert_path, ca.get());

  s.ctx = SSL_CTX_new(TLS_server_method());
  SSL_CTX_clear_mode(s.ctx, SSL_MODE_AUTO_RETRY);
  if (SSL_CTX_use_certificate(s.ctx, server.get()) != 1 ||
      SSL_CTX_use_PrivateKey(s.ctx, server_key.get()) != 1) {
    throw std::runtime_error("TlsProxy: cannot load the server certificate");
  }
  s.listen_fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(s.listen_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(s.listen_fd, 64) != 0) {
    throw std::runtime_error("TlsProxy: cannot listen on 127.0.0.1");
  }
  socklen_t len = sizeof addr;
  getsockname(s.listen_fd, reinterpret_cast<sockaddr*>(&addr), &len);
  s.port = ntohs(addr.sin_port);
  s.acceptor = std::thread([&s] { s.accept_loop(); });
}

TlsProxy::~TlsProxy() {
  State& s = *m_state;
  s.stop = true;
  s.acceptor.join();
  {
    std::lock_guard<std::mutex> lock(s.mutex);
    for (int fd : s.open_fds) {
      shutdown(fd, SHUT_RDWR);
    }
  }
  for (auto& worker : s.workers) {
    worker.join();
  }
  for (int fd : s.open_fds) {
    close(fd);
  }
  close(s.listen_fd);
  SSL_CTX_free(s.ctx);
}

std::string TlsProxy::base_url() const {
  return "https://127.0.0.1:" + std::to_string(m_state->port) + "/";
}

int TlsProxy::port() const {
  return m_state->port;
}

}  // namespace tarsier::test
