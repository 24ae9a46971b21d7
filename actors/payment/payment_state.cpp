// The payment fold and its snapshot codec.
#include "actors/payment/payment_state.hpp"

#include <boost/json.hpp>

#include "events/json_fields.hpp"

namespace sluice::actors {

void evolve(payment_state& state, const events::any_event& event, events::timestamp ts) {
  ++state.version;
  if (const auto* c = std::get_if<events::checkout_created>(&event)) {
    state.checkout_id = c->checkout_id;
    state.account_id = c->account_id;
    state.amount_minor = c->amount_minor;
    state.currency = c->currency;
    state.price_per_tb_minor = c->price_per_tb_minor;
    state.traffic_bytes = c->traffic_bytes;
    state.created_at = ts;
  } else if (std::holds_alternative<events::payment_completed>(event)) {
    state.completed = true;
    state.completed_at = ts;
  }
}

checkout_view view(const payment_state& s) {
  return {s.checkout_id,  s.account_id,  s.completed ? "completed" : "pending",
          s.amount_minor, s.currency,    s.traffic_bytes,
          s.created_at,   s.completed_at};
}

std::string to_snapshot(const payment_state& s) {
  boost::json::object o{{"checkout_id", s.checkout_id},
                        {"account_id", s.account_id},
                        {"amount_minor", s.amount_minor},
                        {"currency", s.currency},
                        {"price_per_tb_minor", s.price_per_tb_minor},
                        {"traffic_bytes", s.traffic_bytes},
                        {"completed", s.completed},
                        {"created_at", events::format_timestamp(s.created_at)},
                        {"version", s.version}};
  if (s.completed_at)
    o["completed_at"] = events::format_timestamp(*s.completed_at);
  return boost::json::serialize(o);
}

result<payment_state> payment_from_snapshot(std::string_view text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_object())
    return errc::corrupt_data;
  const auto& o = v.as_object();
  payment_state s;
  std::string created;
  std::string completed;
  using events::read_field;
  const bool ok
    = read_field(o, "checkout_id", s.checkout_id) && read_field(o, "account_id", s.account_id)
      && read_field(o, "amount_minor", s.amount_minor) && read_field(o, "currency", s.currency)
      && read_field(o, "price_per_tb_minor", s.price_per_tb_minor)
      && read_field(o, "traffic_bytes", s.traffic_bytes) && read_field(o, "completed", s.completed)
      && read_field(o, "created_at", created) && read_field(o, "version", s.version);
  auto ts = events::parse_timestamp(created);
  if (!ok || !ts)
    return errc::corrupt_data;
  s.created_at = *ts;
  if (read_field(o, "completed_at", completed)) {
    auto done = events::parse_timestamp(completed);
    if (!done)
      return errc::corrupt_data;
    s.completed_at = *done;
  }
  return s;
}

} // namespace sluice::actors
