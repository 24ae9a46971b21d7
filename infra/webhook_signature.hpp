// Signatures of outgoing webhooks (issue #5): the seeds' `X-Vela-Signature` and the Standard
// Webhooks `webhook-signature`, so receivers can verify with either.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "events/base/result.hpp"

namespace sluice::infra {

/// "sha256=" + hex HMAC-SHA256 of the raw body, keyed with the whole "whsec_…" string as the
/// seeds' sample code does.
std::string vela_signature(std::string_view secret, std::string_view body);

/// "v1," + base64 HMAC-SHA256 of "{id}.{timestamp}.{body}", keyed with the base64-decoded part of
/// "whsec_…" (Standard Webhooks). errc::invalid_argument if the secret does not decode.
result<std::string> standard_webhooks_signature(std::string_view secret, std::string_view id,
                                                std::int64_t timestamp, std::string_view body);

} // namespace sluice::infra
