// The idempotency references an account remembers (credit references, checkout ids, payment
// references): the most recent `capacity`, oldest forgotten first, so that an account's memory
// stays bounded however long it lives. A retry comes within seconds or minutes of the original;
// 10 000 references are months of an active account's credits and payments.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <unordered_set>
#include <vector>

namespace sluice::actors {

class recent_references {
public:
  static constexpr std::size_t capacity = 10'000;

  bool contains(const std::string& reference) const {
    return known_.contains(reference);
  }

  /// Remembers `reference` (once), forgetting the oldest beyond `capacity`.
  void insert(const std::string& reference) {
    if (reference.empty() || !known_.insert(reference).second)
      return;
    order_.push_back(reference);
    if (order_.size() > capacity) {
      known_.erase(order_.front());
      order_.pop_front();
    }
  }

  /// Oldest first: the order a snapshot stores and insert() restores.
  std::vector<std::string> in_order() const {
    return {order_.begin(), order_.end()};
  }

  /// Its form in a snapshot (events/record_codec.hpp): the references, oldest first.
  std::vector<std::string> record_form() const {
    return in_order();
  }
  static recent_references from_record_form(const std::vector<std::string>& oldest_first) {
    recent_references out;
    for (const auto& r : oldest_first)
      out.insert(r);
    return out;
  }

  std::size_t size() const {
    return order_.size();
  }

private:
  std::unordered_set<std::string> known_;
  std::deque<std::string> order_;
};

} // namespace sluice::actors
