#pragma once

namespace probe {
int high_value();
}
