// Built-in host suffixes for the 12 service tags of seed 000 §04. A [services.X] table in the
// configuration replaces the list of tag X; the loader starts from this map.
#include "infra/config.hpp"

namespace sluice::infra {
namespace {

std::map<std::string, service_config> make_default_services() {
  // Suffix match (gateway/policy): "bbc.co.uk" also allows "www.bbc.co.uk". The lists cover each
  // service's web front end, API and CDN domains as publicly observed; operators refine them.
  return {
    {"netflix",
     {{"netflix.com", "netflix.net", "nflxvideo.net", "nflximg.net", "nflximg.com", "nflxext.com",
       "nflxso.net"},
      {}}},
    {"prime",
     {{"primevideo.com", "amazonvideo.com", "aiv-cdn.net", "aiv-delivery.net", "pv-cdn.net",
       "media-amazon.com", "atv-ps.amazon.com", "atv-ps-eu.amazon.com", "atv-ext.amazon.com",
       "atv-ext-eu.amazon.com"},
      {}}},
    {"bbc", {{"bbc.co.uk", "bbci.co.uk", "bbc.com", "bbc.net.uk"}, {}}},
    {"itvx", {{"itv.com", "itvx.com", "itvstatic.com"}, {}}},
    {"c4", {{"channel4.com", "c4assets.com"}, {}}},
    {"sky", {{"sky.com", "skyassets.com", "nowtv.com"}, {}}},
    {"disney",
     {{"disneyplus.com", "disney-plus.net", "bamgrid.com", "dssott.com", "disneystreaming.com"},
      {}}},
    {"paramount",
     {{"paramountplus.com", "paramount.com", "pplusstatic.com", "cbsaavideo.com", "cbsivideo.com"},
      {}}},
    {"appletv", {{"tv.apple.com", "itunes.apple.com", "mzstatic.com"}, {}}},
    {"discovery",
     {{"discoveryplus.com", "discoveryplus.co.uk", "discovery.com", "disco-api.com"}, {}}},
    {"dazn", {{"dazn.com", "indazn.com", "daznedge.net", "dazndn.com"}, {}}},
    {"max", {{"max.com", "hbomax.com", "hbo.com", "hbomaxcdn.com", "discomax.com"}, {}}},
  };
}

} // namespace

const std::map<std::string, service_config>& default_services() {
  // Function-local static: built once, thread-safe, never destroyed before its readers.
  static const std::map<std::string, service_config> services = make_default_services();
  return services;
}

} // namespace sluice::infra
