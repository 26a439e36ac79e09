// `tarsier query NAME [ARG]`: the named, read-only queries over the risk database's documented
// views (analyzer/db/named_queries.h), as an aligned text table or a JSON array of objects.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>

#include "analyzer/cli/command.h"
#include "analyzer/db/backend.h"
#include "analyzer/db/named_queries.h"
#include "analyzer/db/risk_db.h"
#include "analyzer/util/json_text.h"
#include "analyzer/util/utc_time.h"

namespace tarsier::cli {

namespace {

std::string cell_text(const nlohmann::json& cell) {
  if (cell.is_null()) {
    return "-";
  }
  return cell.is_string() ? cell.get<std::string>() : cell.dump();
}

void write_text(const db::QueryTable& table, std::ostream& out) {
  std::vector<size_t> widths;
  for (const auto& column : table.columns) {
    widths.push_back(column.size());
  }
  for (const auto& row : table.rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], cell_text(row[i]).size());
    }
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (size_t i = 0; i < cells.size(); ++i) {
      text += cells[i];
      if (i + 1 < cells.size()) {
        text += std::string(widths[i] - cells[i].size() + 2, ' ');
      }
    }
    out << text << "\n";
  };
  line(table.columns);
  for (const auto& row : table.rows) {
    std::vector<std::string> cells;
    for (const auto& cell : row) {
      cells.push_back(cell_text(cell));
    }
    line(cells);
  }
}

void write_json(const db::QueryTable& table, std::ostream& out) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& row : table.rows) {
    nlohmann::json object = nlohmann::json::object();
    for (size_t i = 0; i < row.size(); ++i) {
      object[table.columns[i]] = row[i];
    }
    rows.push_back(std::move(object));
  }
  out << json_text(rows, 2) << "\n";
}

void list_queries(std::ostream& out) {
  out << "named queries:\n";
  for (const auto& q : db::named_queries()) {
    std::string head = q.name + (q.argument.empty() ? "" : " " + q.argument);
    if (!q.default_since.empty()) {
      head += " [--since DURATION, default " + q.default_since + "]";
    }
    out << "  " << head << "\n      " << q.summary << "\n";
  }
}

// The start of the query's time window as stored timestamps compare ("" when it has none).
std::optional<std::string> window_start(const db::NamedQuery& q, const ParsedArgs& args) {
  if (q.default_since.empty()) {
    return args.has("since") ? std::nullopt : std::optional<std::string>("");
  }
  auto duration = parse_duration(args.get("since", q.default_since));
  if (!duration) {
    return std::nullopt;
  }
  return utc_iso(std::chrono::system_clock::now() - *duration);
}

int run_query(const ParsedArgs& args) {
  if (args.positional.empty()) {
    list_queries(std::cout);
    return k_exit_ok;
  }
  const db::NamedQuery* q = db::find_named_query(args.positional[0]);
  if (q == nullptr) {
    std::cerr << "tarsier query: unknown query '" << args.positional[0] << "'\n";
    list_queries(std::cerr);
    return k_exit_usage;
  }
  size_t wanted = q->argument.empty() ? 1 : 2;
  if (args.positional.size() != wanted) {
    std::cerr << "tarsier query: usage: tarsier query " << q->name
              << (q->argument.empty() ? "" : " " + q->argument) << "\n";
    return k_exit_usage;
  }
  std::string format = args.get("format", "text");
  auto since = window_start(*q, args);
  if ((format != "text" && format != "json") || !since) {
    std::cerr << "tarsier query: "
              << (since ? "--format is text or json"
                        : "--since needs a duration such as 7d (and a "
                          "query with a time window)")
              << "\n";
    return k_exit_usage;
  }
  std::string path = args.get("db", RiskDb::default_path());
  std::error_code ec;
  if (!db::is_postgres_target(path) && !std::filesystem::is_regular_file(path, ec)) {
    std::cerr << "tarsier query: no risk database at " << path << "\n";
    return k_exit_usage;
  }
  {
    // Opening applies missing migrations, so the views exist in an older database too.
    auto db = RiskDb::open(path);
    if (!db) {
      std::cerr << "tarsier query: " << db.error().str() << "\n";
      return k_exit_usage;
    }
  }
  auto table = db::run_named_query(path, *q, wanted == 2 ? args.positional[1] : "", *since);
  if (!table) {
    std::cerr << "tarsier query: " << table.error().str() << "\n";
    return k_exit_usage;
  }
  format == "json" ? write_json(*table, std::cout) : write_text(*table, std::cout);
  return k_exit_ok;
}

const CommandRegistration k_query{{
    "query",
    "query [NAME [ARG]] [--since DURATION] [--format text|json] [--db FILE]",
    "named read-only queries over the risk database (no NAME lists them)",
    {
        {"db", 0, true, false, "FILE", "risk database (default: $XDG_DATA_HOME/tarsier/risk.db)"},
        {"since", 0, true, false, "DURATION", "time window of the query (e.g. 7d, 12h)"},
        {"format", 'f', true, false, "FORMAT", "text (default) or json"},
    },
    run_query,
}};

}  // namespace

}  // namespace tarsier::cli
