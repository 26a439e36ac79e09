#include "tests/support/registry_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <list>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "analyzer/util/integrity.h"
#include "tests/support/pack.h"

namespace tarsier::test {

namespace {

constexpr int k_poll_ms = 50;             // how often blocked threads look at the stop flag
constexpr int k_idle_timeout_ms = 10000;  // keep-alive connections close after this
constexpr size_t k_max_head = 64 * 1024;

std::string percent_decode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string lower(std::string s) {
  for (auto& c : s) {
    c = static_cast<char>(tolower(static_cast<unsigned char>(c)));
  }
  return s;
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

const char* reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 404:
      return "Not Found";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    default:
      return "Status";
  }
}

struct Response {
  int status = 200;
  std::string content_type = "application/octet-stream";
  std::string body;
  std::vector<std::string> headers;
};

struct Version {
  std::string integrity;
  std::string shasum;
};

struct Package {
  std::map<std::string, Version> versions;
  std::string latest;
};

struct Worker {
  std::thread thread;
  int fd = -1;
  std::atomic<bool> done{false};
};

}  // namespace

struct RegistryServer::State {
  int listen_fd = -1;
  int port = 0;
  std::atomic<bool> stop{false};
  std::thread acceptor;
  std::list<Worker> workers;  // touched by the acceptor thread and the destructor only

  mutable std::mutex mutex;
  std::map<std::string, Response> routes;
  std::map<std::string, Package> packages;
  std::map<std::string, FaultSpec> faults;
  std::map<std::string, int> counts;
  std::map<std::string, std::vector<std::string>> last_headers;
  int total = 0;

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port) + "/"; }

  // Sleeps in short steps so a stopping server never waits for a slow answer.
  void sleep_ms(int ms) const {
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (!stop && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  std::string packument(const std::string& name, const Package& p) const {
    nlohmann::json doc;
    doc["_id"] = name;
    doc["name"] = name;
    doc["dist-tags"]["latest"] = p.latest;
    doc["versions"] = nlohmann::json::object();
    std::string origin = base_url();
    origin.pop_back();
    for (const auto& [version, v] : p.versions) {
      nlohmann::json& entry = doc["versions"][version];
      entry["name"] = name;
      entry["version"] = version;
      entry["dist"]["tarball"] = origin + tarball_path(name, version);
      entry["dist"]["integrity"] = v.integrity;
      entry["dist"]["shasum"] = v.shasum;
    }
    return doc.dump();
  }

  // Records the request and picks the answer; `fault` receives the fault to apply.
  Response route(const std::string& raw_path, const std::vector<std::string>& headers,
                 FaultSpec* fault) {
    std::lock_guard<std::mutex> guard(mutex);
    std::string decoded = percent_decode(raw_path);
    ++total;
    ++counts[raw_path];
    last_headers[raw_path] = headers;
    if (decoded != raw_path) {
      ++counts[decoded];
      last_headers[decoded] = headers;
    }
    for (const std::string& key : {raw_path, decoded}) {
      auto it = faults.find(key);
      if (it != faults.end() && it->second.fault != Fault::none && it->second.times != 0) {
        *fault = it->second;
        if (it->second.times > 0) {
          --it->second.times;
        }
        break;
      }
    }
    for (const std::string& key : {raw_path, decoded}) {
      if (auto it = routes.find(key); it != routes.end()) {
        return it->second;
      }
    }
    if (auto it = packages.find(decoded.substr(1)); it != packages.end()) {
      return Response{200, "application/json", packument(it->first, it->second), {}};
    }
    return Response{404, "application/json", "{\"error\":\"Not found\"}", {}};
  }

  static bool send_all(int fd, const std::string& data, const std::atomic<bool>& stop) {
    size_t sent = 0;
    while (sent < data.size() && !stop) {
      pollfd p{fd, POLLOUT, 0};
      if (poll(&p, 1, k_poll_ms) <= 0) {
        continue;
      }
      ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) {
        return false;
      }
      sent += static_cast<size_t>(n);
    }
    return sent == data.size();
  }

  // Serves requests on one connection until the client leaves, asks to close, or we stop.
  void serve_connection(int fd) {
    std::string buffer;
    int idle_ms = 0;
    char chunk[16384];
    while (!stop) {
      size_t head_end = buffer.find("\r\n\r\n");
      if (head_end == std::string::npos) {
        if (buffer.size() > k_max_head || idle_ms > k_idle_timeout_ms) {
          return;
        }
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, k_poll_ms) <= 0) {
          idle_ms += k_poll_ms;
          continue;
        }
        ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) {
          return;  // the client went away
        }
        buffer.append(chunk, static_cast<size_t>(n));
        idle_ms = 0;
        continue;
      }
      std::string head = buffer.substr(0, head_end);
      buffer.erase(0, head_end + 4);

      size_t line_end = head.find("\r\n");
      std::string request_line = head.substr(0, line_end);
      size_t sp1 = request_line.find(' ');
      size_t sp2 = request_line.rfind(' ');
      if (sp1 == std::string::npos || sp2 <= sp1) {
        return;
      }
      std::string method = request_line.substr(0, sp1);
      std::string target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
      bool keep_alive = request_line.substr(sp2 + 1) == "HTTP/1.1";
      std::vector<std::string> headers;
      size_t content_length = 0;
      size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
      while (pos < head.size()) {
        size_t end = head.find("\r\n", pos);
        std::string line = head.substr(pos, end == std::string::npos ? end : end - pos);
        pos = end == std::string::npos ? head.size() : end + 2;
        size_t colon = line.find(':');
        if (colon == std::string::npos) {
          continue;
        }
        std::string name = lower(trim(line.substr(0, colon)));
        std::string value = trim(line.substr(colon + 1));
        headers.push_back(name + ": " + value);
        if (name == "connection" && lower(value) == "close") {
          keep_alive = false;
        }
        if (name == "content-length") {
          content_length = std::min<size_t>(std::strtoull(value.c_str(), nullptr, 10), 1 << 20);
        }
      }
      // Request bodies are read and ignored.
      while (buffer.size() < content_length && !stop) {
        ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) {
          return;
        }
        buffer.append(chunk, static_cast<size_t>(n));
      }
      buffer.erase(0, std::min(content_length, buffer.size()));

      std::string path = target.substr(0, target.find('?'));
      FaultSpec fault;
      Response r = route(path, headers, &fault);
      if (fault.delay_ms > 0) {
        sleep_ms(fault.delay_ms);
      }
      size_t announced = r.body.size();
      switch (fault.fault) {
        case Fault::not_found:
          r = Response{404, "application/json", "{\"error\":\"Not found\"}", {}};
          announced = r.body.size();
          break;
        case Fault::server_error:
          r = Response{500, "text/plain", "internal error", {}};
          announced = r.body.size();
          break;
        case Fault::too_many_requests:
          r = Response{429,
                       "text/plain",
                       "slow down",
                       {"Retry-After: " + std::to_string(fault.retry_after_s)}};
          announced = r.body.size();
          break;
        case Fault::truncated:
          announced = r.body.size() + 1000;
          keep_alive = false;
          break;
        case Fault::wrong_bytes:
          for (auto& c : r.body) {
            c = static_cast<char>(c ^ 0x5a);
          }
          break;
        case Fault::none:
        case Fault::slow:
          break;
      }
      std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + reason(r.status) + "\r\n";
      out += "Content-Type: " + r.content_type + "\r\n";
      out += "Content-Length: " + std::to_string(announced) + "\r\n";
      for (const auto& h : r.headers) {
        out += h + "\r\n";
      }
      out += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
      if (method != "HEAD") {
        out += r.body;
      }
      if (!send_all(fd, out, stop) || !keep_alive) {
        return;
      }
    }
  }

  void accept_loop() {
    while (!stop) {
      for (auto it = workers.begin(); it != workers.end();) {
        if (it->done) {
          it->thread.join();
          ::close(it->fd);
          it = workers.erase(it);
        } else {
          ++it;
        }
      }
      pollfd p{listen_fd, POLLIN, 0};
      if (poll(&p, 1, k_poll_ms) <= 0) {
        continue;
      }
      int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) {
        continue;
      }
      Worker& w = workers.emplace_back();
      w.fd = fd;
      w.thread = std::thread([this, &w] {
        serve_connection(w.fd);
        ::shutdown(w.fd, SHUT_RDWR);
        w.done = true;
      });
    }
  }
};

RegistryServer::RegistryServer() : m_state(std::make_unique<State>()) {
  State& s = *m_state;
  s.listen_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  setsockopt(s.listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(s.listen_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(s.listen_fd, 128) != 0) {
    throw std::runtime_error("RegistryServer: cannot listen on 127.0.0.1");
  }
  socklen_t len = sizeof addr;
  getsockname(s.listen_fd, reinterpret_cast<sockaddr*>(&addr), &len);
  s.port = ntohs(addr.sin_port);
  s.acceptor = std::thread([&s] { s.accept_loop(); });
}

RegistryServer::~RegistryServer() {
  State& s = *m_state;
  s.stop = true;
  s.acceptor.join();
  for (auto& w : s.workers) {
    ::shutdown(w.fd, SHUT_RDWR);
    w.thread.join();
    ::close(w.fd);
  }
  ::close(s.listen_fd);
}

std::string RegistryServer::base_url() const {
  return m_state->base_url();
}

int RegistryServer::port() const {
  return m_state->port;
}

std::string RegistryServer::publish(const std::string& name, const std::string& version,
                                    const std::string& tarball) {
  std::string integrity = sri_sha512(tarball);
  std::lock_guard<std::mutex> guard(m_state->mutex);
  Package& p = m_state->packages[name];
  p.versions[version] = Version{integrity, hex_digest("sha1", tarball)};
  p.latest = version;
  m_state->routes[tarball_path(name, version)] =
      Response{200, "application/octet-stream", tarball, {}};
  return integrity;
}

std::string RegistryServer::publish_dir(const std::string& name, const std::string& version,
                                        const std::string& dir) {
  return publish(name, version, pack_npm_dir(dir));
}

void RegistryServer::set_latest(const std::string& name, const std::string& version) {
  std::lock_guard<std::mutex> guard(m_state->mutex);
  m_state->packages[name].latest = version;
}

void RegistryServer::serve(const std::string& path, std::string body, std::string content_type,
                           int status) {
  std::lock_guard<std::mutex> guard(m_state->mutex);
  m_state->routes[path] = Response{status, std::move(content_type), std::move(body), {}};
}

void RegistryServer::redirect(const std::string& path, const std::string& location, int status) {
  std::lock_guard<std::mutex> guard(m_state->mutex);
  m_state->routes[path] = Response{status, "text/plain", "", {"Location: " + location}};
}

void RegistryServer::inject(const std::string& path, FaultSpec fault) {
  std::lock_guard<std::mutex> guard(m_state->mutex);
  m_state->faults[path] = fault;
}

int RegistryServer::request_count(const std::string& path) const {
  std::lock_guard<std::mutex> guard(m_state->mutex);
  auto it = m_state->counts.find(path);
  return it == m_state->counts.end() ? 0 : it->second;
}

int RegistryServer::total_requests() const {
  std::lock_guard<std::mutex> guard(m_state->mutex);
  return m_state->total;
}

std::vector<std::string> RegistryServer::last_request_headers(const std::string& path) const {
  std::lock_guard<std::mutex> guard(m_state->mutex);
  auto it = m_state->last_headers.find(path);
  return it == m_state->last_headers.end() ? std::vector<std::string>{} : it->second;
}

std::string tarball_path(const std::string& name, const std::string& version) {
  size_t slash = name.find('/');
  std::string base = slash == std::string::npos ? name : name.substr(slash + 1);
  return "/" + name + "/-/" + base + "-" + version + ".tgz";
}

}  // namespace tarsier::test
