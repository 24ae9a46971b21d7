// The production clock: the one file allowed to call system_clock::now and steady_clock::now.
#include "infra/clock.hpp"

namespace sluice::infra {

events::timestamp system_clock::now() const {
  return std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

std::chrono::steady_clock::time_point system_clock::steady_now() const {
  return std::chrono::steady_clock::now();
}

} // namespace sluice::infra
