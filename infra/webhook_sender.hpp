// Outgoing webhook requests (issue #5) behind the SSRF guard: https only, the host resolved once
// and every address vetted before connecting to exactly those addresses (a DNS answer that
// changes between the check and the connect cannot smuggle in an internal target), certificates
// verified against the system store, redirects never followed, at most 64 KiB of the answer read.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "infra/clock.hpp"
#include "infra/config.hpp"

namespace sluice::infra {

struct webhook_request {
  std::string url;
  std::string body; ///< Sent as application/json.
  std::vector<std::pair<std::string, std::string>> headers;
};

struct webhook_response {
  std::uint32_t status = 0; ///< 0: no HTTP answer came (`error` says why).
  std::chrono::milliseconds duration{};
  std::string error;
  /// The answer's Retry-After in seconds, when it had a usable one.
  std::optional<std::chrono::seconds> retry_after;
};

class webhook_sender {
public:
  virtual ~webhook_sender() = default;

  /// Starts the sending thread. `webhooks.allow_private_targets` lets plain http and
  /// non-public addresses through (tests with receivers on loopback); nothing else relaxes.
  /// The clock must outlive the sender.
  static std::unique_ptr<webhook_sender> start(const webhooks_config& config, const clock& clock);

  /// Sends in the background; `done` runs once, on the sender's thread, unless stop() comes
  /// first. It must not block.
  virtual void send(webhook_request request, std::function<void(webhook_response)> done) = 0;

  /// Abandons requests in flight (their `done` never runs) and joins the thread. Idempotent.
  virtual void stop() = 0;
};

/// Retry-After as seconds (RFC 9110 §10.2.3 delay-seconds, or an HTTP date relative to `now`);
/// none for anything unparsable.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      events::timestamp now);

} // namespace sluice::infra
