// Checked reads of one field of a JSON object, for hand-written decoders (snapshots, requests).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value_to.hpp>
#include <string_view>

namespace sluice::events {

/// Sets `out` and returns true if `key` exists and converts to T; otherwise leaves `out` alone.
template <class T>
bool read_field(const boost::json::object& object, std::string_view key, T& out) {
  const auto* v = object.if_contains(key);
  if (v == nullptr)
    return false;
  auto r = boost::json::try_value_to<T>(*v);
  if (!r)
    return false;
  out = std::move(*r);
  return true;
}

} // namespace sluice::events
