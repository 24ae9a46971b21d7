#include "actors/runtime/report_batcher.hpp"

#include <map>

namespace sluice::actors {

report_batcher::report_batcher(caf::actor bridge, caf::actor accounts, caf::timespan timeout)
  : bridge_(std::move(bridge)), accounts_(std::move(accounts)), timeout_(timeout) {
}

void report_batcher::add(usage_report report, handler_of<grant_renewal> handler) {
  bool first = false;
  {
    std::lock_guard lock(mutex_);
    first = queued_.empty();
    queued_.push_back(
      {std::move(report), std::make_shared<handler_of<grant_renewal>>(std::move(handler))});
  }
  // Only the first needs a job: the job takes everything queued when it runs.
  if (first) {
    caf::anon_send(bridge_, bridge_job{[self = shared_from_this()](bridge_actor* bridge) {
                     self->send_queued(bridge);
                   }});
  }
}

void report_batcher::send_queued(bridge_actor* self) {
  std::vector<pending> taken;
  {
    std::lock_guard lock(mutex_);
    taken.swap(queued_);
  }
  std::map<std::string, std::vector<pending>> by_account;
  for (auto& p : taken)
    by_account[p.report.account_id].push_back(std::move(p));
  for (auto& [account_id, group] : by_account)
    send_batch(self, account_id, std::move(group));
}

void report_batcher::send_batch(bridge_actor* self, const std::string& account_id,
                                std::vector<pending> group) {
  usage_batch batch;
  auto waiting = std::make_shared<handlers>();
  for (auto& p : group) {
    batch.reports.push_back(std::move(p.report));
    waiting->push_back(std::move(p.handler));
  }
  auto settle = [waiting](std::error_code ec, usage_batch_answer answer) {
    for (std::size_t i = 0; i < waiting->size(); ++i) {
      const bool answered = !ec && i < answer.errors.size() && i < answer.renewals.size();
      std::error_code report_ec = ec ? ec : make_error_code(errc::unavailable);
      if (answered)
        report_ec = answer.errors[i];
      detail::complete((*waiting)[i], report_ec, answered ? answer.renewals[i] : grant_renewal{});
    }
  };
  request_once<usage_batch_answer>(
    self, accounts_, timeout_,
    caf::make_message(route_atom::value, account_id,
                      caf::make_message(report_batch_atom::value, std::move(batch))),
    settle);
}

} // namespace sluice::actors
