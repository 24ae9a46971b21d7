// load_or_create_secrets (secrets.hpp): the admin token, JWT secret and sealing key under
// data_dir/secrets/, created once with mode 0600 and refused if anyone else may read them.
#include "infra/secrets.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "infra/crypto.hpp"
#include "infra/unique_fd.hpp"

namespace sluice::infra {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t secret_file_bytes_max = 4096; // A token is ~50 bytes; this is a wrong file.
constexpr std::size_t sealing_key_bytes = 32;       // AES-256 (crypto.hpp, seal).

status fail(std::string& error_text, errc code, const fs::path& path, std::string_view problem) {
  error_text = path.string() + ": " + std::string(problem);
  return code;
}

status fail_errno(std::string& error_text, const fs::path& path, std::string_view action) {
  return fail(error_text, errc::io_error, path, std::string(action) + ": " + std::strerror(errno));
}

std::string octal_mode(mode_t mode) {
  std::string out = "0";
  for (int shift = 6; shift >= 0; shift -= 3)
    out += static_cast<char>('0' + ((mode >> shift) & 7));
  return out;
}

// fsync(2) of a file does not make its directory entry durable; syncing the directory does.
status sync_directory(const fs::path& dir, std::string& error_text) {
  unique_fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0 || ::fsync(fd.get()) != 0)
    return fail_errno(error_text, dir, "cannot sync");
  return {};
}

status write_all(int fd, std::string_view content) {
  while (!content.empty()) {
    ssize_t written = ::write(fd, content.data(), content.size());
    if (written < 0 && errno == EINTR)
      continue;
    if (written <= 0)
      return errc::io_error;
    content.remove_prefix(static_cast<std::size_t>(written));
  }
  return {};
}

// Writes `content` under a temporary name, then link()s it to `path`: the final name appears only
// with its whole content, and never replaces a file another process created first (`lost_race`).
status create_file(const fs::path& path, std::string_view content, bool& lost_race,
                   std::string& error_text) {
  fs::path temp = path;
  temp += ".tmp-" + random_id("", 8);
  {
    unique_fd fd(::open(temp.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600));
    if (fd.get() < 0)
      return fail_errno(error_text, temp, "cannot create");
    if (!write_all(fd.get(), content) || ::fsync(fd.get()) != 0) {
      auto failed = fail_errno(error_text, temp, "cannot write");
      ::unlink(temp.c_str());
      return failed;
    }
  }
  int linked = ::link(temp.c_str(), path.c_str());
  int link_errno = errno;
  ::unlink(temp.c_str());
  if (linked != 0 && link_errno != EEXIST) {
    errno = link_errno;
    return fail_errno(error_text, path, "cannot create");
  }
  lost_race = linked != 0;
  return sync_directory(path.parent_path(), error_text);
}

// errc::not_found (and no text) if the file does not exist yet.
result<std::string> read_existing(const fs::path& path, std::string& error_text) {
  unique_fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (fd.get() < 0 && errno == ENOENT)
    return errc::not_found;
  if (fd.get() < 0)
    return fail_errno(error_text, path, "cannot read").error();
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0)
    return fail_errno(error_text, path, "cannot read").error();
  if (!S_ISREG(info.st_mode)) {
    return fail(error_text, errc::config_invalid, path, "not a regular file").error();
  }
  // Like ssh with its keys: a secret others could read is treated as already leaked.
  if ((info.st_mode & 077) != 0) {
    return fail(error_text, errc::config_invalid, path,
                "permissions " + octal_mode(info.st_mode & 0777) + " are too open (expected 0600)")
      .error();
  }
  std::string content(secret_file_bytes_max + 1, '\0');
  std::size_t got = 0;
  while (got < content.size()) {
    ssize_t n = ::read(fd.get(), content.data() + got, content.size() - got);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return fail_errno(error_text, path, "cannot read").error();
    if (n == 0)
      break;
    got += static_cast<std::size_t>(n);
  }
  if (got > secret_file_bytes_max) {
    return fail(error_text, errc::config_invalid, path,
                "larger than " + std::to_string(secret_file_bytes_max) + " bytes")
      .error();
  }
  content.resize(got);
  return content;
}

result<std::string> load_or_create(const fs::path& path, std::string (*generate)(),
                                   std::string& error_text) {
  auto existing = read_existing(path, error_text);
  if (existing || existing.error() != errc::not_found)
    return existing;
  std::string fresh = generate();
  bool lost_race = false;
  if (auto created = create_file(path, fresh, lost_race, error_text); !created) {
    return created.error();
  }
  if (!lost_race)
    return fresh;
  // Another process created the file between our read and our link: its value is the one kept.
  return read_existing(path, error_text);
}

// Token files may end with a newline when an operator wrote them with echo; it is not part of them.
result<std::string> load_token(const fs::path& path, std::string (*generate)(),
                               std::string& error_text) {
  auto token = load_or_create(path, generate, error_text);
  if (!token)
    return token;
  while (!token->empty() && (token->back() == '\n' || token->back() == '\r'))
    token->pop_back();
  if (token->empty())
    return fail(error_text, errc::config_invalid, path, "is empty").error();
  return token;
}

std::string new_admin_token() {
  return random_token("adm_", 40);
}

std::string new_jwt_secret() {
  return random_token("", 64);
}

std::string new_sealing_key() {
  return random_bytes(sealing_key_bytes);
}

} // namespace

result<secrets> load_or_create_secrets(const std::filesystem::path& data_dir,
                                       const auth_config& auth, std::string& error_text) {
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  if (ec) {
    return fail(error_text, errc::io_error, data_dir, "cannot create: " + ec.message()).error();
  }
  const fs::path dir = data_dir / "secrets";
  if (::mkdir(dir.c_str(), 0700) == 0) {
    if (auto synced = sync_directory(data_dir, error_text); !synced)
      return synced.error();
  } else if (errno != EEXIST) {
    return fail_errno(error_text, dir, "cannot create").error();
  }
  secrets out;
  out.admin_token = auth.admin_token;
  out.jwt_secret = auth.jwt_secret;
  // Configured values win, and then their files are neither read nor created.
  if (out.admin_token.empty()) {
    auto token = load_token(dir / "admin_token", &new_admin_token, error_text);
    if (!token)
      return token.error();
    out.admin_token = std::move(*token);
  }
  if (out.jwt_secret.empty()) {
    auto secret = load_token(dir / "jwt_secret", &new_jwt_secret, error_text);
    if (!secret)
      return secret.error();
    out.jwt_secret = std::move(*secret);
  }
  auto key = load_or_create(dir / "sealing_key", &new_sealing_key, error_text);
  if (!key)
    return key.error();
  if (key->size() != sealing_key_bytes) {
    return fail(error_text, errc::config_invalid, dir / "sealing_key",
                "expected " + std::to_string(sealing_key_bytes) + " bytes, found "
                  + std::to_string(key->size()))
      .error();
  }
  out.sealing_key = std::move(*key);
  return out;
}

} // namespace sluice::infra
