// A table of the countries residential and mobile proxy fleets commonly cover.
#include "http/status/country_names.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace sluice::http {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 40> names{{
  {"ae", "United Arab Emirates"},
  {"ar", "Argentina"},
  {"at", "Austria"},
  {"au", "Australia"},
  {"be", "Belgium"},
  {"br", "Brazil"},
  {"ca", "Canada"},
  {"ch", "Switzerland"},
  {"cz", "Czechia"},
  {"de", "Germany"},
  {"dk", "Denmark"},
  {"es", "Spain"},
  {"fi", "Finland"},
  {"fr", "France"},
  {"gb", "United Kingdom"},
  {"gr", "Greece"},
  {"hk", "Hong Kong"},
  {"ie", "Ireland"},
  {"il", "Israel"},
  {"in", "India"},
  {"it", "Italy"},
  {"jp", "Japan"},
  {"kr", "South Korea"},
  {"mx", "Mexico"},
  {"nl", "Netherlands"},
  {"no", "Norway"},
  {"nz", "New Zealand"},
  {"pl", "Poland"},
  {"pt", "Portugal"},
  {"ro", "Romania"},
  {"se", "Sweden"},
  {"sg", "Singapore"},
  {"th", "Thailand"},
  {"tr", "Turkey"},
  {"tw", "Taiwan"},
  {"ua", "Ukraine"},
  {"uk", "United Kingdom"},
  {"us", "United States"},
  {"za", "South Africa"},
  {"ph", "Philippines"},
}};

} // namespace

std::string country_name(std::string_view code) {
  const auto* i = std::find_if(names.begin(), names.end(),
                               [&](const auto& entry) { return entry.first == code; });
  if (i != names.end())
    return std::string{i->second};
  std::string upper{code};
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; });
  return upper;
}

} // namespace sluice::http
