// requirements.txt (pip's format): one requirement per logical line (backslash continues a
// line), `#` comments, `==` pins with `--hash=sha256:...`, environment markers after ';',
// `-r` / `-c` includes (returned in LockfileResult::includes for the caller to read), `-e`
// editables, and direct references (`name @ URL`, bare URLs and paths with #egg=). Unpinned
// requirements keep an empty version: they are listed, never dropped.
#include <cctype>

#include "analyzer/ecosystem/pypi/pypi.h"
#include "analyzer/util/ascii.h"
#include "analyzer/util/python_name.h"
#include "parsers/common/sources.h"
#include "parsers/common/text.h"
#include "parsers/formats.h"
#include "parsers/pypi/python_lock.h"

namespace tarsier {

namespace {

struct LogicalLine {
  std::string text;
  size_t offset = 0;  // of the first physical line
};

std::vector<LogicalLine> logical_lines(std::string_view text) {
  std::vector<LogicalLine> out;
  LogicalLine current;
  bool continuing = false;
  size_t start = 0;
  while (start < text.size()) {
    size_t line_start = start;
    std::string_view line = next_line(text, &start);
    if (!continuing) {
      current = LogicalLine{"", line_start};
    }
    // A comment ends the logical line even when it ends in a backslash (pip does the same).
    continuing = !line.empty() && line.back() == '\\';
    current.text += continuing ? line.substr(0, line.size() - 1) : line;
    if (!continuing) {
      out.push_back(std::move(current));
    }
  }
  if (continuing) {
    out.push_back(std::move(current));
  }
  return out;
}

// Drops a comment: '#' at the start or after whitespace (a URL fragment like #egg= stays).
std::string_view strip_comment(std::string_view line) {
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
      return line.substr(0, i);
    }
  }
  return line;
}

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
}

std::string_view strip_extras(std::string_view name) {
  return trim_space(name.substr(0, name.find('[')));
}

bool is_direct_location(std::string_view text) {
  return !source_of_url(text).empty() || text.substr(0, 4) == "hg+:" ||
         text.substr(0, 3) == "hg+" || text.substr(0, 4) == "svn+" || text.substr(0, 4) == "bzr+" ||
         text == ".";
}

std::string source_of_location(std::string_view location) {
  std::string source = source_of_url(location);
  if (location.substr(0, 3) == "hg+" || location.substr(0, 4) == "svn+" ||
      location.substr(0, 4) == "bzr+") {
    return "git";  // version control of any kind: fetched from a repository, not the index
  }
  return source.empty() ? "file" : source;
}

// The project name of a bare URL or path: #egg=NAME, else a wheel or sdist file name.
std::string name_of_location(std::string_view location) {
  if (size_t egg = location.find("#egg="); egg != std::string_view::npos) {
    std::string_view name = location.substr(egg + 5);
    return std::string(name.substr(0, name.find('&')));
  }
  std::string_view base = location.substr(0, location.find_first_of("#?"));
  base = base.substr(base.rfind('/') + 1);
  for (std::string_view ext : {".whl", ".tar.gz", ".zip", ".tar.bz2"}) {
    if (base.size() > ext.size() && base.substr(base.size() - ext.size()) == ext) {
      base = base.substr(0, base.size() - ext.size());
      // name-version[-...]: the name stops at the first "-<digit>".
      for (size_t i = 0; i + 1 < base.size(); ++i) {
        if (base[i] == '-' && std::isdigit(static_cast<unsigned char>(base[i + 1]))) {
          return std::string(base.substr(0, i));
        }
      }
      return std::string(base);
    }
  }
  return "";
}

class RequirementsParser final : public LockfileParser {
 public:
  std::string_view format() const override { return "requirements.txt"; }
  std::string_view ecosystem() const override { return pypi_ecosystem().id; }
  bool accepts_file_name(std::string_view base_name) const override {
    // requirements.txt, requirements-dev.txt, requirements_test.txt, requirements.lock.txt
    return base_name.substr(0, 12) == "requirements" && base_name.size() >= 16 &&
           base_name.substr(base_name.size() - 4) == ".txt";
  }

  LockfileResult parse(std::string_view text, const std::string& path) const override {
    LockfileResult result;
    if (is_blank(text)) {
      result.errors.push_back({path, 1, 1, "empty file: expected requirements (name==version)"});
      result.fatal = true;
      return result;
    }
    LineIndex lines(text);
    size_t usable = 0;
    std::string_view tail = trim_space(text);
    if (!tail.empty() && tail.back() == '\\') {
      // A continuation with nothing after it: the file was cut short.
      result.errors.push_back(diagnostic_at(path, lines, text.size(),
                                            "unexpected end of file after a line continuation"));
    }
    // Kept in a named vector: GCC 12 warns falsely (free-nonheap-object) on a range-for over
    // the returned temporary.
    const std::vector<LogicalLine> all_lines = logical_lines(text);
    for (const auto& logical : all_lines) {
      std::string_view content = trim_space(strip_comment(logical.text));
      if (content.empty()) {
        continue;
      }
      size_t column = logical.text.find(content.front());
      auto error = [&](std::string message) {
        result.errors.push_back(
            diagnostic_at(path, lines, logical.offset + column, std::move(message)));
      };
      if (content[0] == '-') {
        usable += parse_option(content, lines.line(logical.offset), static_cast<int>(column) + 1,
                               path, &result, error);
        continue;
      }
      usable += parse_requirement(content, path, lines.line(logical.offset), false, &result, error);
    }
    if (usable == 0 && !result.errors.empty()) {
      result.fatal = true;  // not one line made sense: not a requirements file
    }
    finish_lockfile_result(&result);
    return result;
  }

 private:
  template <typename OnError>
  static size_t parse_option(std::string_view content, int line, int column,
                             const std::string& path, LockfileResult* result,
                             const OnError& error) {
    size_t name_end = content.find_first_of(" \t=");
    std::string_view option = content.substr(0, name_end);
    std::string_view value =
        name_end == std::string_view::npos ? std::string_view() : content.substr(name_end + 1);
    value = trim_space(value);
    if (option == "-r" || option == "--requirement" || option == "-c" || option == "--constraint") {
      if (value.empty()) {
        error("expected a file name after " + std::string(option));
        return 0;
      }
      bool constraints = option == "-c" || option == "--constraint";
      result->includes.push_back({std::string(value), constraints, line, column});
      return 1;
    }
    if (option == "-e" || option == "--editable") {
      return parse_requirement(value, path, line, true, result, error);
    }
    // Where pip looks for packages. tarsier asks the index of pip's configuration or its own
    // --index-url instead, and says so, since the locked packages may come from elsewhere. The
    // value is not repeated: index URLs often carry credentials.
    static const std::vector<std::string_view> k_sources = {
        "-i", "--index-url", "--extra-index-url", "-f", "--find-links", "--no-index"};
    for (auto source : k_sources) {
      if (option == source) {
        result->warnings.push_back({path, line, column,
                                    std::string(option) +
                                        " is not followed: packages are looked up on the index "
                                        "from pip's configuration or tarsier's --index-url"});
        return 1;
      }
    }
    static const std::vector<std::string_view> k_ignored = {
        "--trusted-host",   "--pre",         "--prefer-binary",   "--only-binary",  "--no-binary",
        "--require-hashes", "--use-feature", "--config-settings", "--global-option"};
    for (auto ignored : k_ignored) {
      if (option == ignored) {
        return 1;  // affects how pip downloads, not what is locked
      }
    }
    error("unsupported option " + quote_text(option));
    return 0;
  }

  template <typename OnError>
  static size_t parse_requirement(std::string_view content, const std::string& path, int line,
                                  bool editable, LockfileResult* result, const OnError& error) {
    PackageRef ref;
    ref.ecosystem = pypi_ecosystem().id;
    ref.lockfile = path;
    ref.line = line;
    std::string_view requirement = read_hash_options(content, &ref);
    // Environment markers cannot be evaluated for the machine that will install; keep the
    // requirement (scanning one too many is safer than missing one).
    bool url_like = requirement.find("://") != std::string_view::npos;
    size_t marker = url_like ? requirement.find(" ;") : requirement.find(';');
    requirement = trim_space(requirement.substr(0, marker));
    if (requirement.empty()) {
      error("expected a requirement such as name==1.0");
      return 0;
    }
    size_t at = requirement.find('@');
    if (at != std::string_view::npos && !is_direct_location(requirement)) {
      // PEP 508 direct reference: "name[extras] @ URL".
      ref.name = std::string(strip_extras(requirement.substr(0, at)));
      std::string_view location = trim_space(requirement.substr(at + 1));
      set_python_source(source_of_location(location), std::string(location), &ref);
    } else if (!is_direct_location(requirement) &&
               requirement.find('/') != std::string_view::npos &&
               requirement.find_first_of(": \t") != std::string_view::npos) {
      // Not a URL, and a local path would hold no ':' or blank: some other file read as a
      // requirements file (`-r /etc/passwd`). Never a package.
      error("expected a requirement such as name==1.0 or a local path, got " +
            quote_text(requirement.substr(0, 80)));
      return 0;
    } else if (is_direct_location(requirement) || requirement.find('/') != std::string_view::npos) {
      if (!read_location(requirement, editable, &ref, error)) {
        return 0;
      }
    } else if (!read_name_and_pin(requirement, &ref, error)) {
      return 0;
    }
    if (!is_valid_project_name(ref.name)) {
      error("expected a requirement such as name==1.0, got " + quote_text(requirement));
      return 0;
    }
    result->packages.push_back(std::move(ref));
    return 1;
  }

  // Per-requirement options: --hash=sha256:<hex> (repeatable) are added to `ref`; the rest of the
  // line before them is the requirement.
  static std::string_view read_hash_options(std::string_view content, PackageRef* ref) {
    size_t options = content.find(" --");
    if (options == std::string_view::npos) {
      return content;
    }
    for (auto token : split_view(content.substr(options), ' ')) {
      token = trim_space(token);
      if (token == "--hash=") {
        add_python_hash(ref, "(empty)");  // rejected as malformed, never ignored
      } else if (token.substr(0, 7) == "--hash=") {
        add_python_hash(ref, token.substr(7));
      } else if (!token.empty() && token.substr(0, 2) != "--" && ref->integrity.empty()) {
        add_python_hash(ref, token);  // "--hash sha256:..." with a space
      }
    }
    return content.substr(0, options);
  }

  // A URL or a local path; the name comes from the location (#egg=, the file name).
  template <typename OnError>
  static bool read_location(std::string_view requirement, bool editable, PackageRef* ref,
                            const OnError& error) {
    ref->name = name_of_location(requirement);
    std::string source = source_of_location(requirement);
    if (editable && source == "file") {
      source = "workspace";  // `-e ./pkg`: the project's own code, not fetched
    }
    set_python_source(source, std::string(requirement), ref);
    if (ref->name.empty()) {
      ref->name = std::string(requirement.substr(requirement.find_last_of('/') + 1));
      if (!is_valid_project_name(ref->name)) {
        error("cannot tell the package name of " + quote_text(requirement) +
              "; write it as NAME @ URL or add #egg=NAME");
        return false;
      }
    }
    return true;
  }

  // "name[extras] SPECIFIERS": the name, and the version when one exact clause pins it.
  template <typename OnError>
  static bool read_name_and_pin(std::string_view requirement, PackageRef* ref,
                                const OnError& error) {
    size_t end = 0;
    while (end < requirement.size() && name_char(requirement[end])) {
      ++end;
    }
    ref->name = std::string(requirement.substr(0, end));
    if (ref->name.empty()) {
      error("expected a requirement such as name==1.0, got " + quote_text(requirement));
      return false;
    }
    std::string_view rest = trim_space(requirement.substr(end));
    if (!rest.empty() && rest[0] == '[') {
      size_t close = rest.find(']');
      if (close == std::string_view::npos) {
        error("expected ']' to close the extras of " + quote_text(ref->name));
        return false;
      }
      rest = trim_space(rest.substr(close + 1));
    }
    if (!rest.empty() && rest[0] == '(' && rest.back() == ')') {
      rest = trim_space(rest.substr(1, rest.size() - 2));  // old "name (==1.0)" form
    }
    return read_pin(rest, ref, error);
  }

  // The specifiers after the name: pinned only by one exact clause; ranges and wildcards leave
  // the version open.
  template <typename OnError>
  static bool read_pin(std::string_view rest, PackageRef* ref, const OnError& error) {
    std::string_view pin;
    if (rest.substr(0, 3) == "===") {
      pin = rest.substr(3);
    } else if (rest.substr(0, 2) == "==") {
      pin = rest.substr(2);
    }
    pin = trim_space(pin);
    if (rest.find_first_not_of("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                               ".*+!_<>=~, \t-") != std::string_view::npos) {
      error("expected a version specifier such as ==1.0 after " + quote_text(ref->name) + ", got " +
            quote_text(rest.substr(0, 80)));
      return false;
    }
    if (!rest.empty() && std::string_view("<>=!~,").find(rest.back()) != std::string_view::npos) {
      error("the version specifier of " + quote_text(ref->name) +
            " is cut short: " + quote_text(rest));
      return false;
    }
    if (!pin.empty() && pin.find_first_of(",*<>!~= ") == std::string_view::npos) {
      ref->version = std::string(pin);
    } else if (!rest.empty() && rest.find_first_of("<>=!~") != 0) {
      error("expected a version specifier such as ==1.0 after " + quote_text(ref->name) + ", got " +
            quote_text(rest));
      return false;
    }
    return true;
  }
};

}  // namespace

const LockfileParser& requirements_parser() {
  static const RequirementsParser parser;
  return parser;
}

}  // namespace tarsier
