#include "analyzer/confine/forget.h"

#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "analyzer/util/url.h"

namespace tarsier {
namespace {

constexpr size_t k_chunk = 4 << 20;
// Shorter strings could stand by chance in unrelated data, which erasing would corrupt.
constexpr size_t k_min_secret = 8;

struct Range {
  unsigned long long start = 0, end = 0;
};

// The private, writable, anonymous mappings (heap, stacks, large allocations), where strings
// made at run time are; the data of the program and its libraries is left alone.
std::vector<Range> writable_ranges() {
  std::vector<Range> ranges;
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    Range range;
    char perms[5] = {};
    int path_at = 0;
    if (std::sscanf(line.c_str(), "%llx-%llx %4s %*s %*s %*s %n", &range.start, &range.end, perms,
                    &path_at) < 3 ||
        perms[0] != 'r' || perms[1] != 'w' || perms[3] != 'p' ||
        range.end - range.start > (1ULL << 30)) {
      continue;
    }
    std::string_view path = path_at > 0 ? std::string_view(line).substr(path_at) : "";
    if (path.empty() || path.starts_with("[heap]") || path.starts_with("[stack]") ||
        path.starts_with("[anon")) {
      ranges.push_back(range);
    }
  }
  return ranges;
}

// Erases the copies of `needle` in [range.start, range.end), reading through `scratch`.
int erase_in(int mem, const Range& range, std::string_view needle, char* scratch) {
  static const char zeros[256] = {};
  int erased = 0;
  for (unsigned long long at = range.start; at < range.end;) {
    size_t size = static_cast<size_t>(std::min<unsigned long long>(range.end - at, k_chunk));
    ssize_t n = pread(mem, scratch, size, static_cast<off_t>(at));
    if (n <= 0) {
      break;  // a guard page or the like
    }
    std::string_view view(scratch, static_cast<size_t>(n));
    for (size_t hit = view.find(needle); hit != std::string_view::npos;
         hit = view.find(needle, hit + 1)) {
      if (pwrite(mem, zeros, needle.size(), static_cast<off_t>(at + hit)) ==
          static_cast<ssize_t>(needle.size())) {
        ++erased;
      }
    }
    if (static_cast<size_t>(n) < size || at + static_cast<unsigned long long>(n) >= range.end) {
      break;
    }
    at += static_cast<unsigned long long>(n) - (needle.size() - 1);  // a copy across chunks
  }
  return erased;
}

}  // namespace

int erase_from_memory(const std::vector<std::string>& secrets) {
  // The needles and the read buffer live in a mapping of their own, which the search skips.
  size_t needles_size = 0;
  for (const auto& secret : secrets) {
    if (secret.size() >= k_min_secret) {
      needles_size += secret.size();
    }
  }
  if (needles_size == 0) {
    return 0;
  }
  // Between two inaccessible pages, so that the kernel cannot merge it with a neighbouring
  // mapping of the heap, which the search would then skip too.
  size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  size_t scratch_size = (needles_size + k_chunk + page - 1) / page * page;
  size_t mapped_size = scratch_size + 2 * page;
  void* mapped = mmap(nullptr, mapped_size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) {
    return -1;
  }
  char* scratch = static_cast<char*>(mapped) + page;
  if (mprotect(scratch, scratch_size, PROT_READ | PROT_WRITE) != 0) {
    munmap(mapped, mapped_size);
    return -1;
  }
  std::vector<std::pair<size_t, size_t>> needles;  // offset, size in scratch
  size_t used = 0;
  for (const auto& secret : secrets) {
    if (secret.size() >= k_min_secret) {
      std::memcpy(scratch + used, secret.data(), secret.size());
      needles.emplace_back(used, secret.size());
      used += secret.size();
    }
  }
  // Longest first: a whole "user:password" before the password inside it.
  std::sort(needles.begin(), needles.end(),
            [](const auto& a, const auto& b) { return a.second > b.second; });
  int erased = -1;
  int mem = open("/proc/self/mem", O_RDWR | O_CLOEXEC);
  if (mem >= 0) {
    erased = 0;
    auto own = reinterpret_cast<unsigned long long>(scratch);
    std::vector<Range> ranges = writable_ranges();
    for (const auto& [offset, size] : needles) {
      std::string_view needle(scratch + offset, size);
      for (const Range& range : ranges) {
        if (range.start <= own && own < range.end) {
          continue;
        }
        erased += erase_in(mem, range, needle, scratch + used);
      }
    }
    close(mem);
  }
  explicit_bzero(scratch, scratch_size);
  munmap(mapped, mapped_size);
  return erased;
}

std::vector<std::string> url_secrets(const std::string& url) {
  std::vector<std::string> out;
  std::string userinfo = url_userinfo(url);
  if (userinfo.empty()) {
    return out;
  }
  out.push_back(userinfo);
  if (size_t colon = userinfo.find(':');
      colon != std::string::npos && colon + 1 < userinfo.size()) {
    std::string password = userinfo.substr(colon + 1);
    out.push_back(password);
    if (std::string decoded = percent_decode(password); decoded != password) {
      out.push_back(decoded);
    }
  }
  return out;
}

}  // namespace tarsier
