// Fold of node_sessions. A binding row says which node a session holds, so a release counts down
// the node it really held and only once, even for a release of a session never bound (an old
// log) or a binding that replaces another without a release in between.
#include "projections/node_sessions.hpp"

#include <charconv>

#include "events/catalogue.hpp"
#include "projections/session_release.hpp"

namespace sluice::projections {
namespace {

status add_to_count(infra::projection_tx& tx, std::string_view node, bool up) {
  const auto key = node_sessions::count_key(node);
  auto text = tx.get(key);
  if (!text)
    return text.error();
  std::uint64_t count = 0;
  if (*text) {
    const auto& digits = **text;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
    if (ec != std::errc{} || end != digits.data() + digits.size())
      return errc::corrupt_data;
  }
  count = up ? count + 1 : (count > 0 ? count - 1 : 0);
  if (count == 0) {
    tx.erase(key);
  } else {
    tx.put(key, std::to_string(count));
  }
  return {};
}

/// Points the session's binding at `node` (empty: released), moving one count between nodes.
status rebind(infra::projection_tx& tx, const std::string& account, const std::string& session,
              const std::string& country, const std::string& node) {
  const auto key = node_sessions::binding_key(account, session, country);
  auto before = tx.get(key);
  if (!before)
    return before.error();
  const std::string old = before->value_or(std::string{});
  if (old == node)
    return {};
  if (!old.empty()) {
    if (auto down = add_to_count(tx, old, false); !down)
      return down;
  }
  if (node.empty()) {
    tx.erase(key);
    return {};
  }
  tx.put(key, node);
  return add_to_count(tx, node, true);
}

} // namespace

std::string node_sessions::count_prefix() {
  return std::string{projection_name} + "/count/";
}

std::string node_sessions::count_key(std::string_view node) {
  return count_prefix() + std::string{node};
}

std::string node_sessions::binding_prefix() {
  return std::string{projection_name} + "/session/";
}

std::string node_sessions::binding_key(std::string_view account, std::string_view session,
                                       std::string_view country) {
  return binding_prefix() + std::string{account} + "/" + std::string{session} + "/"
         + std::string{country};
}

status node_sessions::apply(const events::envelope& event, infra::projection_tx& tx) {
  const auto& t = event.type;
  if (t != events::session_bound::type && t != events::session_rotated::type
      && t != events::session_discarded::type && t != events::session_expired::type) {
    return {};
  }
  auto decoded = events::decode(event);
  if (!decoded)
    return decoded.error();
  if (const auto* b = std::get_if<events::session_bound>(&*decoded))
    return rebind(tx, b->account, b->session, b->country, b->node);
  if (const auto released = binding_released(*decoded))
    return rebind(tx, released->account, released->session, released->country, {});
  return {};
}

} // namespace sluice::projections
