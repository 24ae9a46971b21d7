// Loads the configuration for a subcommand: file, SLUICE_* environment, then --data-dir.
#pragma once

#include <optional>

#include "apps/commands.hpp"
#include "infra/config.hpp"

namespace sluice::apps {

/// Prints the error to stderr and returns nullopt on failure.
std::optional<infra::config> load_config(const config_source& source);

} // namespace sluice::apps
