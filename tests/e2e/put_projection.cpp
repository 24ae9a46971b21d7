// Overwrites one key of the live read models in a stopped server's data directory: how the
// end-to-end tests corrupt a projection on purpose. Usage: put_projection DATA_DIR KEY VALUE
#include <cstdio>
#include <string>

#include "infra/storage.hpp"

int main(int argc, char** argv) {
  using namespace sluice;
  if (argc != 4) {
    std::fprintf(stderr, "usage: put_projection DATA_DIR KEY VALUE\n");
    return 2;
  }
  infra::system_clock clock;
  std::string error_text;
  auto storage = infra::storage::open({argv[1], infra::open_mode::read_write, true}, clock,
                                      error_text);
  if (!storage) {
    std::fprintf(stderr, "put_projection: %s\n", error_text.c_str());
    return 1;
  }
  auto tx = (*storage)->projections(infra::projection_space::live).begin();
  tx->put(argv[2], argv[3]);
  const bool ok = static_cast<bool>(tx->commit());
  (*storage)->close();
  return ok ? 0 : 1;
}
