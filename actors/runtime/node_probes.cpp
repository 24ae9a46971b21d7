#include "actors/runtime/node_probes.hpp"

namespace sluice::actors {

node_probes::node_probes() : results_(std::make_shared<results>()) {
}

void node_probes::deliver_to(deliver_fn deliver) {
  std::lock_guard lock(results_->mutex);
  results_->deliver = std::move(deliver);
}

void node_probes::close() {
  set_probe({});
  std::lock_guard lock(results_->mutex);
  results_->deliver = nullptr;
}

void node_probes::set_probe(command_port::node_probe probe) {
  std::lock_guard lock(mutex_);
  probe_ = std::move(probe);
}

bool node_probes::ask(const std::string& node) const {
  command_port::node_probe probe;
  {
    std::lock_guard lock(mutex_);
    probe = probe_;
  }
  if (!probe)
    return false;
  // The gateway may call `done` on any thread, at once or after the runtime stopped.
  probe(node, [weak = std::weak_ptr<results>(results_), node](std::string failure) {
    const auto r = weak.lock();
    if (!r)
      return;
    std::lock_guard lock(r->mutex);
    if (r->deliver)
      r->deliver(node, std::move(failure));
  });
  return true;
}

} // namespace sluice::actors
