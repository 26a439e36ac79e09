// npm's own answer to `npm config get registry`, asked only when no flag, environment variable
// or .npmrc that tarsier reads names a registry. npm is a Node.js program and starting it costs
// 0.3-0.5 s of CPU, a third of a warm re-scan, so the answer is remembered in a small file and
// reused while its stamp holds: npm's resolved path, size and modification time, the built-in
// npmrc and package.json of its package, and every .npmrc from the working directory up to the
// root (npm reads the project's one it finds there). Any change there asks npm again.
#pragma once

#include <string>

#include "analyzer/registry/capture_output.h"

namespace tarsier {

// Runs `npm config get registry` (bounded by `timeout_ms`), or returns the answer remembered in
// `remember_in` when its stamp still holds; `out` is the answer's first line, without trailing
// blanks. A successful http(s) answer is written back there
// (atomically; a write that fails is ignored). `remember_in` "" remembers nothing.
ProcessOutput ask_npm_registry(long timeout_ms, const std::string& remember_in);

// The stamp described above; "" when no `npm` is on PATH.
std::string npm_answer_stamp();

}  // namespace tarsier
