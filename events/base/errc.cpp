// Messages for sluice::errc; the category is a function-local static (thread-safe init).
#include "events/base/errc.hpp"

namespace sluice {
namespace {

class category final : public std::error_category {
public:
  const char* name() const noexcept override {
    return "sluice";
  }
  std::string message(int value) const override {
    switch (static_cast<errc>(value)) {
      case errc::ok:
        return "ok";
      case errc::invalid_argument:
        return "invalid argument";
      case errc::not_found:
        return "not found";
      case errc::already_exists:
        return "already exists";
      case errc::version_conflict:
        return "stream version conflict";
      case errc::io_error:
        return "storage I/O error";
      case errc::corrupt_data:
        return "corrupt data";
      case errc::shutting_down:
        return "shutting down";
      case errc::timeout:
        return "timed out";
      case errc::revoked:
        return "API key revoked";
      case errc::wallet_empty:
        return "wallet empty";
      case errc::quota_exceeded:
        return "quota exceeded";
      case errc::unauthorized:
        return "unauthorized";
      case errc::forbidden:
        return "forbidden";
      case errc::locked:
        return "data directory in use";
      case errc::config_invalid:
        return "invalid configuration";
      case errc::unavailable:
        return "unavailable";
      case errc::limit_reached:
        return "limit reached";
      case errc::sold_out:
        return "Sold out";
      case errc::wrong_state:
        return "not in a state that allows this";
    }
    return "unknown sluice error " + std::to_string(value);
  }
};

} // namespace

const std::error_category& sluice_category() noexcept {
  static const category instance;
  return instance;
}

} // namespace sluice
