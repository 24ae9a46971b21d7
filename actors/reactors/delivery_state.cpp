// The reactor's fold and its snapshot codec.
#include "actors/reactors/delivery_state.hpp"

#include <array>
#include <boost/json.hpp>

#include "events/json_fields.hpp"
#include "events/record_codec.hpp"

namespace sluice::actors {
namespace {

constexpr std::array<std::string_view, 9> read_types{events::webhook_registered::type,
                                                     events::webhook_deleted::type,
                                                     events::webhook_disabled::type,
                                                     events::balance_low::type,
                                                     events::balance_empty::type,
                                                     events::webhook_delivery_scheduled::type,
                                                     events::webhook_delivery_attempted::type,
                                                     events::webhook_delivery_completed::type,
                                                     events::webhook_redelivery_requested::type};

/// Snapshots before manual_owed had a flag, `manual`: one redelivery owed or none.
bool read_manual_owed(const boost::json::object& o, std::uint64_t& owed) {
  if (o.contains("manual_owed"))
    return events::read_field(o, "manual_owed", owed);
  bool manual = false;
  if (!events::read_field(o, "manual", manual))
    return false;
  owed = manual ? 1 : 0;
  return true;
}

} // namespace

bool reactor_reads(std::string_view type) {
  for (const auto t : read_types) {
    if (t == type)
      return true;
  }
  return false;
}

void evolve_delivery(pending_delivery& d, const events::envelope& env, const events::any_event& e) {
  d.version = env.version;
  if (const auto* s = std::get_if<events::webhook_delivery_scheduled>(&e)) {
    d = pending_delivery{s->delivery_id, s->webhook_id, s->account_id,
                         s->event,       s->body,       env.version};
    d.due_at = env.ts;
  } else if (const auto* a = std::get_if<events::webhook_delivery_attempted>(&e)) {
    d.attempts = a->attempt;
    if (a->manual) {
      if (d.manual_owed > 0)
        --d.manual_owed;
    } else {
      ++d.scheduled_attempts;
    }
    if (a->next_attempt_at) {
      if (auto next = events::parse_timestamp(*a->next_attempt_at))
        d.due_at = *next;
    } else {
      // Ended (its WebhookDeliveryCompleted may come in the next batch read).
      d.completed = true;
    }
  } else if (std::holds_alternative<events::webhook_delivery_completed>(e)) {
    d.completed = true;
  } else if (const auto* r = std::get_if<events::webhook_redelivery_requested>(&e)) {
    if (d.delivery_id.empty()) {
      d = pending_delivery{r->delivery_id, r->webhook_id, r->account_id, r->event,
                           r->body,        env.version,   r->attempts};
      d.completed = true; // Not held any more, so its schedule had ended.
    }
    ++d.manual_owed;
  }
}

void evolve(delivery_fold& fold, const events::envelope& env, const events::any_event& e) {
  fold.position = env.seq;
  if (const auto* r = std::get_if<events::webhook_registered>(&e)) {
    fold.hooks[r->webhook_id] = {r->account_id, r->url, r->events, r->secret_sealed, true};
  } else if (const auto* d = std::get_if<events::webhook_deleted>(&e)) {
    fold.hooks.erase(d->webhook_id);
  } else if (const auto* x = std::get_if<events::webhook_disabled>(&e)) {
    if (auto it = fold.hooks.find(x->webhook_id); it != fold.hooks.end())
      it->second.active = false;
  } else if (std::holds_alternative<events::webhook_delivery_scheduled>(e)
             || std::holds_alternative<events::webhook_delivery_attempted>(e)
             || std::holds_alternative<events::webhook_delivery_completed>(e)
             || std::holds_alternative<events::webhook_redelivery_requested>(e)) {
    const auto id = env.stream.substr(env.stream.find('/') + 1);
    const bool opens = std::holds_alternative<events::webhook_delivery_scheduled>(e)
                       || std::holds_alternative<events::webhook_redelivery_requested>(e);
    if (!opens && !fold.deliveries.contains(id))
      return; // Already finished: nothing of it is held.
    auto& delivery = fold.deliveries[id];
    evolve_delivery(delivery, env, e);
    // Nothing more is owed: the schedule ended and no redelivery by hand waits.
    if (delivery.completed && delivery.manual_owed == 0)
      fold.deliveries.erase(id);
  }
}

std::string to_snapshot(const delivery_fold& fold) {
  return events::encode_record(fold);
}

result<delivery_fold> delivery_fold_from_snapshot(std::string_view text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_object())
    return errc::corrupt_data;
  auto fold = events::record_from_json<delivery_fold>(v.as_object());
  if (!fold)
    return fold;
  for (auto& [id, d] : fold->deliveries) {
    d.delivery_id = id;
    const auto& stored = v.as_object().at("deliveries").as_object().at(id).as_object();
    if (!read_manual_owed(stored, d.manual_owed))
      return errc::corrupt_data;
  }
  return fold;
}

} // namespace sluice::actors
