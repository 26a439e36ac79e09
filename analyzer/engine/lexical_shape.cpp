// Per-file shape signals: unicode tricks, minified versus obfuscated (two separate confidences),
// and long encoded string literals. Thresholds are documented in rules/README.md.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "analyzer/core/capability.h"
#include "analyzer/engine/file_scan.h"

namespace tarsier {

namespace {

double clamp01(double v) {
  return v < 0 ? 0 : (v > 1 ? 1 : v);
}

std::string fixed2(double v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

size_t count(std::string_view d, std::string_view needle, size_t cap = 100000) {
  size_t n = 0;
  for (size_t at = d.find(needle); at != std::string_view::npos && n < cap;
       at = d.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

bool is_ident_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$';
}

// Decodes the UTF-8 sequence at d[i]; returns its length (1 on malformed input).
size_t decode_utf8(std::string_view d, size_t i, uint32_t* cp) {
  unsigned char c = static_cast<unsigned char>(d[i]);
  size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
  if (i + len > d.size() || len == 1) {
    *cp = c;
    return 1;
  }
  uint32_t v = c & (0x3f >> (len - 1));
  for (size_t k = 1; k < len; ++k)
    v = (v << 6) | (static_cast<unsigned char>(d[i + k]) & 0x3f);
  *cp = v;
  return len;
}

bool is_latin_or_digit(uint32_t cp) {
  return cp < 0x80 && is_ident_byte(static_cast<unsigned char>(cp));
}
bool is_confusable_letter(uint32_t cp) {
  return (cp >= 0x0370 && cp <= 0x03ff) || (cp >= 0x0400 && cp <= 0x04ff);  // Greek, Cyrillic
}

// The "\0asm" magic of a WebAssembly module, base64- or hex-encoded, at the literal's start.
bool is_wasm_literal(std::string_view body) {
  if (body.rfind("AGFzbQ", 0) == 0) {
    return true;
  }
  std::string head(body.substr(0, 8));
  std::transform(head.begin(), head.end(), head.begin(), [](char c) { return std::tolower(c); });
  return head == "0061736d";
}

}  // namespace

void lexical_unicode(const FileJob& job, FileOutcome* out) {
  std::string_view d = job.data;
  bool bidi = false, invisible = false, homoglyph = false;
  for (size_t i = 0; i < d.size(); ++i) {
    if (static_cast<unsigned char>(d[i]) < 0x80)
      continue;
    uint32_t cp = 0;
    size_t len = decode_utf8(d, i, &cp);
    bool is_bidi = (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
    bool is_invisible = cp == 0x200b || cp == 0x200c || cp == 0x200d || cp == 0x2060 ||
                        (cp == 0xfeff && i > 0) || cp == 0x3164 || cp == 0xffa0 || cp == 0x115f ||
                        cp == 0x1160 || (cp >= 0xfe00 && cp <= 0xfe0f) ||
                        (cp >= 0xe0100 && cp <= 0xe01ef) || (cp >= 0xe0000 && cp <= 0xe007f);
    if (is_bidi && !bidi) {
      bidi = true;
      out->signals.push_back(make_signal(
          job, i, "unicode-bidi", capability::unicode_tricks, Risk::medium,
          "Bidirectional control character in source: the code a reviewer sees differs from the "
          "code that runs (Trojan Source).",
          {"unicode"}));
    } else if (is_invisible && !invisible) {
      invisible = true;
      out->signals.push_back(make_signal(
          job, i, "unicode-invisible", capability::unicode_tricks, Risk::medium,
          "Invisible character (zero-width, Hangul filler or variation selector) in source; it "
          "can hide identifiers or smuggle data past review.",
          {"unicode"}));
    } else if (!homoglyph && is_confusable_letter(cp)) {
      // A Cyrillic or Greek letter glued to Latin letters inside one word: a look-alike name.
      bool latin_before = i > 0 && is_latin_or_digit(static_cast<unsigned char>(d[i - 1]));
      bool latin_after =
          i + len < d.size() && is_latin_or_digit(static_cast<unsigned char>(d[i + len]));
      if (latin_before || latin_after) {
        homoglyph = true;
        out->signals.push_back(make_signal(
            job, i, "unicode-homoglyph", capability::unicode_tricks, Risk::medium,
            "A Cyrillic or Greek letter inside a Latin word: a look-alike identifier or string "
            "that can impersonate another.",
            {"unicode"}));
      }
    }
    i += len - 1;
  }
}

// Decode-then-eval written out in the source text.
static bool has_decode_eval_marker(std::string_view d) {
  for (std::string_view marker :
       {"eval(atob(", "eval(unescape(", "eval(Buffer.from(", "Function(atob(",
        "eval(function(p,a,c,k,e", "exec(base64.", "exec(__import__('base64')",
        "exec(zlib.decompress", "exec(marshal.loads", "exec(b64decode("}) {
    if (d.find(marker) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

// What one pass over a file counts for its shape.
struct TextCounts {
  size_t lines = 1, whitespace = 0, long_line_bytes = 0, escapes = 0;
  size_t idents = 0, short_idents = 0, jsfuck = 0;
  size_t blob_at = std::string_view::npos, blob_len = 0;  // first long encoded literal
  size_t wasm_at = std::string_view::npos, wasm_len = 0;  // first embedded WebAssembly
};

// A literal opened by the quote at `i`: a long run of base64 or hex inside it is a packed
// payload, or an embedded WebAssembly module. Returns where scanning goes on.
static size_t scan_literal(std::string_view d, size_t i, TextCounts* t) {
  char c = d[i];
  size_t e = i + 1;
  while (e < d.size() && e - i < 1 << 20 &&
         (is_ident_byte(static_cast<unsigned char>(d[e])) || d[e] == '+' || d[e] == '/' ||
          d[e] == '=')) {
    ++e;
  }
  if (e < d.size() && d[e] == c && e - i > 512) {
    // A WebAssembly module embedded as base64/hex is compiled by WebAssembly, not run by
    // eval: report it as native code and keep looking for a blob that could be a payload.
    if (is_wasm_literal(d.substr(i + 1, e - i - 1))) {
      if (t->wasm_at == std::string_view::npos) {
        t->wasm_at = i;
        t->wasm_len = e - i - 1;
      }
    } else {
      t->blob_at = i;
      t->blob_len = e - i - 1;
    }
  }
  return e;
}

static TextCounts count_text(std::string_view d) {
  TextCounts t;
  size_t line_start = 0;
  for (size_t i = 0; i < d.size(); ++i) {
    char c = d[i];
    if (c == '\n') {
      if (i - line_start > 500)
        t.long_line_bytes += i - line_start;
      line_start = i + 1;
      ++t.lines;
      ++t.whitespace;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      ++t.whitespace;
    } else if (c == '\\' && i + 1 < d.size() && (d[i + 1] == 'x' || d[i + 1] == 'u')) {
      ++t.escapes;
    } else if (c == '[' || c == ']' || c == '(' || c == ')' || c == '!' || c == '+') {
      ++t.jsfuck;
    } else if (is_ident_byte(static_cast<unsigned char>(c)) && (c < '0' || c > '9') &&
               (i == 0 || !is_ident_byte(static_cast<unsigned char>(d[i - 1])))) {
      size_t s = i;
      while (i + 1 < d.size() && is_ident_byte(static_cast<unsigned char>(d[i + 1])))
        ++i;
      ++t.idents;
      t.short_idents += i - s + 1 <= 2;
    } else if ((c == '"' || c == '\'') && t.blob_at == std::string_view::npos) {
      i = scan_literal(d, i, &t);
    }
  }
  if (d.size() - line_start > 500)
    t.long_line_bytes += d.size() - line_start;
  return t;
}

static double minified_score(double size, const TextCounts& t) {
  double avg_line = size / static_cast<double>(t.lines);
  double ws_ratio = static_cast<double>(t.whitespace) / size;
  double long_share = static_cast<double>(t.long_line_bytes) / size;
  double short_share =
      t.idents ? static_cast<double>(t.short_idents) / static_cast<double>(t.idents) : 0;
  return clamp01(0.45 * clamp01((avg_line - 100) / 400) + 0.25 * clamp01(long_share) +
                 0.15 * clamp01((0.15 - ws_ratio) / 0.1) +
                 0.15 * clamp01((short_share - 0.3) / 0.3));
}

static double obfuscated_score(std::string_view d, const TextCounts& t) {
  double size = static_cast<double>(d.size());
  double avg_line = size / static_cast<double>(t.lines);
  size_t hex_names = count(d, "_0x", 5000);
  double escape_density = static_cast<double>(t.escapes) * 1024.0 / size;
  double obfuscated = 0;
  obfuscated += hex_names >= 200 ? 0.55 : hex_names >= 30 ? 0.45 : hex_names >= 8 ? 0.2 : 0;
  if (d.find("while(!![])") != std::string_view::npos ||
      d.find("while (!![])") != std::string_view::npos) {
    obfuscated += 0.2;
  }
  if ((d.find("'push'](") != std::string_view::npos ||
       d.find("\"push\"](") != std::string_view::npos ||
       d.find("['push'](") != std::string_view::npos) &&
      (d.find("'shift']()") != std::string_view::npos ||
       d.find("\"shift\"]()") != std::string_view::npos)) {
    obfuscated += 0.3;  // string-array rotation
  }
  if (escape_density > 40 && avg_line > 200) {
    obfuscated += 0.25;
  }
  if (has_decode_eval_marker(d)) {
    obfuscated += 0.5;
  }
  if (size > 1024 && static_cast<double>(t.jsfuck) / size > 0.8) {
    obfuscated += 0.9;
  }
  return clamp01(obfuscated);
}

// The long literal as an encoded blob when its entropy is high.
static void report_blob(const FileJob& job, const TextCounts& t, FileOutcome* out) {
  std::string_view body = job.data.substr(t.blob_at + 1, std::min<size_t>(t.blob_len, 4096));
  double counts[256] = {};
  for (unsigned char c : body)
    counts[c] += 1;
  double entropy = 0;
  for (double n : counts) {
    if (n > 0)
      entropy -=
          n / static_cast<double>(body.size()) * std::log2(n / static_cast<double>(body.size()));
  }
  if (entropy > 3.5) {  // hex payloads top out at 4 bits per character
    out->signals.push_back(make_signal(
        job, t.blob_at, "encoded-blob", capability::obfuscation, Risk::low,
        "Long high-entropy string literal (" + std::to_string(t.blob_len) + " bytes, entropy " +
            fixed2(entropy) + " bits/char): packed data or an encoded payload.",
        {"blob"}));
    out->signals.back().finding.snippet = out->signals.back().finding.snippet.substr(0, 80);
    mark_position(job, t.blob_at, t.blob_at + t.blob_len + 2, &out->signals.back());
  }
}

void lexical_shape(const FileJob& job, FileOutcome* out) {
  std::string_view d = job.data;
  if (d.empty()) {
    return;
  }
  if (d.size() < 512) {
    // Too small for a minified shape, but the marks of an obfuscator (a decode-then-eval
    // one-liner; hex-named identifiers with a rotated string array) hold at any size.
    double obfuscated = obfuscated_score(d, count_text(d));
    if (obfuscated >= 0.5) {
      out->obfuscated = obfuscated;
      size_t at = d.find("_0x");
      out->signals.push_back(
          make_signal(job, at == std::string_view::npos ? 0 : at, "obfuscated-file",
                      capability::obfuscation, Risk::medium,
                      "Deliberately obfuscated code (confidence " + fixed2(obfuscated) +
                          "): hex-named identifiers, string-array rotation or decode-then-eval.",
                      {"obfuscated"}));
    }
    return;
  }
  TextCounts t = count_text(d);
  double minified = minified_score(static_cast<double>(d.size()), t);
  double obfuscated = obfuscated_score(d, t);
  out->minified = minified;
  out->obfuscated = obfuscated;
  if (minified >= 0.5) {
    out->signals.push_back(make_signal(job, 0, "minified-file", capability::minified, Risk::none,
                                       "Minified code (confidence " + fixed2(minified) +
                                           "): long lines, little whitespace, short names.",
                                       {"minified"}));
    out->signals.back().finding.snippet.clear();
  }
  if (obfuscated >= 0.5) {
    size_t at = d.find("_0x");
    out->signals.push_back(make_signal(
        job, at == std::string_view::npos ? 0 : at, "obfuscated-file", capability::obfuscation,
        Risk::medium,
        "Deliberately obfuscated code (confidence " + fixed2(obfuscated) +
            "): hex-named identifiers, string-array rotation, escape density or decode-then-eval.",
        {"obfuscated"}));
  }
  if (t.blob_at != std::string_view::npos) {
    report_blob(job, t, out);
  }
  if (t.wasm_at != std::string_view::npos) {
    out->signals.push_back(
        make_signal(job, t.wasm_at, "encoded-wasm", capability::native_code, Risk::low,
                    "Embedded WebAssembly module (" + std::to_string(t.wasm_len) +
                        " bytes of base64/hex); compiled code that cannot be reviewed as source.",
                    {"native"}));
    out->signals.back().finding.snippet = out->signals.back().finding.snippet.substr(0, 80);
  }
}

}  // namespace tarsier
