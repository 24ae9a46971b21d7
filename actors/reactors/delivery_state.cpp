// The reactor's fold and its snapshot codec.
#include "actors/reactors/delivery_state.hpp"

#include <array>
#include <boost/json.hpp>

#include "events/json_fields.hpp"

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
  boost::json::object hooks;
  for (const auto& [id, h] : fold.hooks) {
    boost::json::array names;
    for (const auto& n : h.events)
      names.emplace_back(n);
    hooks[id] = boost::json::object{{"account_id", h.account_id},
                                    {"url", h.url},
                                    {"events", std::move(names)},
                                    {"secret_sealed", h.secret_sealed},
                                    {"active", h.active}};
  }
  boost::json::object deliveries;
  for (const auto& [id, d] : fold.deliveries) {
    deliveries[id] = boost::json::object{{"webhook_id", d.webhook_id},
                                         {"account_id", d.account_id},
                                         {"event", d.event},
                                         {"body", d.body},
                                         {"version", d.version},
                                         {"attempts", d.attempts},
                                         {"scheduled_attempts", d.scheduled_attempts},
                                         {"due_at", events::format_timestamp(d.due_at)},
                                         {"completed", d.completed},
                                         {"manual_owed", d.manual_owed}};
  }
  return boost::json::serialize(boost::json::object{{"position", fold.position},
                                                    {"hooks", std::move(hooks)},
                                                    {"deliveries", std::move(deliveries)}});
}

result<delivery_fold> delivery_fold_from_snapshot(std::string_view text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_object())
    return errc::corrupt_data;
  const auto& o = v.as_object();
  using events::read_field;
  delivery_fold fold;
  boost::json::object hooks;
  boost::json::object deliveries;
  if (!read_field(o, "position", fold.position) || !read_field(o, "hooks", hooks)
      || !read_field(o, "deliveries", deliveries)) {
    return errc::corrupt_data;
  }
  for (const auto& [id, value] : hooks) {
    if (!value.is_object())
      return errc::corrupt_data;
    const auto& h = value.as_object();
    hook_info info;
    if (!read_field(h, "account_id", info.account_id) || !read_field(h, "url", info.url)
        || !read_field(h, "events", info.events)
        || !read_field(h, "secret_sealed", info.secret_sealed)
        || !read_field(h, "active", info.active)) {
      return errc::corrupt_data;
    }
    fold.hooks[std::string{id}] = std::move(info);
  }
  for (const auto& [id, value] : deliveries) {
    if (!value.is_object())
      return errc::corrupt_data;
    const auto& x = value.as_object();
    pending_delivery d;
    d.delivery_id = std::string{id};
    std::string due;
    if (!read_field(x, "webhook_id", d.webhook_id) || !read_field(x, "account_id", d.account_id)
        || !read_field(x, "event", d.event) || !read_field(x, "body", d.body)
        || !read_field(x, "version", d.version) || !read_field(x, "attempts", d.attempts)
        || !read_field(x, "scheduled_attempts", d.scheduled_attempts)
        || !read_field(x, "due_at", due) || !read_field(x, "completed", d.completed)
        || !read_manual_owed(x, d.manual_owed)) {
      return errc::corrupt_data;
    }
    auto at = events::parse_timestamp(due);
    if (!at)
      return errc::corrupt_data;
    d.due_at = *at;
    fold.deliveries[d.delivery_id] = std::move(d);
  }
  return fold;
}

} // namespace sluice::actors
