// The Python Package Index: sdists and wheels, PEP 503 names, PEP 440 versions.
#pragma once

#include "analyzer/ecosystem/ecosystem.h"

namespace tarsier {

const Ecosystem& pypi_ecosystem();

}  // namespace tarsier
