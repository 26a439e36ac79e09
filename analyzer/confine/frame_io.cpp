#include "analyzer/confine/frame_io.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace tarsier {

namespace {

bool write_all(int fd, const char* data, size_t size, bool from_worker) {
  while (size > 0) {
    ssize_t n = from_worker ? write(fd, data, size) : send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return false;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

FrameStatus wait_readable(int fd, std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return FrameStatus::timed_out;
    }
    pollfd p{fd, POLLIN, 0};
    int ready = poll(&p, 1, static_cast<int>(std::min<int64_t>(left.count(), 60'000)));
    if (ready > 0) {
      return FrameStatus::ok;
    }
    if (ready < 0 && errno != EINTR) {
      return FrameStatus::failed;
    }
  }
}

FrameStatus read_all(int fd, char* data, size_t size,
                     std::chrono::steady_clock::time_point deadline) {
  while (size > 0) {
    if (FrameStatus waited = wait_readable(fd, deadline); waited != FrameStatus::ok) {
      return waited;
    }
    ssize_t n = read(fd, data, size);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n == 0) {
      return FrameStatus::closed;
    }
    if (n < 0) {
      return FrameStatus::failed;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return FrameStatus::ok;
}

}  // namespace

bool write_frame(int fd, const std::string& bytes, bool from_worker) {
  uint64_t size = bytes.size();
  return write_all(fd, reinterpret_cast<const char*>(&size), sizeof size, from_worker) &&
         write_all(fd, bytes.data(), bytes.size(), from_worker);
}

bool write_frame(int fd, const std::vector<std::string_view>& parts, bool from_worker) {
  uint64_t size = 0;
  for (std::string_view part : parts) {
    size += part.size();
  }
  if (!write_all(fd, reinterpret_cast<const char*>(&size), sizeof size, from_worker)) {
    return false;
  }
  return std::all_of(parts.begin(), parts.end(), [&](std::string_view part) {
    return write_all(fd, part.data(), part.size(), from_worker);
  });
}

FrameStatus read_frame(int fd, std::string* bytes, uint64_t max_bytes,
                       std::chrono::steady_clock::time_point deadline) {
  uint64_t size = 0;
  FrameStatus status = read_all(fd, reinterpret_cast<char*>(&size), sizeof size, deadline);
  if (status != FrameStatus::ok) {
    return status;
  }
  if (size > max_bytes) {
    return FrameStatus::too_large;
  }
  bytes->resize(size);
  return read_all(fd, bytes->data(), size, deadline);
}

}  // namespace tarsier
