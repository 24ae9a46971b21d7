// A fresh directory under GoogleTest's temp dir, removed when the object goes out of scope
// (kept if SLUICE_KEEP_TEST_DIRS is set, to inspect a failure).
#pragma once

#include <filesystem>
#include <string>

namespace sluice::testing_support {

class temp_dir {
public:
  explicit temp_dir(const std::string& tag = "sluice");
  ~temp_dir();
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  const std::filesystem::path& path() const {
    return path_;
  }

private:
  std::filesystem::path path_;
};

/// A fresh directory that lasts until the test program ends, then is removed like a temp_dir's
/// (each test runs as a program of its own under ctest): for helpers that return a path.
std::filesystem::path temp_dir_until_exit(const std::string& tag);

} // namespace sluice::testing_support
