#include "tests/support/pack_python.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "analyzer/util/base64.h"
#include "analyzer/util/integrity.h"
#include "tests/support/pack.h"

namespace tarsier::test {
namespace {

// Wheel and sdist names replace '-' and '.' in the project name with '_' (PEP 427, PEP 625).
std::string dist_name(const std::string& name) {
  std::string out = name;
  std::replace(out.begin(), out.end(), '-', '_');
  std::replace(out.begin(), out.end(), '.', '_');
  return out;
}

std::string metadata(const std::string& name, const std::string& version) {
  return "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version +
         "\nSummary: test fixture\n";
}

// RECORD hashes are urlsafe base64 without padding (PEP 376 / PEP 427).
std::string record_hash(const std::string& bytes) {
  auto raw = from_hex(hex_digest("sha256", bytes));
  std::string b64 = base64_encode(raw ? *raw : std::string());
  std::replace(b64.begin(), b64.end(), '+', '-');
  std::replace(b64.begin(), b64.end(), '/', '_');
  b64.erase(std::remove(b64.begin(), b64.end(), '='), b64.end());
  return "sha256=" + b64;
}

bool is_build_file(const std::string& path) {
  return path == "setup.py" || path == "setup.cfg" || path == "pyproject.toml" ||
         path == "PKG-INFO";
}

}  // namespace

FileList read_tree(const std::string& dir) {
  FileList files;
  std::error_code ec;
  std::filesystem::recursive_directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file()) {
      continue;
    }
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    files.emplace_back(std::filesystem::relative(it->path(), dir).generic_string(), content.str());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string sdist_file_name(const std::string& name, const std::string& version) {
  return dist_name(name) + "-" + version + ".tar.gz";
}

std::string wheel_file_name(const std::string& name, const std::string& version) {
  return dist_name(name) + "-" + version + "-py3-none-any.whl";
}

std::string pack_sdist(const std::string& name, const std::string& version, const FileList& files) {
  std::string root = dist_name(name) + "-" + version + "/";
  std::vector<RawEntry> entries;
  auto add = [&](const std::string& path, const std::string& content) {
    RawEntry e;
    e.path = root + path;
    e.data = content;
    entries.push_back(std::move(e));
  };
  add("PKG-INFO", metadata(name, version));
  for (const auto& [path, content] : files) {
    if (path != "PKG-INFO") {
      add(path, content);
    }
  }
  return pack_raw_entries(entries);
}

std::string pack_wheel(const std::string& name, const std::string& version, const FileList& files) {
  std::string info = dist_name(name) + "-" + version + ".dist-info/";
  FileList out;
  for (const auto& file : files) {
    if (!is_build_file(file.first)) {
      out.push_back(file);
    }
  }
  out.emplace_back(info + "METADATA", metadata(name, version));
  out.emplace_back(info + "WHEEL",
                   "Wheel-Version: 1.0\nGenerator: tarsier-tests\nRoot-Is-Purelib: true\n"
                   "Tag: py3-none-any\n");
  std::string record;
  for (const auto& [path, content] : out) {
    record += path + "," + record_hash(content) + "," + std::to_string(content.size()) + "\n";
  }
  record += info + "RECORD,,\n";
  out.emplace_back(info + "RECORD", record);
  return pack_zip_files(out);
}

std::string sha256_hex(const std::string& bytes) {
  return hex_digest("sha256", bytes);
}

}  // namespace tarsier::test
