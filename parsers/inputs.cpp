#include "parsers/inputs.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "analyzer/ecosystem/ecosystem.h"
#include "analyzer/ecosystem/npm/npm.h"
#include "analyzer/ecosystem/pypi/pypi.h"
#include "analyzer/util/json_text.h"
#include "analyzer/util/python_name.h"
#include "parsers/common/text.h"
#include "parsers/detect.h"
#include "parsers/include_scope.h"
#include "parsers/lockfile.h"
#include "parsers/npm/npm_names.h"

namespace tarsier {

namespace fs = std::filesystem;

namespace {

// Larger than any real lockfile (the biggest monorepo lockfiles are tens of MB), small enough
// that a wrong argument (a disk image) is refused instead of read.
constexpr uintmax_t k_max_lockfile_bytes = 256ull << 20;
constexpr int k_max_include_depth = 16;

// Folders never searched for lockfiles: installed dependencies (their lockfiles are not what
// the project installs), VCS data, caches and virtual environments.
bool skipped_directory(const fs::path& dir) {
  static const std::set<std::string> k_names = {
      "node_modules", ".git",          ".hg",         ".svn",         "__pycache__",
      ".tox",         ".nox",          ".venv",       "venv",         ".yarn",
      ".pnpm-store",  "site-packages", ".mypy_cache", ".pytest_cache"};
  if (k_names.count(dir.filename().string()) > 0) {
    return true;
  }
  std::error_code ec;
  return fs::exists(dir / "pyvenv.cfg", ec);  // any virtualenv, whatever its name
}

Result<std::string> read_text_file(const std::string& path) {
  std::error_code ec;
  uintmax_t size = fs::file_size(path, ec);
  if (ec) {
    return make_error(ErrorKind::io, "cannot read: " + ec.message());
  }
  if (size > k_max_lockfile_bytes) {
    return make_error(ErrorKind::invalid,
                      "file too large (" + std::to_string(size) + " bytes) for a lockfile");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return make_error(ErrorKind::io, "cannot open for reading");
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string supported_inputs_message() {
  return "expected a lockfile (" + supported_lockfile_names() +
         "), a directory, a package archive (.tgz, .tar.gz, .whl, .zip) or a package spec "
         "(npm:NAME@VERSION, pypi:NAME==VERSION)";
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Splits "name-1.2.3" at the first (npm) or last (sdist) "-<digit>".
void split_name_version(std::string_view stem, bool first, PackageRef* ref) {
  size_t cut = std::string_view::npos;
  for (size_t i = 0; i + 1 < stem.size(); ++i) {
    if (stem[i] == '-' && std::isdigit(static_cast<unsigned char>(stem[i + 1]))) {
      cut = i;
      if (first) {
        break;
      }
    }
  }
  if (cut == std::string_view::npos) {
    ref->name = std::string(stem);
    return;
  }
  ref->name = std::string(stem.substr(0, cut));
  ref->version = std::string(stem.substr(cut + 1));
}

bool archive_from_file_name(const fs::path& path, const std::string& forced, LocalArchive* out) {
  std::string base = path.filename().string();
  PackageRef& ref = out->ref;
  ref.source = "file";
  ref.resolved = path.string();
  if (ends_with(base, ".whl")) {
    // {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl
    auto parts = split_view(std::string_view(base).substr(0, base.size() - 4), '-');
    ref.ecosystem = pypi_ecosystem().id;
    ref.name = std::string(parts[0]);
    ref.version = parts.size() > 1 ? std::string(parts[1]) : "";
  } else if (ends_with(base, ".tgz")) {
    ref.ecosystem = npm_ecosystem().id;
    split_name_version(std::string_view(base).substr(0, base.size() - 4), true, &ref);
  } else if (ends_with(base, ".tar.gz") || ends_with(base, ".zip")) {
    // npm pack always writes .tgz; .tar.gz and .zip are Python sdists unless forced.
    size_t ext = ends_with(base, ".zip") ? 4 : 7;
    ref.ecosystem = pypi_ecosystem().id;
    split_name_version(std::string_view(base).substr(0, base.size() - ext),
                       forced == npm_ecosystem().id, &ref);
  } else {
    return false;
  }
  if (!forced.empty()) {
    ref.ecosystem = forced;
  }
  out->path = path.string();
  return true;
}

// An unpacked package folder: package.json (npm) or PKG-INFO / setup.py / pyproject.toml.
bool package_folder(const fs::path& dir, const std::string& forced, LocalArchive* out) {
  std::error_code ec;
  PackageRef& ref = out->ref;
  ref.source = "file";
  ref.resolved = dir.string();
  out->path = dir.string();
  out->unpacked = true;
  if (forced != pypi_ecosystem().id && fs::is_regular_file(dir / "package.json", ec)) {
    ref.ecosystem = npm_ecosystem().id;
    if (auto text = read_text_file((dir / "package.json").string())) {
      nlohmann::json manifest;
      JsonTextError ignored;
      parse_json_text(*text, &manifest, &ignored);
      if (manifest.is_object()) {
        ref.name = manifest.value("name", nlohmann::json("")).is_string()
                       ? manifest.value("name", std::string())
                       : "";
        ref.version = manifest.value("version", nlohmann::json("")).is_string()
                          ? manifest.value("version", std::string())
                          : "";
      }
    }
  } else if (forced != npm_ecosystem().id && (fs::is_regular_file(dir / "PKG-INFO", ec) ||
                                              fs::is_regular_file(dir / "setup.py", ec) ||
                                              fs::is_regular_file(dir / "pyproject.toml", ec))) {
    ref.ecosystem = pypi_ecosystem().id;
    if (auto text = read_text_file((dir / "PKG-INFO").string())) {
      for (auto line : split_view(*text, '\n')) {
        line = trim_space(line);
        if (line.empty()) {
          break;  // end of the metadata headers
        }
        if (line.substr(0, 5) == "Name:") {
          ref.name = std::string(trim_space(line.substr(5)));
        } else if (line.substr(0, 8) == "Version:") {
          ref.version = std::string(trim_space(line.substr(8)));
        }
      }
    }
  } else {
    return false;
  }
  if (ref.name.empty()) {
    ref.name = fs::absolute(dir, ec).lexically_normal().filename().string();
  }
  return true;
}

std::vector<fs::path> find_lockfiles(const fs::path& root, const InputOptions& options) {
  std::vector<fs::path> found;
  std::vector<fs::path> pending = {root};
  while (!pending.empty()) {
    fs::path dir = pending.back();
    pending.pop_back();
    std::vector<fs::path> files;
    std::vector<fs::path> subdirs;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      // Symlinked folders are not followed: they can loop or leave the project.
      if (it->is_symlink(ec)) {
        continue;
      }
      if (it->is_directory(ec)) {
        if (options.recursive && !skipped_directory(it->path())) {
          subdirs.push_back(it->path());
        }
      } else if (const auto* parser = find_lockfile_parser(it->path().filename().string())) {
        if (options.ecosystem.empty() || parser->ecosystem() == options.ecosystem) {
          files.push_back(it->path());
        }
      }
    }
    std::sort(files.begin(), files.end());
    found.insert(found.end(), files.begin(), files.end());
    // Reverse order on the stack so folders are visited alphabetically.
    std::sort(subdirs.rbegin(), subdirs.rend());
    pending.insert(pending.end(), subdirs.begin(), subdirs.end());
  }
  return found;
}

void merge_package(PackageRef ref, std::map<std::string, size_t>* seen,
                   std::vector<PackageRef>* packages) {
  std::string identity = package_identity(ref);
  auto it = seen->find(identity);
  if (it == seen->end()) {
    seen->emplace(identity, packages->size());
    packages->push_back(std::move(ref));
    return;
  }
  PackageRef& kept = (*packages)[it->second];
  kept.dev = kept.dev && ref.dev;
  kept.optional = kept.optional && ref.optional;
  kept.peer = kept.peer && ref.peer;
  kept.has_install_script = kept.has_install_script || ref.has_install_script;
  if (kept.integrity.empty()) {
    kept.integrity = ref.integrity;
  }
  if (kept.resolved.empty()) {
    kept.resolved = ref.resolved;
  }
}

class Resolver {
 public:
  Resolver(const InputOptions& options, ResolvedInputs* out) : m_options(options), m_out(out) {}

  void add_argument(const std::string& arg) {
    std::error_code ec;
    fs::file_status status = fs::status(arg, ec);
    if (ec || !fs::exists(status)) {
      if (arg.find(':') != std::string::npos || !m_options.ecosystem.empty()) {
        if (auto ref = parse_package_spec(arg, m_options.ecosystem)) {
          merge_package(std::move(*ref), &m_seen, &m_out->packages);
        } else {
          fail({arg, 0, 0, ref.error().str()});
        }
        return;
      }
      fail({arg, 0, 0, "no such file or directory; " + supported_inputs_message()});
      return;
    }
    if (fs::is_directory(status)) {
      add_directory(arg);
      return;
    }
    if (std::string refusal = lockfile_refusal(arg); !refusal.empty()) {
      fail({arg, 0, 0, refusal});
      return;
    }
    std::string base = fs::path(arg).filename().string();
    const LockfileParser* parser = m_options.lockfile_kind.empty()
                                       ? find_lockfile_parser(base)
                                       : lockfile_parser_by_kind(m_options.lockfile_kind);
    if (parser == nullptr && !m_options.lockfile_kind.empty()) {
      fail({arg, 0, 0,
            "unknown --lockfile-kind '" + m_options.lockfile_kind + "' (expected " +
                lockfile_kinds() + ")"});
      return;
    }
    if (parser == nullptr && m_options.ecosystem == pypi_ecosystem().id &&
        ends_with(base, ".txt")) {
      parser = find_lockfile_parser("requirements.txt");
    }
    LocalArchive archive;
    if (parser == nullptr && archive_from_file_name(arg, m_options.ecosystem, &archive)) {
      m_out->archives.push_back(std::move(archive));
      return;
    }
    if (parser == nullptr && !recognise_by_content(arg, base, &parser)) {
      return;
    }
    if (parser != nullptr) {
      if (!m_options.ecosystem.empty() && parser->ecosystem() != m_options.ecosystem) {
        fail({arg, 0, 0,
              "is a " + std::string(parser->ecosystem()) + " lockfile but --ecosystem is " +
                  m_options.ecosystem});
        return;
      }
      add_lockfile(arg, *parser);
      return;
    }
    fail({arg, 0, 0, "unsupported input: " + supported_inputs_message()});
  }

  // A lockfile given as its text and the name it is shown under; `file_name` picks the format
  // as a path's file name would (--lockfile-kind first, then the name, then the content).
  // Nothing is read from disk: an include (requirements `-r`) is reported, not followed.
  void add_text(const std::string& display_name, const std::string& file_name,
                std::string_view text) {
    const LockfileParser* parser = m_options.lockfile_kind.empty()
                                       ? find_lockfile_parser(file_name)
                                       : lockfile_parser_by_kind(m_options.lockfile_kind);
    if (parser == nullptr && m_options.ecosystem == pypi_ecosystem().id &&
        ends_with(file_name, ".txt")) {
      parser = find_lockfile_parser("requirements.txt");
    }
    if (parser == nullptr && !m_options.lockfile_kind.empty()) {
      fail({display_name, 0, 0,
            "unknown --lockfile-kind '" + m_options.lockfile_kind + "' (expected " +
                lockfile_kinds() + ")"});
      return;
    }
    if (parser == nullptr && !recognise_text(display_name, file_name, text, &parser)) {
      return;
    }
    if (parser == nullptr ||
        (!m_options.ecosystem.empty() && parser->ecosystem() != m_options.ecosystem)) {
      fail({display_name, 0, 0,
            "not a " + (m_options.ecosystem.empty() ? std::string() : m_options.ecosystem + " ") +
                "lockfile tarsier reads (supported: " + supported_lockfile_names() + ")"});
      return;
    }
    m_out->lockfiles.push_back(display_name);
    LockfileResult result = parser->parse(text, display_name);
    m_out->fatal = m_out->fatal || result.fatal;
    for (auto& diagnostic : result.errors) {
      m_out->errors.push_back(std::move(diagnostic));
    }
    for (auto& diagnostic : result.warnings) {
      m_out->warnings.push_back(std::move(diagnostic));
    }
    for (const auto& include : result.includes) {
      m_out->errors.push_back(
          {display_name, include.line, include.column,
           "includes " + include.path + ", which is not followed in a lockfile given as text"});
    }
    merge_packages(std::move(result.packages), {});
  }

 private:
  // A file whose name says nothing: its content decides. False (after reporting) when it is
  // the lockfile of an ecosystem tarsier does not support.
  bool recognise_by_content(const std::string& path, const std::string& base,
                            const LockfileParser** parser) {
    auto text = read_text_file(path);
    return recognise_text(path, base, text ? *text : std::string(), parser);
  }

  bool recognise_text(const std::string& path, const std::string& base, std::string_view text,
                      const LockfileParser** parser) {
    if (std::string other = unsupported_lockfile(base, text); !other.empty()) {
      fail({path, 0, 0,
            "is a " + other + " lockfile: not supported (supported: " + supported_lockfile_names() +
                ")"});
      return false;
    }
    *parser = detect_lockfile_parser(text);
    return true;
  }

  void fail(Diagnostic diagnostic) {
    m_out->errors.push_back(std::move(diagnostic));
    m_out->fatal = true;
  }

  void add_directory(const std::string& dir) {
    std::vector<fs::path> lockfiles = find_lockfiles(dir, m_options);
    if (!lockfiles.empty()) {
      for (const auto& path : lockfiles) {
        add_lockfile(path.string(), *find_lockfile_parser(path.filename().string()));
      }
      return;
    }
    LocalArchive folder;
    if (package_folder(dir, m_options.ecosystem, &folder)) {
      m_out->archives.push_back(std::move(folder));
      return;
    }
    fail({dir, 0, 0,
          std::string("no lockfile found") + (m_options.recursive ? " below it" : " in it") +
              " (supported: " + supported_lockfile_names() + ")" +
              (m_options.recursive ? "" : "; --recursive also searches subfolders")});
  }

  // Parses one lockfile and, for requirements files, the files it includes.
  void add_lockfile(const std::string& path, const LockfileParser& parser) {
    std::vector<PackageRef> packages;
    std::vector<PackageRef> constraints;
    struct Pending {
      std::string path;
      bool constraints;
      int depth;
      Diagnostic origin;  // where it was included from, for errors
    };
    if (std::string refusal = lockfile_refusal(path); !refusal.empty()) {
      fail({path, 0, 0, refusal});
      return;
    }
    std::vector<Pending> queue = {{path, false, 0, {}}};
    const fs::path root = include_root(path);
    while (!queue.empty()) {
      Pending item = std::move(queue.front());
      queue.erase(queue.begin());
      std::error_code ec;
      std::string key = fs::weakly_canonical(item.path, ec).string();
      if (!m_visited.insert(key.empty() ? item.path : key).second) {
        continue;  // already read (an include cycle, or the same file given twice)
      }
      auto read = read_text_file(item.path);
      if (!read) {
        const std::string& error = read.error().message();
        Diagnostic diagnostic = item.depth == 0 ? Diagnostic{item.path, 0, 0, error} : item.origin;
        if (item.depth > 0) {
          diagnostic.message = "cannot include " + item.path + ": " + error;
        }
        fail(std::move(diagnostic));
        continue;
      }
      const std::string& text = *read;
      m_out->lockfiles.push_back(item.path);
      LockfileResult result = parser.parse(text, item.path);
      m_out->fatal = m_out->fatal || result.fatal;
      for (auto& diagnostic : result.errors) {
        m_out->errors.push_back(std::move(diagnostic));
      }
      for (auto& diagnostic : result.warnings) {
        m_out->warnings.push_back(std::move(diagnostic));
      }
      auto& target = item.constraints ? constraints : packages;
      target.insert(target.end(), std::make_move_iterator(result.packages.begin()),
                    std::make_move_iterator(result.packages.end()));
      for (const auto& include : result.includes) {
        Diagnostic origin{item.path, include.line, include.column, ""};
        if (item.depth + 1 > k_max_include_depth) {
          origin.message = "includes nested too deeply (more than " +
                           std::to_string(k_max_include_depth) + " levels)";
          fail(std::move(origin));
          continue;
        }
        fs::path target_path = fs::path(include.path).is_absolute()
                                   ? fs::path(include.path)
                                   : fs::path(item.path).parent_path() / include.path;
        if (std::string refusal = include_refusal(target_path, root); !refusal.empty()) {
          origin.message = "not following the include of " + include.path + ": " + refusal;
          fail(std::move(origin));
          continue;
        }
        queue.push_back({target_path.lexically_normal().string(),
                         item.constraints || include.constraints, item.depth + 1, origin});
      }
    }
    merge_packages(std::move(packages), constraints);
  }

  void merge_packages(std::vector<PackageRef> packages,
                      const std::vector<PackageRef>& constraints) {
    apply_constraints(constraints, &packages);
    for (auto& ref : packages) {
      if (ref.version.empty() && ref.source == "registry") {
        m_out->warnings.push_back({ref.lockfile, ref.line, 0,
                                   ref.name + " is not pinned to a version; the newest release "
                                              "will be scanned, which may not be what installs"});
      }
      merge_package(std::move(ref), &m_seen, &m_out->packages);
    }
  }

  // A constraints file (`-c`) pins versions of packages listed elsewhere and adds none.
  static void apply_constraints(const std::vector<PackageRef>& constraints,
                                std::vector<PackageRef>* packages) {
    for (auto& ref : *packages) {
      if (!ref.version.empty() || ref.source != "registry") {
        continue;
      }
      for (const auto& pin : constraints) {
        if (pin.ecosystem == ref.ecosystem && !pin.version.empty() &&
            normalize_project_name(pin.name) == normalize_project_name(ref.name)) {
          ref.version = pin.version;
          if (ref.integrity.empty()) {
            ref.integrity = pin.integrity;
          }
          break;
        }
      }
    }
  }

  const InputOptions& m_options;
  ResolvedInputs* m_out;
  std::map<std::string, size_t> m_seen;
  std::set<std::string> m_visited;
};

Result<void> parse_npm_spec(std::string_view rest, PackageRef* ref) {
  std::string name;
  std::string version;
  if (split_name_at(rest, &name, &version)) {
    ref->name = name;
    ref->version = version;
  } else {
    ref->name = std::string(rest);
  }
  if (!valid_npm_name(ref->name)) {
    return make_error(ErrorKind::invalid, "invalid npm package name " + quote_text(ref->name) +
                                              " in spec; expected npm:NAME@VERSION");
  }
  return {};
}

Result<void> parse_python_spec(std::string_view rest, PackageRef* ref) {
  size_t eq = rest.find("==");
  std::string_view name = trim_space(rest.substr(0, eq));
  if (size_t extras = name.find('['); extras != std::string_view::npos) {
    name = name.substr(0, extras);  // "requests[socks]": extras do not change the archive
  }
  ref->name = std::string(name);
  ref->version = eq == std::string_view::npos ? "" : std::string(trim_space(rest.substr(eq + 2)));
  if (!is_valid_project_name(ref->name)) {
    return make_error(ErrorKind::invalid, "invalid PyPI project name " + quote_text(ref->name) +
                                              " in spec; expected pypi:NAME==VERSION");
  }
  return {};
}

}  // namespace

ResolvedInputs resolve_lockfile_text(const std::string& display_name, const std::string& file_name,
                                     std::string_view text, const InputOptions& options) {
  ResolvedInputs out;
  Resolver resolver(options, &out);
  resolver.add_text(display_name, file_name, text);
  return out;
}

Result<PackageRef> parse_package_spec(const std::string& spec,
                                      const std::string& default_ecosystem) {
  std::string ecosystem = default_ecosystem;
  std::string_view rest = spec;
  bool prefixed = false;
  for (const Ecosystem* known : all_ecosystems()) {
    if (rest.size() > known->id.size() && rest.substr(0, known->id.size()) == known->id &&
        rest[known->id.size()] == ':') {
      ecosystem = known->id;
      rest.remove_prefix(known->id.size() + 1);
      prefixed = true;
      break;
    }
  }
  if (!prefixed && ecosystem.empty()) {
    return make_error(ErrorKind::invalid,
                      "not a file, directory or package spec; " + supported_inputs_message());
  }
  PackageRef ref;
  ref.ecosystem = ecosystem;
  ref.lockfile = "";
  Result<void> parsed =
      ecosystem == npm_ecosystem().id ? parse_npm_spec(rest, &ref)
      : ecosystem == pypi_ecosystem().id
          ? parse_python_spec(rest, &ref)
          : make_error(ErrorKind::invalid, "unknown ecosystem " + quote_text(ecosystem) +
                                               "; expected " + ecosystem_ids());
  if (!parsed) {
    return parsed.error();
  }
  return ref;
}

std::string package_identity(const PackageRef& ref) {
  std::string name = normalize_package_name(ref.ecosystem, ref.name);
  std::string identity = ref.ecosystem + ":" + name + "@" + ref.version;
  if (ref.version.empty() || ref.source != "registry") {
    identity += "#" + ref.source + ":" + ref.resolved;
  }
  return identity;
}

ResolvedInputs resolve_inputs(const std::vector<std::string>& args, const InputOptions& options) {
  ResolvedInputs out;
  if (!options.ecosystem.empty() && find_ecosystem(options.ecosystem) == nullptr) {
    out.errors.push_back(
        {"--ecosystem", 0, 0,
         "unknown ecosystem " + quote_text(options.ecosystem) + "; expected " + ecosystem_ids()});
    out.fatal = true;
    return out;
  }
  Resolver resolver(options, &out);
  for (const auto& arg : args) {
    resolver.add_argument(arg);
  }
  return out;
}

}  // namespace tarsier
