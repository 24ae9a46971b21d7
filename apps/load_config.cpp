// Reads `environ` once and hands it to infra's loader, which does all the validation.
#include "apps/load_config.hpp"

#include <cstdio>
#include <string>
#include <vector>

extern char** environ; // POSIX.

namespace sluice::apps {

std::optional<infra::config> load_config(const config_source& source) {
  std::vector<std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e)
    env.emplace_back(*e);
  std::string error_text;
  auto config = infra::load_config(source.config_file, env, error_text);
  if (!config) {
    std::fprintf(stderr, "sluice: %s\n", error_text.c_str());
    return std::nullopt;
  }
  if (!source.data_dir.empty())
    config->data_dir = source.data_dir;
  return std::move(*config);
}

} // namespace sluice::apps
