// JSON text of response bodies. Like boost::json::serialize, except that doubles are written in
// their shortest plain form ("0.94", "50", "0.001") instead of Ryu's exponent form ("9.4E-1"):
// the documents' examples show plain decimals, and people read these bodies.
#pragma once

#include <boost/json/value.hpp>
#include <string>

namespace sluice::http {

std::string to_json_text(const boost::json::value& v);

} // namespace sluice::http
