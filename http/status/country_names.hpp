// English names of the countries exit nodes are configured in (seed 000 §04 lists them as
// "code, name"). Codes are ISO 3166 alpha-2, lowercase, with "uk" as the seeds write it.
#pragma once

#include <string>
#include <string_view>

namespace sluice::http {

/// The English short name, or the code in upper case when the table does not know it.
std::string country_name(std::string_view code);

} // namespace sluice::http
