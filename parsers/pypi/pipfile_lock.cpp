// Pipfile.lock (pipenv, pipfile-spec 6): JSON with "default" (production) and "develop"
// sections mapping names to {"version": "==1.0", "hashes": ["sha256:..."]}, or to direct
// references {"git": URL, "ref": SHA} / {"path": DIR} / {"file": URL}.
#include "analyzer/ecosystem/pypi/pypi.h"
#include "parsers/common/json_document.h"
#include "parsers/formats.h"
#include "parsers/pypi/python_lock.h"

namespace tarsier {

namespace {

using nlohmann::json;

class PipfileLockParser final : public LockfileParser {
 public:
  std::string_view format() const override { return "Pipfile.lock"; }
  std::string_view ecosystem() const override { return pypi_ecosystem().id; }
  bool accepts_file_name(std::string_view base_name) const override {
    return base_name == "Pipfile.lock";
  }

  LockfileResult parse(std::string_view text, const std::string& path) const override {
    LockfileResult result;
    JsonDocument doc;
    JsonParseOptions options;
    options.key_depth = 2;
    if (!parse_json_lockfile(text, path, options, &doc, &result)) {
      return result;
    }
    if (!doc.root.contains("default") && !doc.root.contains("develop") &&
        !doc.root.contains("_meta")) {
      result.errors.push_back(
          {path, 1, 1, "not a Pipfile.lock: expected \"_meta\", \"default\" or \"develop\""});
      result.fatal = true;
      return result;
    }
    for (const char* section : {"default", "develop"}) {
      auto packages = doc.root.find(section);
      if (packages == doc.root.end()) {
        continue;
      }
      if (!packages->is_object()) {
        result.errors.push_back(
            doc.error_at({section}, std::string("expected \"") + section + "\" to be an object"));
        continue;
      }
      for (const auto& [name, entry] : packages->items()) {
        std::vector<std::string> key_path = {section, name};
        Diagnostic at = doc.error_at(key_path, "");
        if (!entry.is_object()) {
          at.message = "expected an object for package " + quote_text(name);
          result.errors.push_back(std::move(at));
          continue;
        }
        std::string version;
        std::string error;
        if (!json_string_member(entry, "version", &version, &error)) {
          at.message = error + " for package " + quote_text(name);
          result.errors.push_back(std::move(at));
          continue;
        }
        PackageRef ref;
        ref.lockfile = path;
        ref.line = at.line;
        ref.name = name;
        ref.dev = std::string_view(section) == "develop";
        // Locked versions are written as "==1.2.3".
        ref.version =
            version.substr(0, 2) == "==" ? version.substr(version.rfind('=') + 1) : version;
        std::string git, ref_sha, local, file;
        json_string_member(entry, "git", &git, &error);
        json_string_member(entry, "ref", &ref_sha, &error);
        json_string_member(entry, "path", &local, &error);
        json_string_member(entry, "file", &file, &error);
        if (!git.empty()) {
          set_python_source("git", git + (ref_sha.empty() ? "" : "#" + ref_sha), &ref);
        } else if (!local.empty()) {
          set_python_source(json_flag(entry, "editable") ? "workspace" : "file", local, &ref);
        } else if (!file.empty()) {
          set_python_source(file.rfind("http", 0) == 0 ? "http" : "file", file, &ref);
        }
        if (auto hashes = entry.find("hashes"); hashes != entry.end() && hashes->is_array()) {
          for (const auto& hash : *hashes) {
            if (hash.is_string()) {
              add_python_hash(&ref, hash.get<std::string>());
            }
          }
        }
        add_python_package(std::move(ref), at.column, &result);
      }
    }
    finish_lockfile_result(&result);
    return result;
  }
};

}  // namespace

const LockfileParser& pipfile_lock_parser() {
  static const PipfileLockParser parser;
  return parser;
}

}  // namespace tarsier
