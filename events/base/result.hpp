// sluice::result<T>: a value or a std::error_code, and it cannot be ignored (house style §4.5).
// GCC 12 has no std::expected in C++20 mode, so this wraps boost::system::result.
#pragma once

#include <boost/system/result.hpp>
#include <system_error>
#include <utility>

#include "events/base/errc.hpp"

namespace sluice {

template <class T>
class [[nodiscard]] result : public boost::system::result<T, std::error_code> {
  using base = boost::system::result<T, std::error_code>;

public:
  using base::base;
  result(errc e) : base(make_error_code(e)) {
  } // NOLINT: implicit by design, `return errc::x;`
};

/// The value-less form: success or an error code.
using status = result<void>;

} // namespace sluice
