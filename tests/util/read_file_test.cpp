#include "analyzer/util/read_file.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

using namespace tarsier;

TEST_CASE("read_file_bytes: a file's exact bytes, in one allocation of its size", "[read_file]") {
  auto dir = std::filesystem::temp_directory_path() / "tarsier-read-file-test";
  std::filesystem::create_directories(dir);
  std::string bytes(300000, '\0');
  for (size_t i = 0; i < bytes.size(); ++i)
    bytes[i] = static_cast<char>(i * 7 % 251);
  auto path = (dir / "archive.tgz").string();
  std::ofstream(path, std::ios::binary) << bytes;
  auto read = read_file_bytes(path);
  REQUIRE(read);
  CHECK(*read == bytes);
  CHECK(read->capacity() < bytes.size() + bytes.size() / 8);  // not grown by doubling
  std::ofstream(dir / "empty", std::ios::binary).close();
  auto empty = read_file_bytes((dir / "empty").string());
  REQUIRE(empty);
  CHECK(empty->empty());
  CHECK_FALSE(read_file_bytes((dir / "missing").string()));
  CHECK_FALSE(read_file_bytes(dir.string()));  // a directory is not a file
  std::filesystem::remove_all(dir);
}
