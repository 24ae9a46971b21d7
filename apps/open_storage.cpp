// The storage every CLI command opens, synced as the server's.
#include "apps/open_storage.hpp"

#include <cstdio>
#include <string>

namespace sluice::apps {

std::unique_ptr<infra::storage> open_storage(const infra::config& config, infra::open_mode mode,
                                             const infra::clock& clock, std::string_view command) {
  std::string error_text;
  auto storage = infra::storage::open({config.data_dir, mode, true}, clock, error_text);
  if (storage)
    return std::move(*storage);
  const std::string name{command};
  if (storage.error() == errc::locked) {
    std::fprintf(stderr, "sluice %s: the server is running on %s; stop it first\n", name.c_str(),
                 config.data_dir.c_str());
  } else {
    std::fprintf(stderr, "sluice %s: %s\n", name.c_str(), error_text.c_str());
  }
  return nullptr;
}

} // namespace sluice::apps
