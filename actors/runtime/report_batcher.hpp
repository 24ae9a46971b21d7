// Final usage reports on their way from the gateway to the accounts. Under connection churn a
// tunnel closes every few hundred microseconds, and each final report used to cross the bridge,
// the account directory and the account's mailbox as a message of its own, and come back the
// same way. Here the first report queued sends the bridge one job, and that job takes every
// report queued by the time it runs, as one usage_batch per account: the batches form by
// themselves under load, with no timer and no added wait when the gateway is quiet.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "actors/facade/command_port.hpp"
#include "actors/runtime/bridge.hpp"
#include "actors/runtime/internal_commands.hpp"

namespace sluice::actors {

class report_batcher : public std::enable_shared_from_this<report_batcher> {
public:
  /// `accounts`: the account directory. Every batch is answered or failed within `timeout`.
  report_batcher(caf::actor bridge, caf::actor accounts, caf::timespan timeout);

  /// Queues a final report; its handler completes as a single report's would. Any thread.
  void add(usage_report report, handler_of<grant_renewal> handler);

private:
  struct pending {
    usage_report report;
    std::shared_ptr<handler_of<grant_renewal>> handler;
  };
  using handlers = std::vector<std::shared_ptr<handler_of<grant_renewal>>>;

  /// On the bridge: sends what is queued, one batch per account.
  void send_queued(bridge_actor* self);
  void send_batch(bridge_actor* self, const std::string& account_id, std::vector<pending> group);

  caf::actor bridge_;
  caf::actor accounts_;
  caf::timespan timeout_;
  std::mutex mutex_;
  std::vector<pending> queued_;
};

} // namespace sluice::actors
