// Read model "account_by_email": lowercase email -> account id, from EmailClaimed (so an account
// whose signup never claimed its email is not found by login).
#pragma once

#include "projections/projection.hpp"

namespace sluice::projections {

class account_by_email final : public projection {
public:
  static constexpr std::string_view projection_name = "account_by_email";
  static std::string key(std::string_view email);

  std::string_view name() const override {
    return projection_name;
  }
  status apply(const events::envelope& event, infra::projection_tx& tx) override;
};

} // namespace sluice::projections
