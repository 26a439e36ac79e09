// Lexical detectors: run over every byte of every code file in both modes, so their findings
// never depend on the pre-filter. Configured by rules/data/*.txt (host classes, sensitive paths,
// sensitive environment names). See rules/README.md, "Lexical detectors".
#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <set>

#include "analyzer/core/capability.h"
#include "analyzer/engine/comment_ranges.h"
#include "analyzer/engine/file_scan.h"

namespace tarsier {

namespace {

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_host_char(char c) {
  return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_';
}

// Lexical hits take part in near:N threat windows at their own place: the first one is
// reported, later ones (up to this many per detector and file) are hidden signals, so a path
// named in one module of a bundle does not join code in another.
constexpr int k_max_lexical_repeats = 100;

// From this size on a file is treated as a bundle of unrelated modules: a suspicious host takes
// part in near:N windows at each place it is written, like every other lexical hit, instead of
// anywhere in the file. A small file keeps it file-wide: a payload's host is often a constant
// at the top and used far below. File-scope threats (the install-time ones) see it either way.
constexpr size_t k_bundle_bytes = 256 * 1024;

void add_located(const FileJob& job, size_t at, size_t length, Signal s, FileOutcome* out) {
  mark_position(job, at, at + length, &s);
  out->signals.push_back(std::move(s));
}

void add_repeat(const FileJob& job, size_t at, size_t length, const Signal& first, int* repeats,
                FileOutcome* out) {
  if (++*repeats > k_max_lexical_repeats)
    return;
  Signal s = first;
  job.locate(at, &s.finding.line, &s.finding.column);
  s.finding.snippet = snippet_at(job.data, at);
  if (job.fixed_line > 0) {
    s.finding.line = job.fixed_line;
    s.finding.column = 0;
  } else {
    s.finding.line += job.line_offset;
  }
  s.hidden = true;
  add_located(job, at, length, std::move(s), out);
}

std::optional<std::array<int, 4>> parse_ipv4(std::string_view s) {
  std::array<int, 4> parts{};
  size_t i = 0;
  for (int k = 0; k < 4; ++k) {
    if (i >= s.size() || !is_digit(s[i]))
      return std::nullopt;
    int v = 0, digits = 0;
    while (i < s.size() && is_digit(s[i]) && digits < 4) {
      v = v * 10 + (s[i++] - '0');
      ++digits;
    }
    if (v > 255 || digits > 3)
      return std::nullopt;
    parts[k] = v;
    if (k < 3) {
      if (i >= s.size() || s[i] != '.')
        return std::nullopt;
      ++i;
    }
  }
  return i == s.size() ? std::optional(parts) : std::nullopt;
}

// The class of a host from rules/data/hosts.txt ("paste", "webhook", ...), or "".
std::string host_class(const RuleSet& rules, std::string_view host, std::string_view path) {
  std::string h(host);
  std::transform(h.begin(), h.end(), h.begin(), [](char c) { return std::tolower(c); });
  if (auto ip = parse_ipv4(h)) {
    auto [a, b, c, d] = *ip;
    if (a == 169 && b == 254)
      return "cloud-metadata";
    if (a == 10 || a == 127 || a == 0 || (a == 192 && b == 168) ||
        (a == 172 && b >= 16 && b < 32)) {
      return "";
    }
    (void)c;
    (void)d;
    return "raw-ip";
  }
  for (const auto& e : rules.data("hosts")) {
    std::string_view entry = e.value;
    auto slash = entry.find('/');
    std::string_view ehost = entry.substr(0, slash);
    bool host_ok = h == ehost || (h.size() > ehost.size() &&
                                  h.compare(h.size() - ehost.size(), ehost.size(), ehost) == 0 &&
                                  h[h.size() - ehost.size() - 1] == '.');
    if (!host_ok)
      continue;
    if (slash != std::string_view::npos &&
        path.substr(0, entry.size() - slash) != entry.substr(slash)) {
      continue;
    }
    return e.key;
  }
  return "";
}

// The finding for a URL to a host of class `cls` (rules/data/hosts.txt) at offset `at`.
Signal host_signal(const FileJob& job, size_t at, std::string_view host, const std::string& cls) {
  // The cloud metadata service is where an SDK reads the machine's credentials from: a
  // secret source (as a credentials file path is), not a place data is sent to.
  std::vector<std::string> tags = {cls == "cloud-metadata" ? "secret-cloud" : "shady-host",
                                   "host-" + cls};
  std::string what = cls == "raw-ip"           ? "a raw public IP address"
                     : cls == "cloud-metadata" ? "the cloud metadata service"
                                               : "a " + cls + " host";
  return make_signal(
      job, at, "url-" + cls, capability::url_strings, Risk::medium,
      "URL pointing to " + what + " (" + std::string(host) +
          (cls == "cloud-metadata" ? "); it hands out the machine's cloud credentials."
                                   : "); such hosts receive stolen data or serve payloads."),
      tags);
}

void scan_urls(const RuleSet& rules, const FileJob& job, const CommentRanges& comments,
               FileOutcome* out) {
  std::string_view d = job.data;
  std::set<std::string> plain_hosts;
  size_t first_plain = 0;
  std::map<std::string, size_t> first_at;  // suspicious host -> index of its first signal
  bool located = d.size() >= k_bundle_bytes;
  int host_repeats = 0;
  std::vector<std::pair<size_t, size_t>> plain_at;  // offset and length of every plain URL
  for (size_t at = d.find("://"); at != std::string_view::npos; at = d.find("://", at + 3)) {
    size_t s = at;
    while (s > 0 && at - s < 8 && is_alpha(d[s - 1]))
      --s;
    std::string_view scheme = d.substr(s, at - s);
    if ((scheme != "http" && scheme != "https" && scheme != "ws" && scheme != "wss" &&
         scheme != "ftp" && scheme != "tcp") ||
        comments.contains(s)) {
      continue;
    }
    size_t h = at + 3, e = h;
    while (e < d.size() && e - h < 253 && (is_host_char(d[e]) || d[e] == '@'))
      ++e;
    std::string_view host = d.substr(h, e - h);
    if (auto atsign = host.rfind('@'); atsign != std::string_view::npos)
      host = host.substr(atsign + 1);
    while (!host.empty() && host.back() == '.')
      host.remove_suffix(1);
    if (host.find('.') == std::string_view::npos)
      continue;
    size_t p = e;
    while (p < d.size() && p - e < 256 && d[p] != '\'' && d[p] != '"' && d[p] != '`' &&
           d[p] != ' ' && d[p] != '\n' && d[p] != ')') {
      ++p;
    }
    std::string_view path = d.substr(e, p - e);
    if (!path.empty() && path[0] == ':')
      path = path.substr(std::min(path.size(), path.find('/')));
    std::string cls = host_class(rules, host, path);
    if (cls.empty()) {
      if (plain_hosts.empty())
        first_plain = s;
      if (plain_hosts.size() < 5)
        plain_hosts.insert(std::string(host));
      if (plain_at.size() < static_cast<size_t>(k_max_lexical_repeats))
        plain_at.emplace_back(s, p - s);
      continue;
    }
    if (auto seen = first_at.find(std::string(host)); seen != first_at.end()) {
      if (located)
        add_repeat(job, s, p - s, out->signals[seen->second], &host_repeats, out);
      continue;
    }
    first_at.emplace(std::string(host), out->signals.size());
    Signal first = host_signal(job, s, host, cls);
    if (located)
      add_located(job, s, p - s, std::move(first), out);
    else
      out->signals.push_back(std::move(first));
  }
  if (!plain_hosts.empty()) {
    std::string list;
    for (const auto& h : plain_hosts)
      list += (list.empty() ? "" : ", ") + h;
    // Every URL takes part in near:N windows at its own place (the first is reported).
    Signal first = make_signal(job, first_plain, "url-strings", capability::url_strings, Risk::none,
                               "Contains URLs (" + list + ").", {"url"});
    int repeats = 0;
    for (size_t k = 1; k < plain_at.size(); ++k)
      add_repeat(job, plain_at[k].first, plain_at[k].second, first, &repeats, out);
    add_located(job, plain_at[0].first, plain_at[0].second, std::move(first), out);
  }
}

// The kind of a sensitive-path hit: the data entry whose literal (in any separator form) it is.
const DataEntry* path_entry(const RuleSet& rules, std::string_view hit) {
  for (const auto& e : rules.data("sensitive-paths")) {
    if (e.value.size() > hit.size())
      continue;
    bool same = true;
    size_t i = 0, j = 0;
    for (; i < e.value.size() && j < hit.size() && same; ++i, ++j) {
      if (e.value[i] == '/') {
        same = hit[j] == '/' || hit[j] == '\\';
        if (hit[j] == '\\' && j + 1 < hit.size() && hit[j + 1] == '\\')
          ++j;
      } else {
        same = e.value[i] == hit[j];
      }
    }
    if (same && i == e.value.size() && j == hit.size())
      return &e;
  }
  return nullptr;
}

void scan_sensitive_paths(const RuleSet& rules, const FileJob& job, const CommentRanges& comments,
                          FileOutcome* out) {
  const RE2* re = rules.sensitive_path_regex();
  if (re == nullptr)
    return;
  std::map<std::string, size_t> seen_kinds;  // kind -> index of its first signal
  int repeats = 0;
  re2::StringPiece input(job.data.data(), job.data.size());
  re2::StringPiece hit;
  while (repeats < k_max_lexical_repeats && RE2::FindAndConsume(&input, *re, &hit)) {
    const DataEntry* e = path_entry(rules, std::string_view(hit.data(), hit.size()));
    if (e == nullptr)
      continue;
    size_t at = static_cast<size_t>(hit.data() - job.data.data());
    if (comments.contains(at))
      continue;
    if (auto seen = seen_kinds.find(e->key); seen != seen_kinds.end()) {
      add_repeat(job, at, hit.size(), out->signals[seen->second], &repeats, out);
      continue;
    }
    if (seen_kinds.size() >= 8)
      continue;
    seen_kinds[e->key] = out->signals.size();
    bool wallet = e->key == "wallet";
    std::vector<std::string> tags = {"secret-path", "path-" + e->key};
    if (e->key == "npm")
      tags.push_back("npm-token");
    if (wallet)
      tags.push_back("wallet");
    add_located(job, at, hit.size(),
                make_signal(job, at, "sensitive-path-" + e->key,
                            wallet ? capability::crypto_wallet : capability::filesystem, Risk::low,
                            "Mentions " + e->value + " (" + e->key + " credentials); reading it " +
                                "is how stealers take tokens, keys and wallets.",
                            tags),
                out);
  }
}

void scan_text_patterns(const RuleSet& rules, const FileJob& job, const CommentRanges& comments,
                        FileOutcome* out) {
  const RE2::Set* set = rules.text_pattern_set();
  if (set == nullptr || rules.text_patterns().empty())
    return;
  std::vector<int> hits;
  if (!set->Match(re2::StringPiece(job.data.data(), job.data.size()), &hits))
    return;
  std::sort(hits.begin(), hits.end());
  for (int i : hits) {
    const TextPattern& p = rules.text_patterns()[static_cast<size_t>(i)];
    // The first match outside comments (a bounded number of tries).
    re2::StringPiece input(job.data.data(), job.data.size()), match;
    size_t from = 0, at = 0;
    bool found = false;
    for (int tries = 0; tries < k_max_lexical_repeats && !found; ++tries) {
      if (from > input.size() ||
          !p.regex->Match(input, from, input.size(), RE2::UNANCHORED, &match, 1)) {
        break;
      }
      at = static_cast<size_t>(match.data() - job.data.data());
      found = !comments.contains(at);
      from = at + std::max<size_t>(match.size(), 1);
    }
    if (!found)
      continue;
    add_located(job, at, match.size(),
                make_signal(job, at, p.id, p.capability, p.severity, p.message, p.tags), out);
  }
}

// Whether the name at `at` is read from the environment: `env`/`environ` shortly before it, or a
// shell or batch expansion ($NAME, ${NAME}, %NAME%) right before it. A '$' further away is a
// JavaScript identifier ($1, $scope) or a regex, not an expansion.
bool env_context(std::string_view d, size_t at) {
  size_t from = at > 24 ? at - 24 : 0;
  std::string_view before = d.substr(from, at - from);
  if (before.find("env") != std::string_view::npos ||
      before.find("ENV") != std::string_view::npos ||
      before.find("environ") != std::string_view::npos) {
    return true;
  }
  char prev = at > 0 ? d[at - 1] : '\0';
  return prev == '$' || prev == '%' || (prev == '{' && at > 1 && d[at - 2] == '$');
}

void scan_env_names(const RuleSet& rules, const FileJob& job, const CommentRanges& comments,
                    FileOutcome* out) {
  const auto& list = rules.data("sensitive-env");
  if (list.empty())
    return;
  std::string_view d = job.data;
  std::set<std::string> found;
  std::vector<std::pair<size_t, size_t>> hits;  // offset and length of every name found
  size_t i = 0;
  while (i < d.size()) {
    char c = d[i];
    if (!((c >= 'A' && c <= 'Z') || c == '_')) {
      ++i;
      continue;
    }
    size_t s = i;
    while (i < d.size() && ((d[i] >= 'A' && d[i] <= 'Z') || d[i] == '_' || is_digit(d[i])))
      ++i;
    if (i - s < 6 || (s > 0 && (is_alpha(d[s - 1]) || is_digit(d[s - 1]))) ||
        (i < d.size() && is_alpha(d[i]))) {
      continue;
    }
    std::string_view word = d.substr(s, i - s);
    if (comments.contains(s))
      continue;
    for (const auto& e : list) {
      std::string_view pat = e.value;
      bool hit = false;
      if (pat.front() == '*') {
        std::string_view suffix = pat.substr(1);
        hit = word.size() > suffix.size() && word.substr(word.size() - suffix.size()) == suffix &&
              env_context(d, s);
      } else {
        hit = word == pat;
      }
      if (hit) {
        found.insert(std::string(word));
        hits.emplace_back(s, word.size());
        break;
      }
    }
    if (hits.size() > static_cast<size_t>(k_max_lexical_repeats))
      break;
  }
  if (found.empty())
    return;
  std::string names;
  std::vector<std::string> tags = {"secret-env"};
  int listed = 0;
  for (const auto& n : found) {
    if (++listed <= 8)
      names += (names.empty() ? "" : ", ") + n;
    if (n.find("NPM") != std::string::npos || n == "NODE_AUTH_TOKEN")
      tags.push_back("npm-token");
  }
  Signal first = make_signal(job, hits[0].first, "sensitive-env-name", capability::env, Risk::low,
                             "Names secret-bearing environment variables (" + names +
                                 "); CI tokens and cloud keys are what stealers want.",
                             tags);
  int repeats = 0;
  for (size_t k = 1; k < hits.size(); ++k)
    add_repeat(job, hits[k].first, hits[k].second, first, &repeats, out);
  add_located(job, hits[0].first, hits[0].second, std::move(first), out);
}

}  // namespace

void lexical_unicode(const FileJob& job, FileOutcome* out);
void lexical_shape(const FileJob& job, FileOutcome* out);

void lexical_signals(const RuleSet& rules, const FileJob& job, FileOutcome* out) {
  // What only a comment says is not behaviour (comment_ranges.h).
  CommentRanges comments(job.data, job.lang);
  scan_urls(rules, job, comments, out);
  scan_sensitive_paths(rules, job, comments, out);
  scan_env_names(rules, job, comments, out);
  scan_text_patterns(rules, job, comments, out);
  lexical_unicode(job, out);
  lexical_shape(job, out);
}

}  // namespace tarsier
