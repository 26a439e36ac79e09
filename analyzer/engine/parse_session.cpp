#include "analyzer/engine/parse_session.h"

#include <array>
#include <chrono>
#include <limits>

namespace tarsier {

namespace {
struct ThreadState {
  std::array<TSParser*, k_lang_count> parsers{};
  std::array<bool, k_lang_count> language_ok{};
  TSQueryCursor* cursor = nullptr;
  ~ThreadState() {
    for (auto* p : parsers) {
      if (p != nullptr) {
        ts_parser_delete(p);
      }
    }
    if (cursor != nullptr) {
      ts_query_cursor_delete(cursor);
    }
  }
};

ThreadState& state() {
  thread_local ThreadState s;
  return s;
}
}  // namespace

Result<TreePtr> parse_source(Lang lang, std::string_view source, uint64_t timeout_us,
                             bool* timed_out) {
  auto& s = state();
  if (timed_out != nullptr) {
    *timed_out = false;
  }
  int i = static_cast<int>(lang);
  if (s.parsers[i] == nullptr) {
    s.parsers[i] = ts_parser_new();
    // A grammar built for an ABI this runtime does not accept is rejected here, and parsing
    // would then return NULL; report it rather than silently finding nothing.
    s.language_ok[i] = ts_parser_set_language(s.parsers[i], ts_language(lang));
  }
  if (!s.language_ok[i]) {
    return make_error(ErrorKind::invalid,
                      std::string("the ") + std::string(lang_name(lang)) +
                          " grammar is not compatible with this tree-sitter runtime");
  }
  if (source.size() > std::numeric_limits<uint32_t>::max()) {
    return make_error(ErrorKind::invalid, "file too large to parse");
  }
  TSParser* parser = s.parsers[i];
  ts_parser_set_timeout_micros(parser, timeout_us);
  TSTree* tree =
      ts_parser_parse_string(parser, nullptr, source.data(), static_cast<uint32_t>(source.size()));
  if (tree == nullptr) {
    ts_parser_reset(parser);
    if (timed_out != nullptr) {
      *timed_out = true;
    }
    return make_error(ErrorKind::invalid,
                      "parse timed out after " + std::to_string(timeout_us / 1000) + " ms");
  }
  return TreePtr(tree);
}

std::string_view terminated_source(Lang lang, std::string_view source, std::string* storage) {
  std::string_view terminator;
  switch (lang) {
    case Lang::javascript:
    case Lang::typescript:
    case Lang::tsx:
      terminator = "\n;";
      break;
    case Lang::python:
      terminator = "\npass\n";
      break;
    case Lang::bash:
      return source;
  }
  storage->reserve(source.size() + terminator.size());
  storage->assign(source);
  storage->append(terminator);
  return *storage;
}

Result<TreePtr> parse_for_queries(Lang lang, std::string_view source, uint64_t timeout_us,
                                  std::string* storage, std::string_view* text, bool* timed_out) {
  auto started = std::chrono::steady_clock::now();
  *text = terminated_source(lang, source, storage);
  auto parsed = parse_source(lang, *text, timeout_us, timed_out);
  if (!parsed || text->size() == source.size() ||
      !ts_node_has_error(ts_tree_root_node(parsed->get()))) {
    return parsed;
  }
  parsed = Result<TreePtr>(TreePtr());  // free the first tree before the second parse
  uint64_t spent = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                             std::chrono::steady_clock::now() - started)
                                             .count());
  uint64_t left = timeout_us == 0 ? 0 : timeout_us - std::min(timeout_us - 1, spent);
  *text = source;
  return parse_source(lang, source, left, timed_out);
}

TSQueryCursor* thread_query_cursor() {
  auto& s = state();
  if (s.cursor == nullptr) {
    s.cursor = ts_query_cursor_new();
  }
  return s.cursor;
}

}  // namespace tarsier
