// JSON for plain records (fold snapshots, read-model rows), derived from their Boost.Describe
// description (BOOST_DESCRIBE_STRUCT), as events already are: one codec instead of a
// hand-written writer and parser per struct. Members may be strings, bools, integers,
// timestamps (RFC 3339 text, events/time.hpp), optionals (null when empty), vectors, sets,
// string-keyed maps, other described records, and types with a record form (has_record_form).
// Reading is tolerant the way a snapshot must be: a member absent from the JSON (written by an
// older build) keeps its default, a key the record does not know (a newer build) is ignored, and
// a member present with the wrong type makes the whole record errc::corrupt_data.
#pragma once

#include <boost/describe/members.hpp>
#include <boost/json.hpp>
#include <boost/mp11/algorithm.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "events/base/errc.hpp"
#include "events/base/result.hpp"
#include "events/time.hpp"

namespace sluice::events {

/// A type kept in a record by a plain form of its own: `record_form()` gives it and
/// `from_record_form(form)` rebuilds it (e.g. a bounded set kept as its list, oldest first).
template <class T>
concept has_record_form = requires(const T& t) {
  { T::from_record_form(t.record_form()) } -> std::same_as<T>;
};

namespace record_detail {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_sequence : std::false_type {};
template <class T>
struct is_sequence<std::vector<T>> : std::true_type {};
template <class T>
struct is_sequence<std::set<T>> : std::true_type {};
template <class T>
struct is_string_map : std::false_type {};
template <class T>
struct is_string_map<std::map<std::string, T>> : std::true_type {};

template <class T>
constexpr bool is_described = boost::describe::has_describe_members<T>::value;

template <class T>
boost::json::value write(const T& v);

template <class T>
boost::json::object write_members(const T& record) {
  boost::json::object out;
  boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>(
    [&](auto member) { out[member.name] = write(record.*member.pointer); });
  return out;
}

template <class T>
boost::json::value write(const T& v) {
  if constexpr (std::is_same_v<T, timestamp>) {
    return boost::json::value(format_timestamp(v));
  } else if constexpr (has_record_form<T>) {
    return write(v.record_form());
  } else if constexpr (is_optional<T>::value) {
    return v ? write(*v) : boost::json::value(nullptr);
  } else if constexpr (is_sequence<T>::value) {
    boost::json::array out;
    for (const auto& item : v)
      out.push_back(write(item));
    return out;
  } else if constexpr (is_string_map<T>::value) {
    boost::json::object out;
    for (const auto& [key, item] : v)
      out[key] = write(item);
    return out;
  } else if constexpr (is_described<T>) {
    return write_members(v);
  } else {
    return boost::json::value_from(v); // Strings, bools, integers.
  }
}

template <class T>
bool read(const boost::json::value& json, T& out);

template <class T>
bool read_members(const boost::json::object& json, T& record) {
  bool ok = true;
  boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>(
    [&](auto member) {
      if (const auto* v = json.if_contains(member.name))
        ok = ok && read(*v, record.*member.pointer);
    });
  return ok;
}

template <class T>
bool read(const boost::json::value& json, T& out) {
  if constexpr (std::is_same_v<T, timestamp>) {
    if (!json.is_string())
      return false;
    auto parsed = parse_timestamp(json.as_string());
    if (parsed)
      out = *parsed;
    return parsed.has_value();
  } else if constexpr (has_record_form<T>) {
    std::remove_cvref_t<decltype(out.record_form())> form{};
    if (!read(json, form))
      return false;
    out = T::from_record_form(std::move(form));
    return true;
  } else if constexpr (is_optional<T>::value) {
    if (json.is_null()) {
      out.reset();
      return true;
    }
    typename T::value_type inner{};
    if (!read(json, inner))
      return false;
    out = std::move(inner);
    return true;
  } else if constexpr (is_sequence<T>::value) {
    if (!json.is_array())
      return false;
    T items;
    for (const auto& element : json.as_array()) {
      typename T::value_type item{};
      if (!read(element, item))
        return false;
      items.insert(items.end(), std::move(item));
    }
    out = std::move(items);
    return true;
  } else if constexpr (is_string_map<T>::value) {
    if (!json.is_object())
      return false;
    T items;
    for (const auto& [key, element] : json.as_object()) {
      typename T::mapped_type item{};
      if (!read(element, item))
        return false;
      items.emplace(std::string(key), std::move(item));
    }
    out = std::move(items);
    return true;
  } else if constexpr (is_described<T>) {
    return json.is_object() && read_members(json.as_object(), out);
  } else {
    auto r = boost::json::try_value_to<T>(json);
    if (r)
      out = std::move(*r);
    return !r.has_error();
  }
}

} // namespace record_detail

/// The record as a JSON object, one key per described member.
template <class T>
boost::json::object record_to_json(const T& record) {
  return record_detail::write_members(record);
}

/// The record from a JSON object (rules above); errc::corrupt_data on a mistyped member.
template <class T>
result<T> record_from_json(const boost::json::object& json) {
  T out{};
  if (!record_detail::read_members(json, out))
    return errc::corrupt_data;
  return out;
}

/// Serialized record_to_json.
template <class T>
std::string encode_record(const T& record) {
  return boost::json::serialize(record_to_json(record));
}

/// record_from_json of serialized text; errc::corrupt_data if it is no JSON object.
template <class T>
result<T> decode_record(std::string_view text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_object())
    return errc::corrupt_data;
  return record_from_json<T>(v.as_object());
}

} // namespace sluice::events
