// Atoms and message types of the actor runtime. All messages stay inside one process (each node
// has its own log), so the facade structs travel as local-only types.
// TODO(#4): give them inspect() when account actors become reachable over libcaf_io (DESIGN §6).
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "actors/facade/commands.hpp"
#include "actors/facade/lease_commands.hpp"
#include "actors/facade/tunnel_commands.hpp"
#include "actors/runtime/internal_commands.hpp"
#include "caf/all.hpp"
#include "events/base/result.hpp"
#include "events/envelope.hpp"
#include "infra/event_log.hpp"
#include "infra/webhook_sender.hpp"

namespace sluice::actors {

// Atom texts are at most 10 characters and must be unique in the program (primer §2.1).
using route_atom = caf::atom_constant<caf::atom("route")>;
using idle_atom = caf::atom_constant<caf::atom("idle")>;
using tick_atom = caf::atom_constant<caf::atom("tick")>;
using appended_atom = caf::atom_constant<caf::atom("appended")>;
using load_atom = caf::atom_constant<caf::atom("load")>;
using save_atom = caf::atom_constant<caf::atom("save")>;
using create_atom = caf::atom_constant<caf::atom("create")>;
using signup_atom = caf::atom_constant<caf::atom("signup")>;
using credit_atom = caf::atom_constant<caf::atom("credit")>;
using mint_atom = caf::atom_constant<caf::atom("mint")>;
using revoke_atom = caf::atom_constant<caf::atom("revoke")>;
using quota_atom = caf::atom_constant<caf::atom("quota")>;
using purchase_atom = caf::atom_constant<caf::atom("purchase")>;
using primary_atom = caf::atom_constant<caf::atom("primary")>;
using reveal_atom = caf::atom_constant<caf::atom("reveal")>;
using mint_own_atom = caf::atom_constant<caf::atom("mint_own")>;
using checkout_atom = caf::atom_constant<caf::atom("checkout")>;
using confirm_atom = caf::atom_constant<caf::atom("confirm")>;
using register_atom = caf::atom_constant<caf::atom("register")>;
using unregister_atom = caf::atom_constant<caf::atom("unregister")>;
using authenticate_atom = caf::atom_constant<caf::atom("key_auth")>;
using key_revoked_atom = caf::atom_constant<caf::atom("key_gone")>;
using open_atom = caf::atom_constant<caf::atom("tun_open")>;
using report_atom = caf::atom_constant<caf::atom("tun_report")>;
using report_batch_atom = caf::atom_constant<caf::atom("tun_batch")>;
using bind_atom = caf::atom_constant<caf::atom("sess_bind")>;
using release_atom = caf::atom_constant<caf::atom("sess_free")>;
using used_atom = caf::atom_constant<caf::atom("sess_used")>;
using pick_atom = caf::atom_constant<caf::atom("node_pick")>;
using unbound_atom = caf::atom_constant<caf::atom("node_free")>;
using node_fail_atom = caf::atom_constant<caf::atom("node_fail")>;
using node_start_atom = caf::atom_constant<caf::atom("node_start")>;
using node_recover_atom = caf::atom_constant<caf::atom("node_recov")>;
using node_ready_atom = caf::atom_constant<caf::atom("node_ready")>;
using all_ready_atom = caf::atom_constant<caf::atom("nodes_rdy")>;
using node_probed_atom = caf::atom_constant<caf::atom("node_probd")>;
using node_check_atom = caf::atom_constant<caf::atom("node_check")>;
using expire_atom = caf::atom_constant<caf::atom("sess_exp")>;
using expiry_watch_atom = caf::atom_constant<caf::atom("exp_watch")>;
using expiry_due_atom = caf::atom_constant<caf::atom("exp_due")>;
using disable_atom = caf::atom_constant<caf::atom("wh_disable")>;
using adjust_atom = caf::atom_constant<caf::atom("adjust")>;
using balance_credit_atom = caf::atom_constant<caf::atom("bal_credit")>;
using balance_debit_atom = caf::atom_constant<caf::atom("bal_debit")>;
using redeliver_atom = caf::atom_constant<caf::atom("wh_redeliv")>;
using tail_atom = caf::atom_constant<caf::atom("log_tail")>;
using wake_atom = caf::atom_constant<caf::atom("wh_wake")>;
using attempted_atom = caf::atom_constant<caf::atom("wh_tried")>;
using next_id_atom = caf::atom_constant<caf::atom("next_id")>;
using pay_atom = caf::atom_constant<caf::atom("order_pay")>;
using provision_atom = caf::atom_constant<caf::atom("lease_prov")>;
using capacity_atom = caf::atom_constant<caf::atom("lease_cap")>;
using lease_due_atom = caf::atom_constant<caf::atom("lease_due")>;
using lease_arm_atom = caf::atom_constant<caf::atom("lease_arm")>;
using proxies_atom = caf::atom_constant<caf::atom("lease_list")>;
using disconnect_atom = caf::atom_constant<caf::atom("lease_disc")>;
using connect_atom = caf::atom_constant<caf::atom("lease_conn")>;
using reset_atom = caf::atom_constant<caf::atom("lease_rst")>;
using fingerprint_atom = caf::atom_constant<caf::atom("lease_fp")>;
using lease_usage_atom = caf::atom_constant<caf::atom("lease_use")>;

/// The outcome of an append, as the log's callback reports it to the appending actor.
struct append_outcome {
  std::error_code error; ///< Empty: durable.
};

/// What the log reader found for one stream: the newest snapshot (if any) and every later event.
struct loaded_stream {
  std::error_code error;
  std::optional<infra::snapshot> snap;
  std::vector<events::envelope> tail;
};

/// Events after a sequence, as a log tailer read them.
struct log_batch {
  std::error_code error;
  std::vector<events::envelope> events;
};

/// Work the bridge actor runs on behalf of an Asio thread (primer §5, approach A).
using actor_job = std::function<void(caf::event_based_actor*)>;

} // namespace sluice::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::append_outcome)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::loaded_stream)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::actor_job)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::infra::snapshot)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::create_account)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::account_view)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::credit_wallet)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::adjust_wallet)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::credit_balance)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::debit_balance)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::mint_api_key)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::api_key_view)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::minted_api_key)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::api_key_ref)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::set_api_key_quota)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::purchase_traffic)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::create_checkout)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::checkout_view)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::checkout_ref)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::register_webhook)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::webhook_view)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::registered_webhook)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::webhook_ref)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::key_credentials)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::open_tunnel)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::tunnel_opened)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::usage_report)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::grant_renewal)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::usage_batch)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::usage_batch_answer)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::tunnel_ref)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::tunnel_closure)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::release_session)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::session_view)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::bind_session)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::session_used)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::pick_request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::node_failure)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::node_health_view)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::disable_webhook)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::redeliver_webhook)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::redelivery_view)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::log_batch)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::infra::webhook_response)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::create_order)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::order_ref)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::order_view)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::paid_order)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::proxy_view)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::proxy_ref)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::proxy_list)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::lease_request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::provisioned_lease)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::connect_proxy)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::reset_proxy)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::reset_outcome)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::set_fingerprint)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::lease_usage_batch)
