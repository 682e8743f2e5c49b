// The enumerations `hvsim serve` holds open between Enumerate and Pull (WS-Enumeration): each is
// the full result of one query, handed out in batches, named by an opaque context id. A context
// idle for longer than the timeout expires (then Pull answers n:InvalidEnumerationContext, as a
// real host does after EnumerationTimeoutms); at most `capacity` live at once (the least recently
// used is dropped first), so memory stays bounded.
//
// Thread-safety: every method locks one mutex; share one table across the server's threads.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "wmi/wsman/message.h"

namespace sim::server {

class EnumerationContexts {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  EnumerationContexts(std::chrono::milliseconds idle_timeout, std::size_t capacity,
                      Clock now = std::chrono::steady_clock::now);

  // Opens an enumeration over `items`; returns its context id.
  std::string open(std::vector<wmi::wsman::EnumerationItem> items);

  struct Batch {
    std::vector<wmi::wsman::EnumerationItem> items;
    bool end_of_sequence = false;  // the context is gone once the last item is taken
  };
  // Takes up to `max` items; nullopt for an unknown or expired context.
  std::optional<Batch> pull(const std::string& context, std::size_t max);
  // Puts `count` items taken by the last pull back at the front (an answer that did not fit).
  void unpull(const std::string& context, std::vector<wmi::wsman::EnumerationItem> items);
  // Ends an enumeration; false for an unknown or expired context.
  bool release(const std::string& context);

  std::size_t live() const;

 private:
  struct Entry {
    std::vector<wmi::wsman::EnumerationItem> items;
    std::size_t next = 0;
    std::chrono::steady_clock::time_point last_used;
    std::list<std::string>::iterator lru;
  };
  void expire_locked(std::chrono::steady_clock::time_point now);

  const std::chrono::milliseconds idle_timeout_;
  const std::size_t capacity_;
  const Clock now_;
  mutable std::mutex mutex_;
  std::mt19937_64 ids_;
  std::list<std::string> lru_;  // most recently used first
  std::unordered_map<std::string, Entry> entries_;
};

// "uuid:XXXXXXXX-XXXX-4XXX-YXXX-XXXXXXXXXXXX" from `random`.
std::string random_uuid(std::mt19937_64& random);

}  // namespace sim::server
