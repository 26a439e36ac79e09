#include "analyzer/registry/simple_api.h"

#include <cstdint>
#include <nlohmann/json.hpp>

#include "analyzer/core/diagnostic.h"
#include "analyzer/util/ascii.h"
#include "analyzer/util/json_text.h"
#include "analyzer/util/url.h"
#include "analyzer/util/url_resolve.h"

namespace tarsier {
namespace {

// A real project page lists at most a few thousand files; stop well past that.
constexpr size_t k_max_files = 100000;
// Links and attribute values longer than this are not package links.
constexpr size_t k_max_attribute_length = 8192;

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

bool is_hex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return !s.empty();
}

void append_utf8(uint32_t cp, std::string* out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    cp = 0xFFFD;
  }
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Decodes the character references an index page uses; anything unknown stays as written.
std::string decode_entities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    // References are short; looking only a few bytes ahead keeps decoding linear.
    size_t semi = text[i] == '&' ? text.substr(i, 12).find(';') : std::string_view::npos;
    if (semi != std::string_view::npos) {
      semi += i;
    }
    if (semi == std::string_view::npos) {
      out += text[i];
      continue;
    }
    std::string_view name = text.substr(i + 1, semi - i - 1);
    if (name == "amp") {
      out += '&';
    } else if (name == "lt") {
      out += '<';
    } else if (name == "gt") {
      out += '>';
    } else if (name == "quot") {
      out += '"';
    } else if (name == "apos") {
      out += '\'';
    } else if (name.size() > 1 && name[0] == '#') {
      bool hex = name[1] == 'x' || name[1] == 'X';
      std::string_view digits = name.substr(hex ? 2 : 1);
      uint32_t cp = 0;
      bool ok = !digits.empty();
      for (char c : digits) {
        int d = (c >= '0' && c <= '9')        ? c - '0'
                : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                              : -1;
        if (d < 0) {
          ok = false;
          break;
        }
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
      }
      if (!ok) {
        out += text[i];
        continue;
      }
      append_utf8(cp, &out);
    } else {
      out += text[i];
      continue;
    }
    i = semi;
  }
  return out;
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && is_space(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && is_space(s.back())) {
    s.remove_suffix(1);
  }
  return std::string(s);
}

// Attributes of a start tag beginning at `pos` (just after the tag name). Sets `end` past '>'.
std::map<std::string, std::string> read_attributes(std::string_view html, size_t pos, size_t* end) {
  std::map<std::string, std::string> attrs;
  while (pos < html.size()) {
    while (pos < html.size() && (is_space(html[pos]) || html[pos] == '/')) {
      ++pos;
    }
    if (pos >= html.size() || html[pos] == '>') {
      break;
    }
    size_t name_start = pos;
    while (pos < html.size() && !is_space(html[pos]) && html[pos] != '=' && html[pos] != '>' &&
           html[pos] != '/') {
      ++pos;
    }
    std::string name = ascii_lower(html.substr(name_start, pos - name_start));
    while (pos < html.size() && is_space(html[pos])) {
      ++pos;
    }
    std::string value;
    if (pos < html.size() && html[pos] == '=') {
      ++pos;
      while (pos < html.size() && is_space(html[pos])) {
        ++pos;
      }
      size_t value_start = pos;
      size_t value_end = pos;
      if (pos < html.size() && (html[pos] == '"' || html[pos] == '\'')) {
        char quote = html[pos];
        value_start = pos + 1;
        value_end = html.find(quote, value_start);
        if (value_end == std::string_view::npos) {
          value_end = html.size();
        }
        pos = std::min(value_end + 1, html.size());
      } else {
        while (pos < html.size() && !is_space(html[pos]) && html[pos] != '>') {
          ++pos;
        }
        value_end = pos;
      }
      if (value_end - value_start <= k_max_attribute_length) {
        value = decode_entities(html.substr(value_start, value_end - value_start));
      }
    }
    if (!name.empty()) {
      attrs.emplace(std::move(name), std::move(value));  // the first occurrence wins, as in HTML
    }
  }
  *end = pos < html.size() ? pos + 1 : html.size();
  return attrs;
}

// Splits "url#sha256=<hex>" into the URL and its hash.
void take_hash_fragment(std::string* url, std::map<std::string, std::string>* hashes) {
  size_t hash = url->find('#');
  if (hash == std::string::npos) {
    return;
  }
  std::string fragment = url->substr(hash + 1);
  url->resize(hash);
  size_t eq = fragment.find('=');
  if (eq == std::string::npos) {
    return;
  }
  std::string algorithm = ascii_lower(fragment.substr(0, eq));
  std::string hex = ascii_lower(fragment.substr(eq + 1));
  if (is_hex(hex)) {
    (*hashes)[algorithm] = hex;
  }
}

std::string file_name_from_url(const std::string& url) {
  return url_file_name(url);
}

}  // namespace

SimplePage parse_simple_html(std::string_view html, const std::string& page_url) {
  SimplePage page;
  std::string base = page_url;
  size_t pos = 0;
  while (page.files.size() < k_max_files) {
    size_t lt = html.find('<', pos);
    if (lt == std::string_view::npos) {
      break;
    }
    if (html.substr(lt, 4) == "<!--") {
      size_t close = html.find("-->", lt + 4);
      pos = close == std::string_view::npos ? html.size() : close + 3;
      continue;
    }
    size_t name_end = lt + 1;
    while (name_end < html.size() && ((html[name_end] >= 'a' && html[name_end] <= 'z') ||
                                      (html[name_end] >= 'A' && html[name_end] <= 'Z'))) {
      ++name_end;
    }
    std::string tag = ascii_lower(html.substr(lt + 1, name_end - lt - 1));
    if (tag != "a" && tag != "base") {
      pos = lt + 1;
      continue;
    }
    size_t after = 0;
    auto attrs = read_attributes(html, name_end, &after);
    pos = after;
    auto href = attrs.find("href");
    if (href == attrs.end() || trimmed(href->second).empty()) {
      continue;
    }
    if (tag == "base") {
      base = resolve_url(page_url, trimmed(href->second));
      continue;
    }
    SimpleFile file;
    file.url = resolve_url(base, trimmed(href->second));
    take_hash_fragment(&file.url, &file.hashes);
    // The anchor text runs to the next tag ("</a>" normally). Searching only that far keeps the
    // scan linear even when closing tags are missing.
    size_t next_tag = html.find('<', pos);
    std::string_view text =
        html.substr(pos, (next_tag == std::string_view::npos ? html.size() : next_tag) - pos);
    file.filename = trimmed(decode_entities(text.substr(0, k_max_attribute_length)));
    if (file.filename.empty()) {
      file.filename = file_name_from_url(file.url);
    }
    if (auto rp = attrs.find("data-requires-python"); rp != attrs.end()) {
      file.requires_python = trimmed(rp->second);
    }
    if (auto y = attrs.find("data-yanked"); y != attrs.end()) {
      file.yanked = true;
      file.yanked_reason = trimmed(y->second);
    }
    if (!is_http_url(file.url)) {
      page.warnings.push_back(page_url + ": link '" + redact_url(file.url) +
                              "' skipped, expected an http(s) URL");
      continue;
    }
    page.files.push_back(std::move(file));
  }
  return page;
}

namespace {

// One entry of a PEP 691 'files' array; nullopt with `problem` (why it is skipped).
std::optional<SimpleFile> read_json_file(const nlohmann::json& entry, const std::string& page_url,
                                         std::string* problem) {
  if (!entry.is_object()) {
    *problem = "skipped, expected an object";
    return std::nullopt;
  }
  auto filename = entry.find("filename");
  auto url = entry.find("url");
  if (filename == entry.end() || !filename->is_string() || url == entry.end() ||
      !url->is_string()) {
    *problem = "skipped, expected string 'filename' and 'url'";
    return std::nullopt;
  }
  SimpleFile file;
  file.filename = filename->get<std::string>();
  file.url = resolve_url(page_url, trimmed(url->get<std::string>()));
  std::map<std::string, std::string> fragment_hashes;
  take_hash_fragment(&file.url, &fragment_hashes);
  if (auto hashes = entry.find("hashes"); hashes != entry.end() && hashes->is_object()) {
    for (const auto& [algorithm, value] : hashes->items()) {
      if (value.is_string() && is_hex(value.get<std::string>())) {
        file.hashes[ascii_lower(algorithm)] = ascii_lower(value.get<std::string>());
      }
    }
  }
  if (file.hashes.empty()) {
    file.hashes = std::move(fragment_hashes);
  }
  if (auto rp = entry.find("requires-python"); rp != entry.end() && rp->is_string()) {
    file.requires_python = rp->get<std::string>();
  }
  if (auto y = entry.find("yanked"); y != entry.end()) {
    if (y->is_boolean()) {
      file.yanked = y->get<bool>();
    } else if (y->is_string()) {
      file.yanked = true;
      file.yanked_reason = y->get<std::string>();
    }
  }
  if (!is_http_url(file.url)) {
    *problem = "skipped, 'url' is not an http(s) URL";
    return std::nullopt;
  }
  return file;
}

}  // namespace

Result<SimplePage> parse_simple_json(std::string_view body, const std::string& page_url) {
  using nlohmann::json;
  auto fail = [&](std::string message) -> Result<SimplePage> {
    return make_error(ErrorKind::invalid, std::move(message));
  };
  json doc;
  JsonTextError parse_error;
  if (!parse_json_text(body, &doc, &parse_error)) {
    Diagnostic d;
    d.path = page_url;
    offset_to_line_col(body, parse_error.offset, &d.line, &d.column);
    d.message =
        "expected a PEP 691 JSON project page (the JSON is malformed: " + parse_error.message + ")";
    return Error{ErrorKind::invalid, std::move(d)};
  }
  if (!doc.is_object()) {
    return fail(page_url + ": expected a JSON object (PEP 691 project page)");
  }
  SimplePage page;
  if (auto meta = doc.find("meta"); meta != doc.end() && meta->is_object()) {
    auto version = meta->find("api-version");
    if (version != meta->end() && version->is_string()) {
      std::string v = version->get<std::string>();
      if (v.substr(0, v.find('.')) != "1") {
        return fail(page_url + ": unsupported Simple API version '" + v.substr(0, 20) +
                    "', expected 1.x");
      }
    }
  }
  if (auto name = doc.find("name"); name != doc.end() && name->is_string()) {
    page.name = name->get<std::string>();
  }
  auto files = doc.find("files");
  if (files == doc.end() || !files->is_array()) {
    return fail(page_url + ": expected a 'files' array (PEP 691 project page)");
  }
  for (size_t i = 0; i < files->size() && page.files.size() < k_max_files; ++i) {
    std::string problem;
    if (auto file = read_json_file((*files)[i], page_url, &problem)) {
      page.files.push_back(std::move(*file));
    } else {
      page.warnings.push_back(page_url + ": files[" + std::to_string(i) + "]: " + problem);
    }
  }
  return page;
}

Result<SimplePage> parse_simple_page(std::string_view body, const std::string& page_url) {
  size_t first = 0;
  // A UTF-8 byte order mark is allowed before either format.
  if (body.substr(0, 3) == "\xEF\xBB\xBF") {
    first = 3;
  }
  while (first < body.size() && is_space(body[first])) {
    ++first;
  }
  if (first < body.size() && body[first] == '{') {
    return parse_simple_json(body.substr(first), page_url);
  }
  return parse_simple_html(body, page_url);
}

}  // namespace tarsier
