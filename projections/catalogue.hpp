// Every read model of this build, in one list: the server runs them and `sluice replay`
// rebuilds exactly the same set.
#pragma once

#include <memory>
#include <vector>

#include "projections/projection.hpp"

namespace sluice::projections {

std::vector<std::unique_ptr<projection>> make_all();

} // namespace sluice::projections
