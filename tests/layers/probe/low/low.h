#pragma once

namespace probe {
int low_value();
}
