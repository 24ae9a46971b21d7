// The three events that end a session's binding (SessionRotated, SessionDiscarded,
// SessionExpired), as the read models that follow bindings need them: which session it was.
#pragma once

#include <optional>
#include <string>
#include <type_traits>
#include <variant>

#include "events/catalogue.hpp"

namespace sluice::projections {

struct released_session {
  const std::string& account;
  const std::string& session;
  const std::string& country;
};

template <class T>
inline constexpr bool ends_binding = std::disjunction_v<std::is_same<T, events::session_rotated>,
                                                        std::is_same<T, events::session_discarded>,
                                                        std::is_same<T, events::session_expired>>;

/// The session whose binding `e` ends; none for any other event. Refers into `e`.
inline std::optional<released_session> binding_released(const events::any_event& e) {
  return std::visit(
    [](const auto& x) -> std::optional<released_session> {
      if constexpr (ends_binding<std::decay_t<decltype(x)>>) {
        return released_session{x.account, x.session, x.country};
      } else {
        return std::nullopt;
      }
    },
    e);
}

} // namespace sluice::projections
