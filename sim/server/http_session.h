// Internal to the HTTP listener (http_listener.cc, http_session.cc; no other includer): one TCP
// or TLS connection of `hvsim serve` and the registry the listener keeps of them.
//
// A Session runs its connection as a chain of asynchronous steps on its own strand:
//   [TLS handshake] -> wait for a request (idle) -> header -> body -> authenticate, open,
//   SoapHandler, close -> write -> wait again ... -> close (lingering when the client may still
//   be sending). Nothing else touches the socket: the listener reaches a session only through
//   post_evict / post_stop / post_close, which are posted to that strand.
//
// ListenerShared is what every session shares with the listener: options, policy, handlers and
// the registry (which sessions are open, which wait idle and since when). It outlives every
// session. Its members are thread-safe (mutex or atomics) unless noted.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "sim/server/connection_auth.h"
#include "sim/server/http_exchange.h"
#include "sim/server/http_listener.h"

namespace sim::server::detail {

class SessionBase;

struct ListenerShared {
  ListenerOptions options;  // read-only once serving
  std::shared_ptr<AuthPolicy> policy;
  SoapHandler handler;
  OversizeHandler oversize;
  std::atomic<bool> stopping{false};

  void log(std::string_view line) const {
    if (options.log) options.log(line);
  }

  // Whether a freshly accepted connection may be served: yes below the cap; at the cap, yes after
  // evicting the connection that has waited longest for a request (or in a handshake, or
  // lingering); no when every open connection is busy in a request.
  bool admit();
  void add(const std::shared_ptr<SessionBase>& session);  // registers; counts it open
  void remove(SessionBase& session);                      // from ~SessionBase
  std::size_t open() const;
  // Every open session, strongly held (so none is destroyed while the registry lock is held).
  std::vector<std::shared_ptr<SessionBase>> snapshot() const;
  // Waits until no session is open or `timeout` passes; true when none is open.
  bool wait_closed(std::chrono::milliseconds timeout) const;

 private:
  mutable std::mutex mu_;
  mutable std::condition_variable closed_;
  std::list<std::weak_ptr<SessionBase>> sessions_;  // guarded by mu_
  std::size_t open_ = 0;                            // guarded by mu_
  std::size_t evicting_ = 0;                        // guarded by mu_: evicted, not yet destroyed
  friend class SessionBase;
};

class SessionBase : public std::enable_shared_from_this<SessionBase> {
 public:
  explicit SessionBase(std::shared_ptr<ListenerShared> shared) : shared_(std::move(shared)) {}
  virtual ~SessionBase();
  SessionBase(const SessionBase&) = delete;
  SessionBase& operator=(const SessionBase&) = delete;

  virtual void start() = 0;
  virtual void post_evict() = 0;  // close unless busy in a request (then undo the eviction)
  virtual void post_stop() = 0;   // close if idle, else close after the current answer
  virtual void post_close() = 0;  // close now

 protected:
  static std::int64_t now_ns();
  void set_waiting(bool waiting) { waiting_since_.store(waiting ? now_ns() : 0); }
  void undo_eviction();  // on the strand, when post_evict found the session busy

  std::shared_ptr<ListenerShared> shared_;

 private:
  friend struct ListenerShared;
  // steady-clock ns since the session began waiting (idle, handshake, lingering); 0: busy.
  std::atomic<std::int64_t> waiting_since_{0};
  bool evicted_ = false;                                      // guarded by shared_->mu_
  bool registered_ = false;                                   // guarded by shared_->mu_
  std::list<std::weak_ptr<SessionBase>>::iterator position_;  // guarded by shared_->mu_
};

// Registers an accepted connection (ListenerShared::add) and starts serving it. The TLS context
// must outlive the session.
void start_plain_session(const std::shared_ptr<ListenerShared>& shared,
                         boost::asio::ip::tcp::socket socket);
void start_tls_session(const std::shared_ptr<ListenerShared>& shared,
                       boost::asio::ip::tcp::socket socket, boost::asio::ssl::context& tls);

// The SOAP Content-Type inside a multipart/encrypted body (MS-WSMV 2.2.9.1): the `type=` of its
// `OriginalContent:` line, e.g. "application/soap+xml;charset=UTF-8"; "" when absent.
std::string sealed_original_type(std::string_view body);

}  // namespace sim::server::detail
