// mkdtemp under testing::TempDir().
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>
#include <memory>
#include <vector>

namespace sluice::testing_support {

temp_dir::temp_dir(const std::string& tag) {
  std::string pattern = ::testing::TempDir() + tag + "_XXXXXX";
  const char* made = ::mkdtemp(pattern.data());
  if (made == nullptr)
    throw std::runtime_error("mkdtemp failed for " + pattern);
  path_ = made;
}

temp_dir::~temp_dir() {
  if (std::getenv("SLUICE_KEEP_TEST_DIRS") != nullptr)
    return;
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path temp_dir_until_exit(const std::string& tag) {
  static std::vector<std::unique_ptr<temp_dir>> made;
  made.push_back(std::make_unique<temp_dir>(tag));
  return made.back()->path();
}

} // namespace sluice::testing_support
