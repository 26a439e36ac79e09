#include "parsers/pypi/python_lock.h"

#include "analyzer/ecosystem/pypi/pypi.h"
#include "analyzer/util/python_name.h"
#include "parsers/common/hashes.h"
#include "parsers/common/sources.h"
#include "parsers/common/text.h"
#include "parsers/formats.h"

namespace tarsier {

void add_python_hash(PackageRef* ref, std::string_view digest) {
  // A digest that does not convert is kept as written, so finish_lockfile_result rejects the
  // entry instead of the pin silently disappearing.
  std::string sri = sri_from_hex_digest(digest);
  append_sri(&ref->integrity, sri.empty() ? std::string(digest) : sri);
}

void add_python_file_hashes(const toml::node* files, PackageRef* ref) {
  auto add_one = [ref](const toml::table& file) {
    add_python_hash(ref, toml_string(file, "hash"));
    if (const auto* hashes = file.get_as<toml::table>("hashes")) {
      for (const auto& [algorithm, value] : *hashes) {
        if (const auto* text = value.as_string()) {
          add_python_hash(ref, std::string(algorithm.str()) + ":" + text->get());
        }
      }
    }
  };
  if (files == nullptr) {
    return;
  }
  if (const auto* table = files->as_table()) {
    add_one(*table);
    return;
  }
  if (const auto* array = files->as_array()) {
    for (const auto& file : *array) {
      if (const auto* table = file.as_table()) {
        add_one(*table);
      }
    }
  }
}

void set_python_source(std::string source, std::string location, PackageRef* ref) {
  ref->source = std::move(source);
  ref->resolved = strip_url_credentials(location);
}

bool add_python_package(PackageRef ref, int column, LockfileResult* result) {
  ref.ecosystem = pypi_ecosystem().id;
  if (!is_valid_project_name(ref.name)) {
    result->errors.push_back({ref.lockfile, ref.line, column,
                              "expected a valid Python package name, got " + quote_text(ref.name)});
    return false;
  }
  if (ref.version.empty() && ref.source == "registry") {
    result->errors.push_back(
        {ref.lockfile, ref.line, column, "missing \"version\" for package " + ref.name});
    return false;
  }
  result->packages.push_back(std::move(ref));
  return true;
}

void for_each_package_table(const toml::table& root, std::string_view key, const std::string& path,
                            LockfileResult* result,
                            const std::function<void(const toml::table&)>& read) {
  std::string error;
  const toml::array* packages = toml_table_array(root, key, &error);
  if (!error.empty()) {
    result->errors.push_back(toml_error_at(path, *root.get(key), error));
    result->fatal = true;
    return;
  }
  if (packages == nullptr) {
    return;
  }
  for (const auto& node : *packages) {
    const toml::table* table = node.as_table();
    if (table == nullptr) {
      result->errors.push_back(
          toml_error_at(path, node, "expected a table in [[" + std::string(key) + "]]"));
      continue;
    }
    // Wrong types are reported here once for every format: `version = 5` is a bad entry.
    bool typed = true;
    for (const char* field : {"name", "version"}) {
      const toml::node* value = table->get(field);
      if (value != nullptr && !value->is_string()) {
        result->errors.push_back(
            toml_error_at(path, *value, std::string("expected \"") + field + "\" to be a string"));
        typed = false;
      }
    }
    if (typed) {
      read(*table);
    }
  }
}

LockfileResult parse_python_toml_lock(
    std::string_view text, const std::string& path, const PythonTomlFormat& format,
    const std::function<void(const toml::table& root, const toml::table& package, PackageRef* ref)>&
        read,
    const std::function<void(const std::vector<const toml::table*>& tables,
                             LockfileResult* result)>& finish) {
  LockfileResult result;
  toml::table root;
  if (!load_toml_lockfile(text, path, format.description, &root, &result)) {
    return result;
  }
  if (std::string why_not = format.recognise(root); !why_not.empty()) {
    result.errors.push_back({path, 1, 1, why_not});
    result.fatal = true;
    return result;
  }
  std::vector<const toml::table*> tables;
  for_each_package_table(root, format.package_key, path, &result, [&](const toml::table& package) {
    PackageRef ref;
    ref.lockfile = path;
    ref.line = toml_line(package);
    ref.name = toml_string(package, "name");
    ref.version = toml_string(package, "version");
    read(root, package, &ref);
    if (add_python_package(std::move(ref), 1, &result)) {
      tables.push_back(&package);
    }
  });
  if (finish) {
    finish(tables, &result);
  }
  finish_lockfile_result(&result);
  return result;
}

}  // namespace tarsier
