// Erases given strings (the password of a --proxy or --registry URL, say) from every writable
// mapping of this process. The zygote calls it as it starts, so that neither it nor the workers
// it forks keep the copies that the command-line parser and the options left in the memory it
// inherited from the scanning process.
#pragma once

#include <string>
#include <vector>

namespace tarsier {

// Overwrites every copy of each string of at least 8 bytes (a shorter one could stand by
// chance in unrelated data) in the anonymous mappings (heap, stacks) with zeros, reading and
// writing through /proc/self/mem (so that a sanitizer's view of the heap is not disturbed);
// mappings over 1 GiB (a sanitizer's shadow) and shared ones are left alone. Returns the number of
// copies erased; -1 when /proc/self/mem cannot be used. Call it with one thread running.
int erase_from_memory(const std::vector<std::string>& secrets);

// What of a URL is secret: its "user:password" and its password, raw and percent-decoded;
// nothing for a URL without user info.
std::vector<std::string> url_secrets(const std::string& url);

}  // namespace tarsier
