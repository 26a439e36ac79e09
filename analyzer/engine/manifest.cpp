#include "analyzer/engine/manifest.h"

#include <cctype>
#include <deque>

#include <nlohmann/json.hpp>

#include "analyzer/core/diagnostic.h"
#include "analyzer/engine/rule.h"

namespace tarsier {

namespace {

constexpr const char* k_hooks[] = {"preinstall", "install", "postinstall", "prepare"};

std::string dirname(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

std::string normalise(const std::string& path) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos)
      j = path.size();
    std::string part = path.substr(i, j - i);
    if (part == "..") {
      if (!parts.empty())
        parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    i = j + 1;
  }
  std::string out;
  for (const auto& p : parts) {
    out += (out.empty() ? "" : "/") + p;
  }
  return out;
}

// Splits a command line into words, keeping quoted strings together; operators end words.
std::vector<std::string> words(std::string_view cmd) {
  std::vector<std::string> out;
  std::string cur;
  char quote = 0;
  bool in_word = false;
  for (char c : cmd) {
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else {
        cur += c;
      }
      continue;
    }
    if (c == '"' || c == '\'') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '&' || c == ';' || c == '|' || c == '(' ||
               c == ')') {
      if (in_word)
        out.push_back(cur);
      cur.clear();
      in_word = false;
      if (c != ' ' && c != '\t' && c != '\n')
        out.push_back(std::string(1, c));
    } else {
      cur += c;
      in_word = true;
    }
  }
  if (in_word)
    out.push_back(cur);
  return out;
}

void locate_key(const std::string& text, const std::string& key, size_t from, InstallCommand* c) {
  auto at = text.find("\"" + key + "\"", from);
  if (at != std::string::npos) {
    offset_to_line_col(text, at, &c->line, &c->column);
  }
}

// Interpreters whose first non-option argument is a file to run.
std::optional<Lang> interpreter(const std::string& word) {
  std::string base = word.substr(word.rfind('/') + 1);
  if (base == "node" || base == "nodejs" || base == "bun" || base == "deno" || base == "tsx" ||
      base == "ts-node") {
    return Lang::javascript;
  }
  if (base == "sh" || base == "bash" || base == "zsh")
    return Lang::bash;
  if (base.rfind("python", 0) == 0)
    return Lang::python;
  return std::nullopt;
}

void follow_command(const std::set<std::string>& paths, const std::string& cmd, InstallReach* r) {
  auto w = words(cmd);
  for (size_t i = 0; i < w.size(); ++i) {
    auto lang = interpreter(w[i]);
    std::string direct = normalise(w[i]);
    if (!lang && paths.count(direct) && (w[i].rfind("./", 0) == 0 || i == 0)) {
      r->files.insert(direct);  // ./script.sh run directly
      continue;
    }
    if (!lang)
      continue;
    for (size_t j = i + 1; j < w.size(); ++j) {
      if (w[j] == "-e" || w[j] == "--eval" || w[j] == "-c" || w[j] == "-p") {
        if (j + 1 < w.size() && *lang == Lang::javascript)
          r->inline_code.push_back(w[j + 1]);
        break;
      }
      if (w[j] == "run" || (!w[j].empty() && w[j][0] == '-'))
        continue;
      std::string file = normalise(w[j]);
      if (paths.count(file)) {
        r->files.insert(file);
        r->run_as[file] = *lang;
      } else if (*lang == Lang::javascript && !resolve_in_package(paths, "", "./" + file).empty()) {
        r->files.insert(resolve_in_package(paths, "", "./" + file));
      }
      break;
    }
  }
}

void read_package_json(const PackageJson& manifest, const std::set<std::string>& paths,
                       bool runs_prepare, InstallReach* r) {
  const ArchiveEntry& entry = *manifest.entry;
  const nlohmann::json& doc = manifest.doc;
  if (manifest.error) {
    int line = 0, col = 0;
    offset_to_line_col(entry.data, manifest.error->offset, &line, &col);
    r->errors.push_back(
        Diagnostic{entry.path, line, col, "not valid JSON: " + manifest.error->message}.str());
    return;
  }
  if (!doc.is_object()) {
    return;
  }
  size_t scripts_at = entry.data.find("\"scripts\"");
  bool has_install = false;
  auto scripts = doc.find("scripts");
  if (scripts != doc.end() && scripts->is_object()) {
    for (const char* hook : k_hooks) {
      if (!runs_prepare && std::string_view(hook) == "prepare") {
        continue;
      }
      auto it = scripts->find(hook);
      if (it == scripts->end() || !it->is_string())
        continue;
      InstallCommand c;
      c.hook = hook;
      c.command = it->get<std::string>();
      c.file = entry.path;
      locate_key(entry.data, hook, scripts_at == std::string::npos ? 0 : scripts_at, &c);
      has_install = has_install || c.hook == "install" || c.hook == "preinstall";
      r->commands.push_back(c);
    }
  }
  if (!has_install && paths.count("binding.gyp")) {
    InstallCommand c;
    c.hook = "install";
    c.command = "node-gyp rebuild";
    c.file = "binding.gyp";
    c.line = 1;
    c.column = 1;
    c.implicit = true;
    r->commands.push_back(c);
  }
}

void read_binding_gyp(const ArchiveEntry& entry, InstallReach* r) {
  // `<!(cmd)` and `<!@(cmd)` run cmd while node-gyp configures the build.
  const std::string& t = entry.data;
  for (size_t at = t.find("<!"); at != std::string::npos; at = t.find("<!", at + 2)) {
    size_t open = t.find('(', at);
    if (open == std::string::npos || open > at + 3)
      continue;
    int depth = 0;
    size_t close = open;
    for (; close < t.size() && close < open + 4096; ++close) {
      if (t[close] == '(')
        ++depth;
      if (t[close] == ')' && --depth == 0)
        break;
    }
    if (close >= t.size() || depth != 0)
      continue;
    InstallCommand c;
    c.hook = "binding.gyp";
    c.command = t.substr(open + 1, close - open - 1);
    c.file = entry.path;
    offset_to_line_col(t, at, &c.line, &c.column);
    r->commands.push_back(c);
  }
}

}  // namespace

std::vector<std::string> relative_specifiers(std::string_view s) {
  std::vector<std::string> out;
  // require('./x'), import './x', from './x', import('./x')
  for (size_t i = 0; i + 2 < s.size(); ++i) {
    char q = s[i];
    if ((q != '\'' && q != '"' && q != '`') || s[i + 1] != '.')
      continue;
    if (s[i + 2] != '/' && !(s[i + 2] == '.' && i + 3 < s.size() && s[i + 3] == '/'))
      continue;
    size_t k = i;
    while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t'))
      --k;
    bool ok = (k > 0 && s[k - 1] == '(') || (k >= 4 && s.substr(k - 4, 4) == "from") ||
              (k >= 6 && s.substr(k - 6, 6) == "import");
    if (!ok)
      continue;
    size_t end = s.find(q, i + 1);
    if (end == std::string_view::npos || end - i > 512)
      continue;
    out.emplace_back(s.substr(i + 1, end - i - 1));
    i = end;
  }
  return out;
}

std::string resolve_in_package(const std::set<std::string>& paths, const std::string& from,
                               const std::string& specifier) {
  std::string base = normalise((from.empty() ? "" : dirname(from) + "/") + specifier);
  for (std::string_view suffix : {"", ".js", ".cjs", ".mjs", ".json", ".ts", "/index.js"}) {
    std::string candidate = base + std::string(suffix);
    if (paths.count(candidate))
      return candidate;
  }
  return "";
}

namespace {

// The files of a Python module path ("pkg.hooks") within the package, at the top or under src/.
void add_python_module(std::string module, const std::set<std::string>& paths, InstallReach* r) {
  for (auto& c : module)
    c = c == '.' ? '/' : c;
  for (const std::string& root : {std::string(), std::string("src/")}) {
    for (const std::string& candidate : {root + module + ".py", root + module + "/__init__.py"}) {
      if (paths.count(candidate))
        r->files.insert(candidate);
    }
  }
}

// setup.cfg `[options] cmdclass = install = pkg.hooks:Install` (one `name = module:Class` per
// line, possibly on indented continuation lines): those command classes run at install.
void setup_cfg_hooks(std::string_view text, const std::set<std::string>& paths, InstallReach* r) {
  bool in_options = false, in_cmdclass = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    std::string_view line = text.substr(pos, eol == std::string_view::npos ? eol : eol - pos);
    pos = eol == std::string_view::npos ? text.size() : eol + 1;
    bool indented = !line.empty() && (line[0] == ' ' || line[0] == '\t');
    std::string_view body = strip_blanks(line);
    if (body.empty() || body[0] == '#' || body[0] == ';')
      continue;
    if (body.front() == '[') {
      in_options = body == "[options]";
      in_cmdclass = false;
      continue;
    }
    if (!indented) {
      in_cmdclass = false;
      auto eq = body.find('=');
      if (!in_options || eq == std::string_view::npos ||
          strip_blanks(body.substr(0, eq)) != "cmdclass")
        continue;
      in_cmdclass = true;
      body = strip_blanks(body.substr(eq + 1));
      if (body.empty())
        continue;
    } else if (!in_cmdclass) {
      continue;
    }
    // "install = pkg.hooks:Install"
    auto eq = body.find('=');
    std::string_view target =
        strip_blanks(eq == std::string_view::npos ? body : body.substr(eq + 1));
    auto colon = target.find(':');
    std::string_view module = strip_blanks(target.substr(0, colon));
    if (colon == std::string_view::npos) {
      // "pkg.hooks.Install": the module is everything before the last dot.
      auto dot = module.rfind('.');
      module = dot == std::string_view::npos ? std::string_view() : module.substr(0, dot);
    }
    if (!module.empty())
      add_python_module(std::string(module), paths, r);
  }
}

// Modules a Python file imports (`import a.b`, `import a, b as c`, `from a.b import c`, `from
// . import c` is skipped), found lexically line by line; at most 256.
std::vector<std::string> python_imports(std::string_view s) {
  std::vector<std::string> out;
  auto word = [](std::string_view line, size_t* i) {
    size_t start = *i;
    while (*i < line.size() && (std::isalnum(static_cast<unsigned char>(line[*i])) ||
                                line[*i] == '_' || line[*i] == '.'))
      ++*i;
    return line.substr(start, *i - start);
  };
  size_t pos = 0;
  while (pos < s.size() && out.size() < 256) {
    size_t eol = s.find('\n', pos);
    std::string_view line =
        strip_blanks(s.substr(pos, eol == std::string_view::npos ? eol : eol - pos));
    pos = eol == std::string_view::npos ? s.size() : eol + 1;
    bool from = line.rfind("from ", 0) == 0;
    if (!from && line.rfind("import ", 0) != 0)
      continue;
    size_t i = from ? 5 : 7;
    while (i < line.size()) {
      while (i < line.size() && (line[i] == ' ' || line[i] == ','))
        ++i;
      std::string_view name = word(line, &i);
      if (name.empty() || name.front() == '.')
        break;
      out.emplace_back(name);
      if (from)
        break;
      // skip " as alias"
      while (i < line.size() && line[i] == ' ')
        ++i;
      if (line.substr(i, 3) == "as ") {
        i += 3;
        while (i < line.size() && line[i] == ' ')
          ++i;
        word(line, &i);
      }
      if (i >= line.size() || line[i] != ',')
        break;
    }
  }
  return out;
}

}  // namespace

InstallReach find_install_reach(const std::vector<ArchiveEntry>& files, const PackageJson& manifest,
                                bool runs_prepare) {
  InstallReach r;
  std::set<std::string> paths;
  std::map<std::string, const ArchiveEntry*> by_path;
  for (const auto& f : files) {
    paths.insert(f.path);
    by_path[f.path] = &f;
  }
  if (manifest.entry != nullptr) {
    read_package_json(manifest, paths, runs_prepare, &r);
  }
  if (auto it = by_path.find("binding.gyp"); it != by_path.end()) {
    read_binding_gyp(*it->second, &r);
  }
  for (const auto& c : r.commands) {
    follow_command(paths, c.command, &r);
  }
  // Python: setup.py, .pth files and in-tree build backends run at install or start-up.
  for (const auto& f : files) {
    std::string base = f.path.substr(f.path.rfind('/') + 1);
    if (f.path == "setup.py" || (base.size() > 4 && base.substr(base.size() - 4) == ".pth")) {
      r.files.insert(f.path);
    }
  }
  if (auto it = by_path.find("pyproject.toml"); it != by_path.end()) {
    // backend-path = ["."] with build-backend = "my_backend" makes my_backend.py an install hook.
    const std::string& t = it->second->data;
    auto bp = t.find("backend-path");
    auto bb = t.find("build-backend");
    if (bp != std::string::npos && bb != std::string::npos) {
      auto q1 = t.find('"', bb);
      auto q2 = q1 == std::string::npos ? q1 : t.find('"', q1 + 1);
      if (q2 != std::string::npos) {
        std::string module = t.substr(q1 + 1, q2 - q1 - 1);
        add_python_module(module.substr(0, module.find(':')), paths, &r);
      }
    }
  }
  if (auto it = by_path.find("setup.cfg"); it != by_path.end()) {
    setup_cfg_hooks(it->second->data, paths, &r);
  }
  // Follow relative requires of JavaScript files and package imports of Python files reached so
  // far.
  std::deque<std::string> work(r.files.begin(), r.files.end());
  size_t steps = 0;
  while (!work.empty() && steps++ < 10000) {
    std::string path = work.front();
    work.pop_front();
    auto it = by_path.find(path);
    if (it == by_path.end())
      continue;
    auto lang = lang_from_name(path);
    if (r.run_as.count(path))
      lang = r.run_as[path];
    if (lang == Lang::python) {
      // setup.py and the package modules it imports (their top level and the functions setup.py
      // calls run at install time).
      for (const auto& module : python_imports(it->second->data)) {
        InstallReach found;
        add_python_module(module, paths, &found);
        for (const auto& f : found.files) {
          if (r.files.insert(f).second)
            work.push_back(f);
        }
      }
      continue;
    }
    if (lang != Lang::javascript && lang != Lang::typescript)
      continue;
    for (const auto& spec : relative_specifiers(it->second->data)) {
      std::string target = resolve_in_package(paths, path, spec);
      if (!target.empty() && r.files.insert(target).second) {
        work.push_back(target);
      }
    }
  }
  return r;
}

}  // namespace tarsier
