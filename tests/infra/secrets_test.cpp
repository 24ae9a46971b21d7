// Tests of load_or_create_secrets (infra/secrets.hpp): files created once with mode 0600 and read
// back unchanged, configured values winning, and unsafe or malformed files refused by name.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "infra/secrets.hpp"
#include "tests/support/temp_dir.hpp"

namespace sluice::infra {
namespace {

namespace fs = std::filesystem;

fs::path make_temp_dir() {
  return testing_support::temp_dir_until_exit("sluice_secrets");
}

mode_t mode_of(const fs::path& path) {
  struct stat info {};
  EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

TEST(Secrets, CreatesFilesOnceAndReadsThemBack) {
  const fs::path data_dir = make_temp_dir() / "data"; // Not there yet: it is created.
  std::string error_text;
  auto first = load_or_create_secrets(data_dir, auth_config{}, error_text);
  ASSERT_TRUE(first) << error_text;
  EXPECT_EQ(first->admin_token.rfind("adm_", 0), 0U);
  EXPECT_GE(first->admin_token.size(), 44U);
  EXPECT_GE(first->jwt_secret.size(), 40U);
  EXPECT_EQ(first->sealing_key.size(), 32U);
  EXPECT_EQ(mode_of(data_dir / "secrets"), 0700U);
  for (const char* name : {"admin_token", "jwt_secret", "sealing_key"}) {
    EXPECT_EQ(mode_of(data_dir / "secrets" / name), 0600U) << name;
  }
  int entries = 0;
  for (const auto& entry : fs::directory_iterator(data_dir / "secrets")) {
    static_cast<void>(entry);
    ++entries;
  }
  EXPECT_EQ(entries, 3); // No temporary files left behind.

  auto second = load_or_create_secrets(data_dir, auth_config{}, error_text);
  ASSERT_TRUE(second) << error_text;
  EXPECT_EQ(second->admin_token, first->admin_token);
  EXPECT_EQ(second->jwt_secret, first->jwt_secret);
  EXPECT_EQ(second->sealing_key, first->sealing_key);
}

TEST(Secrets, ConfiguredValuesWinOverFiles) {
  const fs::path data_dir = make_temp_dir();
  std::string error_text;
  auto generated = load_or_create_secrets(data_dir, auth_config{}, error_text);
  ASSERT_TRUE(generated) << error_text;
  auth_config auth;
  auth.admin_token = "adm_configured";
  auth.jwt_secret = "jwt-configured";
  auto configured = load_or_create_secrets(data_dir, auth, error_text);
  ASSERT_TRUE(configured) << error_text;
  EXPECT_EQ(configured->admin_token, "adm_configured");
  EXPECT_EQ(configured->jwt_secret, "jwt-configured");
  EXPECT_EQ(configured->sealing_key, generated->sealing_key);
}

TEST(Secrets, AcceptsOperatorWrittenTokenWithNewline) {
  const fs::path data_dir = make_temp_dir();
  fs::create_directories(data_dir / "secrets");
  const fs::path token = data_dir / "secrets" / "admin_token";
  std::ofstream(token) << "adm_from_operator\n";
  fs::permissions(token, fs::perms::owner_read | fs::perms::owner_write);
  std::string error_text;
  auto loaded = load_or_create_secrets(data_dir, auth_config{}, error_text);
  ASSERT_TRUE(loaded) << error_text;
  EXPECT_EQ(loaded->admin_token, "adm_from_operator");
}

TEST(Secrets, RejectsFilesOthersCanRead) {
  const fs::path data_dir = make_temp_dir();
  std::string error_text;
  ASSERT_TRUE(load_or_create_secrets(data_dir, auth_config{}, error_text)) << error_text;
  const fs::path token = data_dir / "secrets" / "jwt_secret";
  ASSERT_EQ(::chmod(token.c_str(), 0644), 0);
  auto loaded = load_or_create_secrets(data_dir, auth_config{}, error_text);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error(), errc::config_invalid);
  EXPECT_EQ(error_text, token.string() + ": permissions 0644 are too open (expected 0600)");
}

TEST(Secrets, RejectsSealingKeyOfWrongLength) {
  const fs::path data_dir = make_temp_dir();
  std::string error_text;
  ASSERT_TRUE(load_or_create_secrets(data_dir, auth_config{}, error_text)) << error_text;
  const fs::path key = data_dir / "secrets" / "sealing_key";
  fs::resize_file(key, 16);
  auto loaded = load_or_create_secrets(data_dir, auth_config{}, error_text);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error(), errc::config_invalid);
  EXPECT_EQ(error_text, key.string() + ": expected 32 bytes, found 16");
}

} // namespace
} // namespace sluice::infra
