// Encoding and decoding by type name. Decoding is field by field through Boost.Describe, so an
// event written by an older build (an optional field missing) or a newer one (extra fields) reads.
#include "events/catalogue.hpp"

#include <array>
#include <boost/describe/members.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <boost/mp11/algorithm.hpp>
#include <optional>
#include <type_traits>

namespace sluice::events {
namespace {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class T>
result<any_event> decode_as(const boost::json::object& data) {
  T out{};
  bool ok = true;
  using members = boost::describe::describe_members<T, boost::describe::mod_public>;
  boost::mp11::mp_for_each<members>([&](auto member) {
    using field_type = std::remove_cvref_t<decltype(out.*member.pointer)>;
    const auto* v = data.if_contains(member.name);
    if (v == nullptr) {
      ok = ok && is_optional<field_type>::value; // Absent optional fields stay empty.
      return;
    }
    auto r = boost::json::try_value_to<field_type>(*v);
    if (!r) {
      ok = false;
      return;
    }
    out.*member.pointer = std::move(*r);
  });
  if (!ok)
    return errc::corrupt_data;
  return any_event{std::move(out)};
}

using decoder = result<any_event> (*)(const boost::json::object&);

struct entry {
  std::string_view type;
  decoder decode;
};

template <class... Ts>
constexpr auto make_table(std::variant<unknown_event, Ts...>*) {
  return std::array<entry, sizeof...(Ts)>{entry{Ts::type, &decode_as<Ts>}...};
}

constexpr auto table = make_table(static_cast<any_event*>(nullptr));

} // namespace

std::string_view type_name(const any_event& event) {
  return std::visit(
    [](const auto& e) -> std::string_view {
      using T = std::decay_t<decltype(e)>;
      if constexpr (std::is_same_v<T, unknown_event>) {
        return e.type;
      } else {
        return T::type;
      }
    },
    event);
}

event_data encode(const any_event& event) {
  return std::visit(
    [](const auto& e) -> event_data {
      using T = std::decay_t<decltype(e)>;
      if constexpr (std::is_same_v<T, unknown_event>) {
        return {e.type, e.data};
      } else {
        return {std::string{T::type}, boost::json::value_from(e).as_object()};
      }
    },
    event);
}

result<any_event> decode(std::string_view type, const boost::json::object& data) {
  for (const auto& e : table) {
    if (e.type == type)
      return e.decode(data);
  }
  return any_event{unknown_event{std::string{type}, data}};
}

result<any_event> decode(const envelope& e) {
  return decode(e.type, e.data);
}

} // namespace sluice::events
