// Regression tests for state left behind by a crash or by damaged bytes: a scan whose process
// died is marked interrupted by the next scan, and a .tgz whose gzip trailer does not match its
// content is reported instead of read as whole.
#include <catch2/catch.hpp>

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analyzer/archive/archive_reader.h"
#include "analyzer/archive/gzip_check.h"
#include "analyzer/db/risk_db.h"
#include "tests/support/db_samples.h"
#include "tests/support/pack.h"
#include "tests/support/process.h"

using namespace tarsier;
using namespace tarsier::test;

namespace {

pid_t dead_pid() {
  pid_t child = fork();
  if (child == 0) {
    _exit(0);
  }
  int status = 0;
  waitpid(child, &status, 0);
  return child;
}

}  // namespace

TEST_CASE("a scan whose process died is marked interrupted by the next one", "[hardening][db]") {
  TempDir dir;
  std::string path = dir.path() + "/risk.db";
  auto db = must(RiskDb::open(path));
  REQUIRE(db);
  int64_t killed = must(db->begin_scan(sample_scan_record()));
  int64_t running = must(db->begin_scan(sample_scan_record()));  // this process: alive
  REQUIRE(killed > 0);
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
  std::string sql = "UPDATE scans SET pid = " + std::to_string(dead_pid()) +
                    " WHERE id = " + std::to_string(killed);
  CHECK(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(raw);
  CHECK(query_db(path, "SELECT count(*) FROM scans WHERE interrupted_at IS NOT NULL") == "0\n");

  int64_t next = must(db->begin_scan(sample_scan_record()));
  REQUIRE(next > running);
  CHECK(query_db(path, "SELECT id FROM scans WHERE interrupted_at IS NOT NULL") ==
        std::to_string(killed) + "\n");
  CHECK(query_db(path, "SELECT finished_at IS NULL FROM scans WHERE id = " +
                           std::to_string(running)) == "1\n");
}

TEST_CASE("a gzip trailer that does not match is reported", "[hardening][archive]") {
  std::string tgz =
      pack_npm_files({{"package.json", "{\"name\":\"x\"}"}, {"index.js", "module.exports = 1;\n"}});
  CHECK(gzip_trailer_problem(tgz, 1u << 20).empty());
  ArchiveContents whole = read_archive(tgz, ArchiveKind::npm_tarball, ArchiveLimits{});
  CHECK(whole.error.empty());

  std::string bad_crc = tgz;
  bad_crc[bad_crc.size() - 8] ^= 0x01;  // first byte of the CRC-32
  CHECK(gzip_trailer_problem(bad_crc, 1u << 20) == "gzip CRC-32 mismatch");
  ArchiveContents damaged = read_archive(bad_crc, ArchiveKind::npm_tarball, ArchiveLimits{});
  CHECK(damaged.error == "gzip CRC-32 mismatch");
  CHECK(damaged.files.size() == 2);  // what was read is kept (an archive-unreadable finding)

  std::string bad_length = tgz;
  bad_length[bad_length.size() - 1] ^= 0x01;
  CHECK(gzip_trailer_problem(bad_length, 1u << 20) == "gzip length mismatch");
  std::string cut = tgz.substr(0, tgz.size() - 4);
  CHECK(gzip_trailer_problem(cut, 1u << 20).find("cut short") != std::string::npos);
  CHECK(gzip_trailer_problem("PK\x03\x04", 1u << 20).empty());  // not gzip: not this check's
}
