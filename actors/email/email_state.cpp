// Email registry fold, rule and normalisation.
#include "actors/email/email_state.hpp"

#include <boost/json.hpp>

#include "events/json_fields.hpp"

namespace sluice::actors {

void evolve(email_state& state, const events::any_event& event, events::timestamp) {
  ++state.version;
  if (const auto* c = std::get_if<events::email_claimed>(&event)) {
    state.email = c->email;
    state.account_id = c->account_id;
  }
}

result<std::vector<events::any_event>>
decide_claim(const email_state& state, const std::string& email, const std::string& account_id) {
  if (!state.account_id.empty())
    return errc::already_exists;
  return std::vector<events::any_event>{events::email_claimed{email, account_id}};
}

std::string to_snapshot(const email_state& s) {
  return boost::json::serialize(
    boost::json::object{{"email", s.email}, {"account_id", s.account_id}, {"version", s.version}});
}

result<email_state> email_from_snapshot(std::string_view text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_object())
    return errc::corrupt_data;
  email_state s;
  const auto& o = v.as_object();
  using events::read_field;
  if (!read_field(o, "email", s.email) || !read_field(o, "account_id", s.account_id)
      || !read_field(o, "version", s.version)) {
    return errc::corrupt_data;
  }
  return s;
}

result<std::string> normalize_email(std::string_view email) {
  constexpr std::size_t email_bytes_max = 254;
  const auto at = email.find('@');
  if (email.empty() || email.size() > email_bytes_max || at == 0 || at == std::string_view::npos
      || at + 1 == email.size() || email.find('@', at + 1) != std::string_view::npos) {
    return errc::invalid_argument;
  }
  std::string out;
  out.reserve(email.size());
  for (const char c : email) {
    // Control characters, spaces and '/' have no place in an address or a stream id.
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '/') {
      return errc::invalid_argument;
    }
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

} // namespace sluice::actors
