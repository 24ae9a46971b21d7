// Admission and shedding. This only counts and picks; a shed connection is woken by the `close`
// it was admitted with (shutdown(2) of its socket) and ends itself (connection_admission.hpp).
#include "infra/connection_admission.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <vector>

#include "events/base/check.hpp"

namespace sluice::infra {

connection_admission::place::~place() {
  owner_->release(*this);
}

void connection_admission::place::set_waiting(bool waiting) {
  std::lock_guard lock(owner_->mutex_);
  waiting_ = waiting;
}

std::function<void()> connection_admission::shutdown_socket(int fd) {
  return [fd] { ::shutdown(fd, SHUT_RDWR); };
}

std::shared_ptr<connection_admission> connection_admission::create(admission_caps caps) {
  SLUICE_CHECK(caps.total_max > 0 && caps.per_address_max > 0 && caps.reserve < caps.total_max);
  return std::shared_ptr<connection_admission>(new connection_admission(caps));
}

std::unique_ptr<connection_admission::place>
connection_admission::admit(const boost::asio::ip::address& address, std::function<void()> close) {
  std::lock_guard lock(mutex_);
  if (const auto same = by_address_.find(address);
      same != by_address_.end() && same->second.size() >= caps_.per_address_max) {
    if (!shed_oldest_of(same->second))
      return nullptr;
  }
  if (open_.size() >= caps_.total_max && !shed_from_largest_address())
    return nullptr;
  const bool reserved = open_.size() >= caps_.total_max - caps_.reserve;
  const auto id = next_id_++;
  std::unique_ptr<place> out(
    new place(shared_from_this(), id, address, reserved, std::move(close)));
  open_.emplace(id, out.get());
  by_address_[address].insert(id);
  return out;
}

std::size_t connection_admission::shed_some(std::size_t count) {
  std::lock_guard lock(mutex_);
  std::size_t done = 0;
  while (done < count && shed_from_largest_address())
    ++done;
  return done;
}

std::uint64_t connection_admission::size() const {
  std::lock_guard lock(mutex_);
  return open_.size();
}

bool connection_admission::shed_oldest_of(const std::set<std::uint64_t>& ids) {
  for (const auto id : ids) {
    auto* p = open_.at(id);
    if (p->waiting_ && p->close_) {
      shed(*p);
      return true;
    }
  }
  return false;
}

bool connection_admission::shed_from_largest_address() {
  // The address holding the most places pays first: a flood, from one address or many, then
  // sheds its own connections, never a lone client's that is the oldest by a few milliseconds
  // because the flood reopens its own as fast as they close.
  std::vector<const std::set<std::uint64_t>*> by_size;
  by_size.reserve(by_address_.size());
  for (const auto& [address, ids] : by_address_)
    by_size.push_back(&ids);
  std::stable_sort(by_size.begin(), by_size.end(),
                   [](const auto* a, const auto* b) { return a->size() > b->size(); });
  for (const auto* ids : by_size) {
    if (shed_oldest_of(*ids))
      return true;
  }
  return false;
}

void connection_admission::shed(place& p) {
  p.shed_ = true;
  open_.erase(p.id_);
  auto same = by_address_.find(p.address_);
  same->second.erase(p.id_);
  if (same->second.empty())
    by_address_.erase(same);
  auto close = std::move(p.close_);
  p.close_ = nullptr;
  close();
}

void connection_admission::release(place& p) {
  std::lock_guard lock(mutex_);
  if (p.shed_)
    return;
  open_.erase(p.id_);
  auto same = by_address_.find(p.address_);
  SLUICE_CHECK(same != by_address_.end());
  same->second.erase(p.id_);
  if (same->second.empty())
    by_address_.erase(same);
}

} // namespace sluice::infra
