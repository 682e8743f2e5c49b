#include "sim/server/enumeration_contexts.h"

#include <fmt/format.h>

#include <algorithm>

namespace sim::server {

std::string random_uuid(std::mt19937_64& random) {
  const std::uint64_t a = random();
  const std::uint64_t b = random();
  return fmt::format("uuid:{:08X}-{:04X}-4{:03X}-{:04X}-{:012X}", a >> 32, (a >> 16) & 0xFFFF,
                     a & 0xFFF, 0x8000 | ((b >> 48) & 0x3FFF), b & 0xFFFFFFFFFFFF);
}

EnumerationContexts::EnumerationContexts(std::chrono::milliseconds idle_timeout,
                                         std::size_t capacity, Clock now)
    : idle_timeout_(idle_timeout),
      capacity_(std::max<std::size_t>(capacity, 1)),
      now_(std::move(now)),
      ids_(std::random_device{}()) {}

void EnumerationContexts::expire_locked(std::chrono::steady_clock::time_point now) {
  while (!lru_.empty()) {
    auto it = entries_.find(lru_.back());
    if (now - it->second.last_used <= idle_timeout_) break;
    entries_.erase(it);
    lru_.pop_back();
  }
}

std::string EnumerationContexts::open(std::vector<wmi::wsman::EnumerationItem> items) {
  const auto now = now_();
  std::lock_guard lock(mutex_);
  expire_locked(now);
  while (entries_.size() >= capacity_) {
    entries_.erase(lru_.back());
    lru_.pop_back();
  }
  std::string id = random_uuid(ids_);
  lru_.push_front(id);
  entries_.emplace(id, Entry{std::move(items), 0, now, lru_.begin()});
  return id;
}

std::optional<EnumerationContexts::Batch> EnumerationContexts::pull(const std::string& context,
                                                                    std::size_t max) {
  const auto now = now_();
  std::lock_guard lock(mutex_);
  expire_locked(now);
  auto it = entries_.find(context);
  if (it == entries_.end()) return std::nullopt;
  Entry& entry = it->second;
  const std::size_t count = std::min(max, entry.items.size() - entry.next);
  Batch batch;
  batch.items.assign(std::make_move_iterator(entry.items.begin() + entry.next),
                     std::make_move_iterator(entry.items.begin() + entry.next + count));
  entry.next += count;
  batch.end_of_sequence = entry.next == entry.items.size();
  entry.last_used = now;
  lru_.splice(lru_.begin(), lru_, entry.lru);
  if (batch.end_of_sequence) {
    lru_.erase(entry.lru);
    entries_.erase(it);
  }
  return batch;
}

void EnumerationContexts::unpull(const std::string& context,
                                 std::vector<wmi::wsman::EnumerationItem> items) {
  const auto now = now_();
  std::lock_guard lock(mutex_);
  auto it = entries_.find(context);
  if (it == entries_.end()) {
    lru_.push_front(context);
    entries_.emplace(context, Entry{std::move(items), 0, now, lru_.begin()});
    return;
  }
  Entry& entry = it->second;
  if (items.size() <= entry.next) {
    for (std::size_t i = items.size(); i-- > 0;) entry.items[--entry.next] = std::move(items[i]);
  } else {  // more than this entry handed out (it was re-created by an earlier unpull)
    entry.items.erase(entry.items.begin(), entry.items.begin() + entry.next);
    entry.items.insert(entry.items.begin(), std::make_move_iterator(items.begin()),
                       std::make_move_iterator(items.end()));
    entry.next = 0;
  }
  entry.last_used = now;
}

bool EnumerationContexts::release(const std::string& context) {
  const auto now = now_();
  std::lock_guard lock(mutex_);
  expire_locked(now);
  auto it = entries_.find(context);
  if (it == entries_.end()) return false;
  lru_.erase(it->second.lru);
  entries_.erase(it);
  return true;
}

std::size_t EnumerationContexts::live() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace sim::server
