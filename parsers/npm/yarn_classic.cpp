// Yarn classic (v1) lockfiles. Not YAML: entries start at column 0 with comma-separated
// descriptors ending in ':', fields are indented `key value` lines, nested blocks
// (dependencies) are indented further. Read line by line with positions for every error.
#include "analyzer/util/ascii.h"
#include "parsers/common/hashes.h"
#include "parsers/common/sources.h"
#include "parsers/common/text.h"
#include "parsers/npm/npm_names.h"
#include "parsers/npm/yarn_lock.h"

namespace tarsier {

namespace {

struct Token {
  std::string text;
  size_t column = 0;  // 0-based within the line
};

// Splits a line into tokens: quoted strings (with backslash escapes) or runs of non-space
// characters; ',' and ':' after a token are separators. False with `error_column` on an
// unterminated quote.
bool tokenize(std::string_view line, std::vector<Token>* tokens, size_t* error_column) {
  size_t i = 0;
  while (i < line.size()) {
    char c = line[i];
    if (c == ' ' || c == '\t' || c == ',') {
      ++i;
      continue;
    }
    Token token;
    token.column = i;
    if (c == '"') {
      ++i;
      bool closed = false;
      while (i < line.size()) {
        if (line[i] == '\\' && i + 1 < line.size()) {
          token.text += line[i + 1];
          i += 2;
        } else if (line[i] == '"') {
          closed = true;
          ++i;
          break;
        } else {
          token.text += line[i++];
        }
      }
      if (!closed) {
        *error_column = token.column;
        return false;
      }
    } else {
      while (i < line.size() && line[i] != ' ' && line[i] != ',' &&
             !(line[i] == ':' && (i + 1 == line.size() || line[i + 1] == ' '))) {
        token.text += line[i++];
      }
    }
    if (i < line.size() && line[i] == ':') {
      ++i;  // the key separator; "key:" opens a block
    }
    tokens->push_back(std::move(token));
  }
  return true;
}

struct Entry {
  std::vector<std::string> descriptors;
  size_t offset = 0;
  std::string version;
  std::string resolved;
  std::string integrity;
  std::string block;  // the indented block being read ("dependencies", ...)
  std::vector<std::pair<std::string, std::string>> dependencies, optional_dependencies;
  bool open = false;
};

void finish(const Entry& entry, const std::string& path, const LineIndex& lines,
            LockfileResult* result, YarnGraph* graph) {
  if (!entry.open) {
    return;
  }
  PackageRef ref;
  ref.lockfile = path;
  ref.line = lines.line(entry.offset);
  ref.integrity = entry.integrity;
  ref.resolved = strip_url_credentials(entry.resolved);
  // Registry URLs end in "#<sha1 of the tarball>": old lockfiles have no integrity line, so
  // the fragment is the only hash; either way the fetcher needs the URL without it.
  if (size_t hash = ref.resolved.find('#');
      hash != std::string::npos && source_of_url(ref.resolved) == "http") {
    if (ref.integrity.empty()) {
      std::string_view fragment = std::string_view(ref.resolved).substr(hash + 1);
      std::string sri = sri_from_hex_digest(fragment, "sha1");
      ref.integrity = sri.empty() && !fragment.empty() ? "sha1:" + std::string(fragment) : sri;
    }
    ref.resolved.erase(hash);
  }
  for (const auto& descriptor : entry.descriptors) {
    apply_yarn_descriptor(descriptor, &ref);
  }
  if (entry.version.empty()) {
    result->errors.push_back(
        diagnostic_at(path, lines, entry.offset,
                      "missing \"version\" for entry " + quote_text(entry.descriptors.front())));
    return;
  }
  ref.version = entry.version;
  if (ref.source == "registry" && entry.resolved.empty() && entry.integrity.empty()) {
    // yarn writes both for every registry entry: one without either was cut short.
    result->errors.push_back(diagnostic_at(path, lines, entry.offset,
                                           "missing \"resolved\" for entry " +
                                               quote_text(entry.descriptors.front()) +
                                               ": the entry is cut short"));
    return;
  }
  if (ref.source == "registry") {
    classify_npm_resolved(&ref);
  }
  if (!valid_npm_name(ref.name)) {
    result->errors.push_back(diagnostic_at(
        path, lines, entry.offset, "expected a valid package name, got " + quote_text(ref.name)));
    return;
  }
  result->packages.push_back(std::move(ref));
  size_t index = result->packages.size() - 1;
  graph->add_entry(index, entry.descriptors, false);
  for (const auto& [name, range] : entry.dependencies) {
    graph->add_dependency(index, name, range, DependencyKind::required);
  }
  for (const auto& [name, range] : entry.optional_dependencies) {
    graph->add_dependency(index, name, range, DependencyKind::optional);
  }
}

// An indented field line of an open entry: a field, a block opener or a dependency.
void read_field(const std::vector<Token>& tokens, size_t indent, Entry* entry) {
  if (indent == 2 && tokens.size() == 1) {
    entry->block = tokens[0].text;
    return;
  }
  if (indent == 4 && tokens.size() >= 2) {
    if (entry->block == "dependencies") {
      entry->dependencies.emplace_back(tokens[0].text, tokens[1].text);
    } else if (entry->block == "optionalDependencies") {
      entry->optional_dependencies.emplace_back(tokens[0].text, tokens[1].text);
    }
    return;
  }
  if (indent != 2 || tokens.size() < 2) {
    return;  // deeper blocks
  }
  entry->block.clear();
  const std::string& key = tokens[0].text;
  if (key == "version") {
    entry->version = tokens[1].text;
  } else if (key == "resolved") {
    entry->resolved = tokens[1].text;
  } else if (key == "integrity") {
    entry->integrity = tokens[1].text;
  }
}

}  // namespace

LockfileResult parse_yarn_classic(std::string_view text, const std::string& path) {
  LockfileResult result;
  LineIndex lines(text);
  YarnGraph graph;
  Entry entry;
  bool entry_broken = false;  // skip the fields of an entry whose header was bad
  size_t start = 0;
  while (start < text.size()) {
    size_t line_offset = start;
    std::string_view line = next_line(text, &start);
    std::string_view content = trim_space(line);
    if (content.empty() || content[0] == '#') {
      continue;
    }
    size_t indent = line.find_first_not_of(' ');
    std::vector<Token> tokens;
    size_t error_column = 0;
    if (!tokenize(line, &tokens, &error_column)) {
      result.errors.push_back(
          diagnostic_at(path, lines, line_offset + error_column, "unterminated quoted string"));
      if (indent == 0) {
        entry = Entry{};
        entry_broken = true;
      }
      continue;
    }
    if (indent == 0) {
      finish(entry, path, lines, &result, &graph);
      entry = Entry{};
      entry_broken = false;
      if (content.back() != ':') {
        result.errors.push_back(diagnostic_at(path, lines, line_offset + line.size(),
                                              "expected ':' after the package names"));
        entry_broken = true;
        continue;
      }
      entry.open = true;
      entry.offset = line_offset;
      for (auto& token : tokens) {
        entry.descriptors.push_back(std::move(token.text));
      }
      continue;
    }
    if (!entry.open) {
      if (!entry_broken) {
        result.errors.push_back(diagnostic_at(path, lines, line_offset + indent,
                                              "expected a package entry (\"name@range:\") "
                                              "before indented fields"));
        entry_broken = true;
      }
      continue;
    }
    read_field(tokens, indent, &entry);
  }
  finish(entry, path, lines, &result, &graph);
  graph.assign_paths(&result.packages);
  // Nothing usable at all: this is not a yarn classic lockfile.
  if (result.packages.empty() && !result.errors.empty()) {
    result.fatal = true;
    result.errors.front().message += " (not a yarn.lock file?)";
  }
  return result;
}

}  // namespace tarsier
