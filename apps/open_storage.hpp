// Opening the data directory for a CLI command, with the one explanation of why it failed.
#pragma once

#include <memory>
#include <string_view>

#include "infra/config.hpp"
#include "infra/storage.hpp"

namespace sluice::apps {

/// read_write needs the directory to itself: while serve runs it is refused with "stop it
/// first"; follower reads beside a running server. On failure prints "sluice {command}: why" to
/// stderr and returns nullptr. `clock` must outlive the storage.
std::unique_ptr<infra::storage> open_storage(const infra::config& config, infra::open_mode mode,
                                             const infra::clock& clock, std::string_view command);

} // namespace sluice::apps
