// JSON codec of the envelope. Field order is fixed so the stored bytes are stable and readable.
#include "events/envelope.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace sluice::events {

std::string to_json(const envelope& e) {
  boost::json::object o;
  o.reserve(7);
  o.emplace("seq", e.seq);
  o.emplace("id", e.id);
  o.emplace("type", e.type);
  o.emplace("stream", e.stream);
  o.emplace("version", e.version);
  o.emplace("ts", format_timestamp(e.ts));
  o.emplace("data", e.data);
  return boost::json::serialize(o);
}

namespace {

const boost::json::string* string_field(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v ? v->if_string() : nullptr;
}

bool uint_field(const boost::json::object& o, std::string_view key, std::uint64_t& out) {
  const auto* v = o.if_contains(key);
  if (v == nullptr)
    return false;
  if (const auto* u = v->if_uint64()) {
    out = *u;
    return true;
  }
  if (const auto* i = v->if_int64(); i != nullptr && *i >= 0) {
    out = static_cast<std::uint64_t>(*i);
    return true;
  }
  return false;
}

} // namespace

result<envelope> envelope_from_json(std::string_view text) {
  boost::system::error_code ec;
  auto parsed = boost::json::parse(text, ec);
  if (ec || !parsed.is_object())
    return errc::corrupt_data;
  auto& o = parsed.as_object();
  envelope e;
  const auto* id = string_field(o, "id");
  const auto* type = string_field(o, "type");
  const auto* stream = string_field(o, "stream");
  const auto* ts = string_field(o, "ts");
  auto* data = o.if_contains("data");
  if (!id || !type || !stream || !ts || !data || !data->is_object())
    return errc::corrupt_data;
  if (!uint_field(o, "seq", e.seq) || !uint_field(o, "version", e.version)) {
    return errc::corrupt_data;
  }
  auto when = parse_timestamp(*ts);
  if (!when)
    return errc::corrupt_data;
  e.id = *id;
  e.type = *type;
  e.stream = *stream;
  e.ts = *when;
  e.data = std::move(data->as_object());
  return e;
}

} // namespace sluice::events
