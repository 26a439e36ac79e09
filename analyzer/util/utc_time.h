// UTC timestamps as the risk database stores them: ISO-8601 with milliseconds and a trailing Z
// ("2025-09-08T13:16:02.512Z"), so they sort and compare as text.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace tarsier {

using SystemTime = std::chrono::system_clock::time_point;

std::string utc_iso(SystemTime time);

// Reads "YYYY-MM-DDTHH:MM:SS[.fff]Z" (the registry's and the database's form); nullopt otherwise.
std::optional<SystemTime> parse_utc_iso(std::string_view text);

// A duration such as "30s", "5m", "2h", "7d" (a bare number is seconds); nullopt when unreadable
// or not positive.
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

// "3m 12s", "2h 5m", "4d 1h": the two largest units of a non-negative duration.
std::string human_duration(std::chrono::seconds duration);

}  // namespace tarsier
