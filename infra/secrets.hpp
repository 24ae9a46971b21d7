// Secrets a server needs and an operator may leave out of the configuration: generated once,
// kept under data_dir with mode 0600, and read back on every later start.
#pragma once

#include <filesystem>
#include <string>

#include "events/base/result.hpp"
#include "infra/config.hpp"

namespace sluice::infra {

struct secrets {
  std::string admin_token; ///< Bearer token of the operator API.
  std::string jwt_secret;  ///< HS256 key of customer JWTs.
  std::string sealing_key; ///< 32 raw bytes: encrypts API-key secrets at rest.
};

/// Configured values win; absent ones come from `data_dir/secrets/*` or are created there (files
/// 0600, directory 0700). A file with other permissions or a wrong length is errc::config_invalid.
result<secrets> load_or_create_secrets(const std::filesystem::path& data_dir,
                                       const auth_config& auth, std::string& error_text);

} // namespace sluice::infra
