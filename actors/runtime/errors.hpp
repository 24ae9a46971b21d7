// The single conversion between sluice::errc and caf::error (house style §4.5, point 3).
#pragma once

#include <system_error>

#include "caf/error.hpp"
#include "events/base/errc.hpp"

namespace sluice::actors {

/// An errc as a CAF error of category "sluice"; other categories become errc::unavailable.
caf::error to_caf_error(std::error_code ec);

/// CAF's own errors map to what a caller can act on: a timeout is errc::timeout, a dead or
/// unreachable actor errc::unavailable.
std::error_code to_error_code(const caf::error& e);

} // namespace sluice::actors
