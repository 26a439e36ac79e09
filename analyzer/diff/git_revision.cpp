#include "analyzer/diff/git_revision.h"

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <vector>

namespace tarsier {

namespace {

struct RunResult {
  int status = -1;
  std::string out;
};

// Runs git with arguments, never through a shell; stdout is captured, stderr discarded.
RunResult run_git(const std::vector<std::string>& args) {
  RunResult result;
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) {
    return result;
  }
  pid_t child = fork();
  if (child < 0) {
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    return result;
  }
  if (child == 0) {
    dup2(pipe_fds[1], STDOUT_FILENO);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    if (FILE* null = freopen("/dev/null", "w", stderr); null == nullptr) {
      _exit(127);
    }
    std::vector<char*> argv;
    static char git[] = "git";
    argv.push_back(git);
    for (const auto& arg : args) {
      argv.push_back(const_cast<char*>(arg.c_str()));
    }
    argv.push_back(nullptr);
    execvp("git", argv.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  char buffer[65536];
  ssize_t n;
  while ((n = read(pipe_fds[0], buffer, sizeof buffer)) > 0) {
    result.out.append(buffer, static_cast<size_t>(n));
  }
  close(pipe_fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace

Result<GitFile> read_file_at_revision(const std::string& file, const std::string& revision) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path absolute = fs::absolute(file, ec);
  fs::path dir = absolute.parent_path();
  RunResult top = run_git({"-C", dir.string(), "rev-parse", "--show-toplevel"});
  if (top.status != 0) {
    return make_error(ErrorKind::not_found,
                      file + ": not inside a git work tree (--base-ref needs one)");
  }
  while (!top.out.empty() && (top.out.back() == '\n' || top.out.back() == '\r')) {
    top.out.pop_back();
  }
  fs::path root = fs::weakly_canonical(top.out, ec);
  fs::path relative = fs::weakly_canonical(absolute, ec).lexically_relative(root);
  // A revision starting with '-' would be read as an option.
  if (revision.empty() || revision[0] == '-') {
    return make_error(ErrorKind::invalid, "invalid revision '" + revision + "'");
  }
  RunResult exists =
      run_git({"-C", root.string(), "rev-parse", "--verify", "--quiet", revision + "^{commit}"});
  if (exists.status != 0) {
    return make_error(ErrorKind::not_found, "unknown git revision '" + revision + "'");
  }
  GitFile out;
  out.repo_path = relative.generic_string();
  RunResult show = run_git({"-C", root.string(), "show", revision + ":" + out.repo_path});
  if (show.status == 0) {
    out.exists = true;
    out.content = std::move(show.out);
  }
  return out;
}

}  // namespace tarsier
