// Exit-node choice: a pure function of the registry's table.
#include "actors/exit_node/node_selection.hpp"

#include <algorithm>
#include <tuple>

namespace sluice::actors {
namespace {

bool usable(const node_health& n, const pick_request& r,
            std::chrono::steady_clock::time_point now) {
  return n.info.country == r.country && n.down_until <= now && !r.blacklist.contains(n.info.id);
}

bool serves(const node_health& n, const std::string& service) {
  return service.empty() || n.info.services.empty()
         || std::find(n.info.services.begin(), n.info.services.end(), service)
              != n.info.services.end();
}

bool tagged_for(const node_health& n, const std::string& service) {
  return !service.empty()
         && std::find(n.info.services.begin(), n.info.services.end(), service)
              != n.info.services.end();
}

} // namespace

std::optional<std::string> pick_node(const std::vector<node_health>& nodes,
                                     const pick_request& request,
                                     std::chrono::steady_clock::time_point now) {
  for (const auto& n : nodes) {
    if (n.info.id == request.current && usable(n, request, now))
      return n.info.id;
  }
  const node_health* best = nullptr;
  // Smaller is better: the node just left last, then untagged-for-this-service, then load, id.
  auto rank = [&](const node_health& n) {
    return std::make_tuple(n.info.id == request.avoid, !tagged_for(n, request.service),
                           !serves(n, request.service), n.load, n.info.id);
  };
  for (const auto& n : nodes) {
    if (!usable(n, request, now))
      continue;
    if (best == nullptr || rank(n) < rank(*best))
      best = &n;
  }
  if (best == nullptr)
    return std::nullopt;
  return best->info.id;
}

} // namespace sluice::actors
