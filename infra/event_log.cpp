// The blocking append helper shared by every event_log implementation.
#include "infra/event_log.hpp"

#include <future>

namespace sluice::infra {

result<append_ack> event_log::append(append_request request) {
  std::promise<result<append_ack>> done;
  auto outcome = done.get_future();
  async_append(std::move(request), [&done](result<append_ack> r) { done.set_value(std::move(r)); });
  return outcome.get();
}

} // namespace sluice::infra
