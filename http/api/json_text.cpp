// Recursive writer; everything but doubles is delegated to Boost.JSON.
#include "http/api/json_text.hpp"

#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>

namespace sluice::http {
namespace {

void write(const boost::json::value& v, std::string& out) {
  switch (v.kind()) {
    case boost::json::kind::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, value] : v.get_object()) {
        if (!first)
          out.push_back(',');
        first = false;
        out += boost::json::serialize(boost::json::string_view{key});
        out.push_back(':');
        write(value, out);
      }
      out.push_back('}');
      return;
    }
    case boost::json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& value : v.get_array()) {
        if (!first)
          out.push_back(',');
        first = false;
        write(value, out);
      }
      out.push_back(']');
      return;
    }
    case boost::json::kind::double_: {
      const double d = v.get_double();
      if (!std::isfinite(d)) {
        out += "null"; // JSON has no infinities; we never produce them on purpose.
        return;
      }
      char buffer[32];
      const auto r = std::to_chars(buffer, buffer + sizeof buffer, d);
      out.append(buffer, r.ptr);
      return;
    }
    default:
      out += boost::json::serialize(v);
  }
}

} // namespace

std::string to_json_text(const boost::json::value& v) {
  std::string out;
  write(v, out);
  return out;
}

} // namespace sluice::http
