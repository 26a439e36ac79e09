#include "parsers/common/yaml_document.h"

#include <yaml-cpp/anchor.h>
#include <yaml-cpp/eventhandler.h>

#include <sstream>
#include <vector>

#include "analyzer/util/nesting.h"
#include "parsers/common/text.h"

namespace tarsier {

namespace {

constexpr size_t k_max_documents = 64;

struct Piece {
  size_t begin = 0, end = 0;
  size_t line = 0;       // 0-based line of `begin`
  bool content = false;  // a line that is not blank, a comment, a directive or a marker
};

bool starts_marker(std::string_view line, std::string_view marker) {
  return line.starts_with(marker) && (line.size() == marker.size() || line[marker.size()] == ' ' ||
                                      line[marker.size()] == '\t' || line[marker.size()] == '\r' ||
                                      line[marker.size()] == '\n');
}

// The documents of a stream, cut at their markers: "---" or "..." at the start of a line, which
// YAML forbids inside any scalar. yaml-cpp's LoadAll is not used: on some malformed streams
// (",\n") it yields an empty document without consuming anything, for ever, allocating each
// time. A "---" after lines that hold no content yet (directives, comments) starts no new piece.
std::vector<Piece> split_documents(std::string_view text) {
  std::vector<Piece> pieces(1);
  size_t line = 0;
  // One piece over the limit is enough for the caller to report it.
  for (size_t at = 0; at < text.size() && pieces.size() <= k_max_documents; ++line) {
    size_t end = text.find('\n', at);
    end = end == std::string_view::npos ? text.size() : end + 1;
    std::string_view row = text.substr(at, end - at);
    if (starts_marker(row, "---") && pieces.back().content) {
      pieces.back().end = at;
      pieces.push_back({at, at, line, false});
    }
    size_t first = row.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && row[first] != '#' && !(first == 0 && row[0] == '%') &&
        !(first == 0 && (starts_marker(row, "---") || starts_marker(row, "...")))) {
      pieces.back().content = true;
    } else if (first == 0 && starts_marker(row, "---")) {
      // "--- value" holds content on the marker's own line.
      size_t rest = row.find_first_not_of(" \t\r\n", 3);
      pieces.back().content =
          pieces.back().content || (rest != std::string_view::npos && row[rest] != '#');
    }
    if (starts_marker(row, "...")) {
      pieces.back().end = end;
      pieces.push_back({end, end, line + 1, false});
    }
    at = end;
  }
  if (pieces.size() <= k_max_documents) {
    pieces.back().end = text.size();
  }
  return pieces;
}

// Events ignored: only whether the parser finds a document is asked.
class IgnoreEvents : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// Whether text follows the first document of `document` that the parser did not take as part
// of it: after a flow mapping ("{a: 1}\n,\n") yaml-cpp stops reading and says nothing. (After a
// block mapping such text is an error already.) One more document is asked for, never more.
bool unread_text_after(const std::string& document) {
  std::istringstream in(document);
  YAML::Parser parser(in);
  IgnoreEvents ignore;
  parser.HandleNextDocument(ignore);
  return parser.HandleNextDocument(ignore);
}

}  // namespace

bool load_yaml_documents(std::string_view text, const std::string& path, std::string_view kind,
                         std::vector<YAML::Node>* documents, LockfileResult* result) {
  auto fail = [&](Diagnostic diagnostic) {
    result->errors.push_back(std::move(diagnostic));
    result->fatal = true;
    return false;
  };
  if (is_blank(text)) {
    return fail({path, 1, 1, "empty file: expected " + std::string(kind)});
  }
  if (size_t deep = yaml_depth_violation(text); deep != std::string_view::npos) {
    return fail(diagnostic_at(
        path, LineIndex(text), deep,
        "nesting deeper than " + std::to_string(k_yaml_max_depth) + " levels: not a lockfile"));
  }
  try {
    // YAML counts a lone CR as a line break; yaml-cpp does not, so give it LF (same offsets).
    std::string input(text);
    for (size_t i = 0; i < input.size(); ++i) {
      if (input[i] == '\r' && (i + 1 == input.size() || input[i + 1] != '\n')) {
        input[i] = '\n';
      }
    }
    std::vector<Piece> pieces = split_documents(input);
    if (pieces.size() > k_max_documents) {
      return fail({path, static_cast<int>(pieces[k_max_documents].line + 1), 1,
                   "more than " + std::to_string(k_max_documents) + " YAML documents: expected " +
                       std::string(kind)});
    }
    for (const Piece& piece : pieces) {
      // Line breaks in place of the text before it, so that positions are the file's.
      std::string document(piece.line, '\n');
      document.append(input, piece.begin, piece.end - piece.begin);
      YAML::Node node = YAML::Load(document);
      if ((node.IsNull() && piece.content) ||
          (node.IsMap() && node.Style() == YAML::EmitterStyle::Flow &&
           unread_text_after(document))) {
        return fail(
            {path, static_cast<int>(piece.line + 1), 1,
             "invalid YAML: a document that cannot be read, expected " + std::string(kind)});
      }
      documents->push_back(std::move(node));
    }
  } catch (const YAML::Exception& error) {
    Diagnostic diagnostic{path, 0, 0, "invalid YAML: " + error.msg};
    if (!error.mark.is_null()) {
      diagnostic.line = error.mark.line + 1;
      diagnostic.column = error.mark.column + 1;
    }
    return fail(std::move(diagnostic));
  } catch (const std::exception& error) {
    return fail({path, 0, 0, std::string("invalid YAML: ") + error.what()});
  }
  // An empty document (a stray "---" at the end) holds nothing to lose.
  std::erase_if(*documents, [](const YAML::Node& document) { return document.IsNull(); });
  if (documents->empty()) {
    return fail({path, 1, 1, "expected " + std::string(kind) + ": the file holds no document"});
  }
  for (const auto& document : *documents) {
    if (!document.IsMap()) {
      return fail(yaml_error_at(path, document,
                                "expected " + std::string(kind) + ": a document is not a mapping"));
    }
  }
  return true;
}

bool load_yaml_lockfile(std::string_view text, const std::string& path, std::string_view kind,
                        YAML::Node* root, LockfileResult* result) {
  std::vector<YAML::Node> documents;
  if (!load_yaml_documents(text, path, kind, &documents, result)) {
    return false;
  }
  if (documents.size() > 1) {
    result->errors.push_back(yaml_error_at(
        path, documents[1], "a second YAML document: expected " + std::string(kind) + " alone"));
    result->fatal = true;
    return false;
  }
  *root = documents.front();
  return true;
}

YAML::Node yaml_child(const YAML::Node& map, const char* key) {
  if (!map.IsDefined() || !map.IsMap()) {
    return YAML::Node();
  }
  YAML::Node value = map[key];
  return value.IsDefined() ? value : YAML::Node();
}

std::string yaml_string(const YAML::Node& map, const char* key) {
  YAML::Node value = yaml_child(map, key);
  return value.IsScalar() ? value.Scalar() : "";
}

bool yaml_flag(const YAML::Node& map, const char* key) {
  return yaml_string(map, key) == "true";
}

int yaml_line(const YAML::Node& node) {
  YAML::Mark mark = node.Mark();
  return mark.is_null() ? 0 : mark.line + 1;
}

Diagnostic yaml_error_at(const std::string& path, const YAML::Node& node, std::string message) {
  Diagnostic diagnostic{path, 0, 0, std::move(message)};
  YAML::Mark mark = node.Mark();
  if (!mark.is_null()) {
    diagnostic.line = mark.line + 1;
    diagnostic.column = mark.column + 1;
  }
  return diagnostic;
}

}  // namespace tarsier
