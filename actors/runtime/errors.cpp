// errc <-> caf::error. The atom "sluice" marks our category inside CAF errors.
#include "actors/runtime/errors.hpp"

#include "caf/atom.hpp"
#include "caf/sec.hpp"

namespace sluice::actors {
namespace {
constexpr auto sluice_category_atom = caf::atom("sluice");
} // namespace

caf::error to_caf_error(std::error_code ec) {
  const auto code = ec.category() == sluice_category() ? ec.value()
                                                       : static_cast<int>(errc::unavailable);
  return caf::error{static_cast<std::uint8_t>(code), sluice_category_atom};
}

std::error_code to_error_code(const caf::error& e) {
  if (!e)
    return {};
  if (e.category() == sluice_category_atom)
    return make_error_code(static_cast<errc>(e.code()));
  if (e == caf::sec::request_timeout)
    return make_error_code(errc::timeout);
  return make_error_code(errc::unavailable);
}

} // namespace sluice::actors
