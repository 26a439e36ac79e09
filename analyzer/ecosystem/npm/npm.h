// The npm ecosystem: package.json packages in .tgz archives, semver versions.
#pragma once

#include "analyzer/ecosystem/ecosystem.h"

namespace tarsier {

const Ecosystem& npm_ecosystem();

}  // namespace tarsier
