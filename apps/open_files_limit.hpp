// The process's limit on open descriptors. Each tunnel holds two (client and exit) and each
// HTTP connection one, and many systems start services with a soft limit of 1024, which would
// turn clients away near 500 tunnels with plenty of memory left. A process may raise its own
// soft limit up to the hard one, so `serve` does, as Go's runtime and most proxies do.
#pragma once

namespace sluice::apps {

/// Raises the soft RLIMIT_NOFILE to the hard limit and logs the limit in force.
void raise_open_files_limit();

} // namespace sluice::apps
