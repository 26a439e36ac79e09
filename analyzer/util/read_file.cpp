#include "analyzer/util/read_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace tarsier {

std::optional<std::string> read_file_bytes(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return std::nullopt;
  }
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return std::nullopt;
  }
  std::string bytes;
  bytes.resize(static_cast<size_t>(st.st_size));
  size_t have = 0;
  for (;;) {
    char more[65536];
    // Into the string while it has room; past its fstat size (the file grew), through `more`,
    // so a file read to its end in one pass never grows the string.
    bool full = have == bytes.size();
    char* into = full ? more : bytes.data() + have;
    size_t room = full ? sizeof more : bytes.size() - have;
    ssize_t n = read(fd, into, room);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      close(fd);
      return std::nullopt;
    }
    if (n == 0) {
      break;
    }
    if (full) {
      bytes.append(more, static_cast<size_t>(n));
    }
    have += static_cast<size_t>(n);
  }
  close(fd);
  bytes.resize(have);
  return bytes;
}

}  // namespace tarsier
