// The SSRF guard of webhook registration (seed 000 §09): only public https URLs. The host is
// resolved here and every address must be public; delivery (infra/webhook_sender.hpp) resolves
// again and connects to the vetted addresses, so a later DNS change cannot smuggle in an
// internal target.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>

namespace sluice::http {

/// Nothing if `url` may receive webhooks; otherwise the 400 detail ("url: ..."). With
/// `allow_private` (tests on loopback) http:// is accepted too and addresses are not checked.
boost::asio::awaitable<std::optional<std::string>> check_webhook_target(const std::string& url,
                                                                        bool allow_private);

} // namespace sluice::http
