// The one door from gateway/ and http/ into the actors (DESIGN.md §1). Every operation is
// asynchronous with an Asio completion token; the handler runs on its associated executor, so
// `co_await port.async_get_account(id, asio::use_awaitable)` resumes on the caller's strand.
#pragma once

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <system_error>

#include "actors/facade/commands.hpp"

namespace sluice::actors {

template <class T>
using handler_of = boost::asio::any_completion_handler<void(std::error_code, T)>;

class command_port {
public:
  virtual ~command_port() = default;

  /// Creates an account with a unique email (case-insensitive). errc::already_exists if taken.
  template <class Token>
  auto async_create_account(create_account cmd, Token&& token) {
    return initiate<account_view>(&command_port::start_create_account, std::move(cmd), token);
  }
  /// errc::not_found for an unknown account.
  template <class Token>
  auto async_get_account(std::string account_id, Token&& token) {
    return initiate<account_view>(&command_port::start_get_account, std::move(account_id), token);
  }
  template <class Token>
  auto async_credit_wallet(credit_wallet cmd, Token&& token) {
    return initiate<account_view>(&command_port::start_credit_wallet, std::move(cmd), token);
  }
  /// errc::not_found if the account does not exist.
  template <class Token>
  auto async_mint_api_key(mint_api_key cmd, Token&& token) {
    return initiate<minted_api_key>(&command_port::start_mint_api_key, std::move(cmd), token);
  }
  template <class Token>
  auto async_get_api_key(api_key_ref ref, Token&& token) {
    return initiate<api_key_view>(&command_port::start_get_api_key, std::move(ref), token);
  }
  /// Revoking twice is fine: the second answers the revoked view and writes nothing.
  template <class Token>
  auto async_revoke_api_key(api_key_ref ref, Token&& token) {
    return initiate<api_key_view>(&command_port::start_revoke_api_key, std::move(ref), token);
  }
  template <class Token>
  auto async_set_api_key_quota(set_api_key_quota cmd, Token&& token) {
    return initiate<api_key_view>(&command_port::start_set_api_key_quota, std::move(cmd), token);
  }

protected:
  virtual void start_create_account(create_account, handler_of<account_view>) = 0;
  virtual void start_get_account(std::string, handler_of<account_view>) = 0;
  virtual void start_credit_wallet(credit_wallet, handler_of<account_view>) = 0;
  virtual void start_mint_api_key(mint_api_key, handler_of<minted_api_key>) = 0;
  virtual void start_get_api_key(api_key_ref, handler_of<api_key_view>) = 0;
  virtual void start_revoke_api_key(api_key_ref, handler_of<api_key_view>) = 0;
  virtual void start_set_api_key_quota(set_api_key_quota, handler_of<api_key_view>) = 0;

private:
  template <class T, class Arg, class Token>
  auto initiate(void (command_port::*start)(Arg, handler_of<T>), Arg arg, Token& token) {
    return boost::asio::async_initiate<Token, void(std::error_code, T)>(
      [this, start](auto handler, Arg a) { (this->*start)(std::move(a), std::move(handler)); },
      token, std::move(arg));
  }
};

} // namespace sluice::actors
