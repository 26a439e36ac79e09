#include "tests/support/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <list>
#include <stdexcept>
#include <thread>

namespace tarsier::test {

namespace {

constexpr int k_poll_ms = 50;             // how often blocked threads look at the stop flag
constexpr int k_idle_timeout_ms = 10000;  // idle keep-alive connections close after this
constexpr size_t k_max_head = 64 * 1024;
constexpr size_t k_max_request_body = 1 << 20;

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
    case 304:
      return "Not Modified";
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

struct Worker {
  std::thread thread;
  int fd = -1;
  std::atomic<bool> done{false};
};

}  // namespace

struct HttpServer::State {
  Handler handler;
  int listen_fd = -1;
  int port = 0;
  std::atomic<bool> stop{false};
  std::atomic<int> accepted{0};
  std::thread acceptor;
  std::list<Worker> workers;  // touched by the acceptor thread and the destructor only

  // Sleeps in short steps so a stopping server never waits for a slow answer.
  void sleep_ms(int ms) const {
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (!stop && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  bool send_all(int fd, const std::string& data) const {
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

  // Reads until `buffer` holds at least `size` bytes; false when the client left or we stop.
  bool fill(int fd, std::string& buffer, size_t size, bool need_head) const {
    int idle_ms = 0;
    char chunk[16384];
    while (!stop) {
      if (need_head ? buffer.find("\r\n\r\n") != std::string::npos : buffer.size() >= size) {
        return true;
      }
      if (buffer.size() > k_max_head + k_max_request_body || idle_ms > k_idle_timeout_ms) {
        return false;
      }
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, k_poll_ms) <= 0) {
        idle_ms += k_poll_ms;
        continue;
      }
      ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) {
        return false;
      }
      buffer.append(chunk, static_cast<size_t>(n));
      idle_ms = 0;
    }
    return false;
  }

  // Serves requests on one connection until the client leaves, asks to close, or we stop.
  void serve_connection(int fd) {
    std::string buffer;
    while (!stop) {
      if (!fill(fd, buffer, 0, true)) {
        return;
      }
      size_t head_end = buffer.find("\r\n\r\n");
      if (head_end > k_max_head) {
        return;
      }
      std::string head = buffer.substr(0, head_end);
      buffer.erase(0, head_end + 4);

      HttpRequest request;
      size_t line_end = head.find("\r\n");
      std::string request_line = head.substr(0, line_end);
      size_t sp1 = request_line.find(' ');
      size_t sp2 = request_line.rfind(' ');
      if (sp1 == std::string::npos || sp2 <= sp1) {
        return;
      }
      request.method = request_line.substr(0, sp1);
      request.target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
      request.path = request.target.substr(0, request.target.find('?'));
      bool keep_alive = request_line.substr(sp2 + 1) == "HTTP/1.1";
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
        request.headers.push_back(name + ": " + value);
        if (name == "connection" && lower(value) == "close") {
          keep_alive = false;
        }
        if (name == "content-length") {
          content_length =
              std::min<size_t>(std::strtoull(value.c_str(), nullptr, 10), k_max_request_body);
        }
      }
      if (!fill(fd, buffer, content_length, false)) {
        return;
      }
      request.body = buffer.substr(0, content_length);
      buffer.erase(0, content_length);

      HttpReply reply = handler(request);
      if (reply.delay_ms > 0) {
        sleep_ms(reply.delay_ms);
      }
      if (reply.reset) {
        linger off{1, 0};  // an RST instead of an orderly close
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &off, sizeof off);
        return;
      }
      long long length = static_cast<long long>(reply.body.size());
      if (reply.announced_length >= 0 && reply.announced_length != length) {
        length = reply.announced_length;
        keep_alive = false;
      }
      std::string out = "HTTP/1.1 " + std::to_string(reply.status) + " " + reason(reply.status) +
                        "\r\nContent-Type: " + reply.content_type +
                        "\r\nContent-Length: " + std::to_string(length) + "\r\n";
      for (const auto& h : reply.headers) {
        out += h + "\r\n";
      }
      out += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
      std::string rest;
      if (request.method != "HEAD") {
        size_t head = reply.stall_after_bytes < 0
                          ? reply.body.size()
                          : std::min<size_t>(reply.body.size(), reply.stall_after_bytes);
        out += reply.body.substr(0, head);
        rest = reply.body.substr(head);
      }
      if (!send_all(fd, out)) {
        return;
      }
      if (reply.stall_after_bytes >= 0) {
        sleep_ms(reply.stall_ms);
        if (!send_all(fd, rest)) {
          return;
        }
      }
      if (!keep_alive) {
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
      ++accepted;
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

HttpServer::HttpServer(Handler handler) : m_state(std::make_unique<State>()) {
  State& s = *m_state;
  s.handler = std::move(handler);
  s.listen_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (s.listen_fd < 0 || ::bind(s.listen_fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      ::listen(s.listen_fd, 128) != 0 ||
      getsockname(s.listen_fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (s.listen_fd >= 0) {
      ::close(s.listen_fd);
    }
    // Tests cannot run without it; Catch2 reports the exception as the test's failure.
    throw std::runtime_error("HttpServer: cannot listen on 127.0.0.1");
  }
  s.port = ntohs(addr.sin_port);
  s.acceptor = std::thread([&s] { s.accept_loop(); });
}

HttpServer::~HttpServer() {
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

int HttpServer::port() const {
  return m_state->port;
}

int HttpServer::connections() const {
  return m_state->accepted;
}

}  // namespace tarsier::test
