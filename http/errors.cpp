// errc -> HTTP status. Anything unexpected is a 500 without internals in the body.
#include "http/errors.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json.hpp>

#include "events/base/errc.hpp"
#include "http/api/json_text.hpp"

namespace sluice::http {

response json_response(const request& req, status_code status, std::string body) {
  response res{status, req.version()};
  res.set(boost::beast::http::field::content_type, "application/json");
  res.set(boost::beast::http::field::cache_control, "no-store");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

response json_response(const request& req, status_code status, const boost::json::value& body) {
  return json_response(req, status, to_json_text(body));
}

response error_response(const request& req, status_code status, std::string_view detail) {
  return json_response(req, status,
                       boost::json::serialize(boost::json::object{{"detail", detail}}));
}

response error_response(const request& req, std::error_code ec) {
  if (ec.category() != sluice_category()) {
    return error_response(req, status_code::internal_server_error, "Internal Server Error");
  }
  switch (static_cast<errc>(ec.value())) {
    case errc::invalid_argument:
      return error_response(req, status_code::bad_request, ec.message());
    case errc::not_found:
      return error_response(req, status_code::not_found, "Not Found");
    case errc::already_exists:
      return error_response(req, status_code::conflict, ec.message());
    case errc::version_conflict:
      return error_response(req, status_code::conflict, ec.message());
    case errc::unauthorized:
      return error_response(req, status_code::unauthorized, "Unauthorized");
    case errc::forbidden:
      return error_response(req, status_code::forbidden, "Forbidden");
    case errc::revoked:
      return error_response(req, status_code::forbidden, ec.message());
    case errc::wallet_empty:
      return error_response(req, status_code::payment_required, ec.message());
    case errc::quota_exceeded:
      return error_response(req, status_code::forbidden, ec.message());
    case errc::timeout:
      return error_response(req, status_code::gateway_timeout, ec.message());
    case errc::limit_reached:
      return error_response(req, status_code::too_many_requests, ec.message());
    case errc::sold_out:
    case errc::wrong_state:
      return error_response(req, status_code::conflict, ec.message());
    case errc::shutting_down:
      return error_response(req, status_code::service_unavailable, ec.message());
    case errc::unavailable: {
      // Storage refusing writes (a full disk) or an actor restarting: worth trying again.
      auto res = error_response(req, status_code::service_unavailable,
                                "Service temporarily unavailable; try again shortly");
      res.set(boost::beast::http::field::retry_after, "5");
      return res;
    }
    default:
      return error_response(req, status_code::internal_server_error, "Internal Server Error");
  }
}

} // namespace sluice::http
