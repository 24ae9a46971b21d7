// `sluice verify` (issue #6): replays every account's wallet events from the log and checks the
// billing invariants of DESIGN.md §4 against the live state, the read models and the ledger's
// hash chain. Each violation is one printable line.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "events/base/result.hpp"
#include "infra/storage.hpp"

namespace sluice::apps {

struct verify_report {
  std::uint64_t accounts = 0;
  std::uint64_t events = 0;
  std::vector<std::string> violations;
};

/// Needs storage opened read_write (the server stopped): the read models are first brought to
/// the end of the log, as `serve` would. `max_grant_bytes` bounds one usage report (the largest
/// credit grant a tunnel can hold).
result<verify_report> verify_billing(infra::storage& storage, std::uint64_t max_grant_bytes);

} // namespace sluice::apps
