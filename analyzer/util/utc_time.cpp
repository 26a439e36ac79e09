#include "analyzer/util/utc_time.h"

#include <charconv>
#include <cstdio>
#include <ctime>

namespace tarsier {

namespace {

bool read_int(std::string_view text, size_t pos, size_t len, int* out) {
  if (pos + len > text.size()) {
    return false;
  }
  auto [end, ec] = std::from_chars(text.data() + pos, text.data() + pos + len, *out);
  return ec == std::errc() && end == text.data() + pos + len;
}

}  // namespace

std::string utc_iso(SystemTime time) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  int millis = static_cast<int>(ms % 1000);
  if (millis < 0) {
    millis += 1000;
    --seconds;
  }
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  return buffer;
}

std::optional<SystemTime> parse_utc_iso(std::string_view text) {
  std::tm tm{};
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text.back() != 'Z' || !read_int(text, 0, 4, &year) ||
      !read_int(text, 5, 2, &month) || !read_int(text, 8, 2, &day) ||
      !read_int(text, 11, 2, &hour) || !read_int(text, 14, 2, &minute) ||
      !read_int(text, 17, 2, &second)) {
    return std::nullopt;
  }
  int millis = 0;
  if (text.size() > 20) {
    if (text[19] != '.') {
      return std::nullopt;
    }
    std::string_view fraction = text.substr(20, text.size() - 21);
    std::string digits(fraction.substr(0, 3));
    digits.resize(3, '0');
    if (fraction.empty() || !read_int(digits, 0, 3, &millis)) {
      return std::nullopt;
    }
  }
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  std::time_t seconds = timegm(&tm);
  return SystemTime(std::chrono::seconds(seconds)) + std::chrono::milliseconds(millis);
}

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
  if (text.empty()) {
    return std::nullopt;
  }
  long long unit = 1;
  switch (text.back()) {
    case 's':
      text.remove_suffix(1);
      break;
    case 'm':
      unit = 60;
      text.remove_suffix(1);
      break;
    case 'h':
      unit = 3600;
      text.remove_suffix(1);
      break;
    case 'd':
      unit = 86400;
      text.remove_suffix(1);
      break;
    default:
      break;
  }
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value <= 0 ||
      value > 100LL * 365 * 86400 / unit) {
    return std::nullopt;
  }
  return std::chrono::seconds(value * unit);
}

std::string human_duration(std::chrono::seconds duration) {
  long long s = std::max<long long>(0, duration.count());
  struct Unit {
    long long seconds;
    const char* suffix;
  };
  constexpr Unit units[] = {{86400, "d"}, {3600, "h"}, {60, "m"}, {1, "s"}};
  std::string out;
  int parts = 0;
  for (const auto& u : units) {
    if (s >= u.seconds && parts < 2) {
      out += (out.empty() ? "" : " ") + std::to_string(s / u.seconds) + u.suffix;
      s %= u.seconds;
      ++parts;
    } else if (parts > 0) {
      break;
    }
  }
  return out.empty() ? "0s" : out;
}

}  // namespace tarsier
