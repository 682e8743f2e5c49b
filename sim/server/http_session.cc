#include "sim/server/http_session.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <climits>
#include <optional>
#include <type_traits>
#include <utility>

#include <fmt/format.h>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace sim::server::detail {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

// --- ListenerShared -----------------------------------------------------------------------------

bool ListenerShared::admit() {
  std::vector<std::shared_ptr<SessionBase>> held;  // released after the lock: see snapshot()
  std::shared_ptr<SessionBase> victim;
  {
    std::lock_guard lock(mu_);
    if (open_ - evicting_ < options.max_connections) return true;
    held.reserve(sessions_.size());
    std::int64_t oldest = INT64_MAX;
    for (const auto& weak : sessions_) {
      auto session = weak.lock();
      if (!session) continue;
      const auto since = session->waiting_since_.load();
      if (since != 0 && !session->evicted_ && since < oldest) {
        oldest = since;
        victim = session;
      }
      held.push_back(std::move(session));
    }
    if (!victim) return false;
    victim->evicted_ = true;
    ++evicting_;
  }
  victim->post_evict();
  return true;
}

void ListenerShared::add(const std::shared_ptr<SessionBase>& session) {
  std::lock_guard lock(mu_);
  session->position_ = sessions_.insert(sessions_.end(), session);
  ++open_;
  session->registered_ = true;
}

void ListenerShared::remove(SessionBase& session) {
  std::lock_guard lock(mu_);
  if (!session.registered_) return;
  sessions_.erase(session.position_);
  --open_;
  if (session.evicted_) --evicting_;
  closed_.notify_all();
}

std::size_t ListenerShared::open() const {
  std::lock_guard lock(mu_);
  return open_;
}

std::vector<std::shared_ptr<SessionBase>> ListenerShared::snapshot() const {
  std::vector<std::shared_ptr<SessionBase>> out;
  std::lock_guard lock(mu_);
  out.reserve(sessions_.size());
  for (const auto& weak : sessions_) {
    if (auto session = weak.lock()) out.push_back(std::move(session));
  }
  return out;
}

bool ListenerShared::wait_closed(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return closed_.wait_for(lock, timeout, [this] { return open_ == 0; });
}

// --- SessionBase --------------------------------------------------------------------------------

SessionBase::~SessionBase() { shared_->remove(*this); }

std::int64_t SessionBase::now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
             .count() +
         1;  // never 0, which means busy
}

void SessionBase::undo_eviction() {
  std::lock_guard lock(shared_->mu_);
  if (evicted_) {
    evicted_ = false;
    --shared_->evicting_;
  }
}

// --- helpers ------------------------------------------------------------------------------------

namespace {

constexpr std::size_t kReadChunk = std::size_t{16} * 1024;
constexpr std::size_t kDrainChunk = std::size_t{16} * 1024;

std::string_view view(beast::string_view s) { return {s.data(), s.size()}; }

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

std::size_t ifind(std::string_view s, std::string_view needle, std::size_t from = 0) {
  if (needle.size() > s.size()) return std::string_view::npos;
  for (std::size_t i = from; i + needle.size() <= s.size(); ++i) {
    if (iequals(s.substr(i, needle.size()), needle)) return i;
  }
  return std::string_view::npos;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string peer_of(const tcp::socket& socket) {
  beast::error_code ec;
  const auto endpoint = socket.remote_endpoint(ec);
  if (ec) return "?";
  const auto address = endpoint.address();
  return address.is_v6() ? fmt::format("[{}]:{}", address.to_string(), endpoint.port())
                         : fmt::format("{}:{}", address.to_string(), endpoint.port());
}

bool is_http_error(const beast::error_code& ec) {
  return ec.category() == make_error_code(http::error::bad_method).category();
}

// One connection. Stream is beast::tcp_stream or beast::ssl_stream<beast::tcp_stream>. Every
// member is touched only on the stream's strand.
template <class Stream>
class Session final : public SessionBase {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  template <class... TlsContext>
  Session(std::shared_ptr<ListenerShared> shared, tcp::socket&& socket, TlsContext&... tls)
      : SessionBase(std::move(shared)), peer_(peer_of(socket)), stream_(std::move(socket), tls...) {
    set_waiting(true);  // evictable until its first request begins
  }

  void start() override {
    net::dispatch(stream_.get_executor(), [self = self()] { self->run(); });
  }

  void post_evict() override {
    net::post(stream_.get_executor(), [self = self()] {
      if (self->phase_ == Phase::kIdle || self->phase_ == Phase::kHandshake ||
          self->phase_ == Phase::kClosing || self->phase_ == Phase::kStarting) {
        self->close_now();
      } else if (self->phase_ != Phase::kClosed) {
        self->undo_eviction();
      }
    });
  }

  void post_stop() override {
    net::post(stream_.get_executor(), [self = self()] {
      self->stop_requested_ = true;
      if (self->phase_ == Phase::kIdle || self->phase_ == Phase::kHandshake ||
          self->phase_ == Phase::kClosing) {
        self->close_now();
      }
    });
  }

  void post_close() override {
    net::post(stream_.get_executor(), [self = self()] { self->close_now(); });
  }

 private:
  enum class Phase {
    kStarting,
    kHandshake,
    kIdle,
    kRequest,
    kHandling,
    kWriting,
    kClosing,
    kClosed
  };

  std::shared_ptr<Session> self() { return std::static_pointer_cast<Session>(shared_from_this()); }
  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }
  const ListenerOptions& options() const { return shared_->options; }
  bool stopping() const { return stop_requested_ || shared_->stopping.load(); }

  void run() {
    if (phase_ == Phase::kClosed) return;
    if (stopping()) return close_now();
    auth_ = shared_->policy->new_connection(kTls);
    if (!auth_) return close_now();
    if constexpr (kTls) {
      phase_ = Phase::kHandshake;
      lowest().expires_after(options().handshake_timeout);
      stream_.async_handshake(net::ssl::stream_base::server,
                              [self = self()](beast::error_code ec) { self->on_handshake(ec); });
    } else {
      wait_request();
    }
  }

  void on_handshake(beast::error_code ec) {
    if (ec) {
      if (phase_ != Phase::kClosed) {
        shared_->log(fmt::format("{}: TLS handshake failed: {}", peer_,
                                 ec == beast::error::timeout ? "timed out" : ec.message()));
      }
      return close_now();
    }
    wait_request();
  }

  // Between requests: waits (idle_timeout) for the first byte of the next one.
  void wait_request() {
    if (stopping()) return close_now();
    if (buffer_.size() > 0) return begin_request();  // pipelined
    phase_ = Phase::kIdle;
    set_waiting(true);
    lowest().expires_after(options().idle_timeout);
    stream_.async_read_some(
        buffer_.prepare(kReadChunk),
        [self = self()](beast::error_code ec, std::size_t n) { self->on_first_bytes(ec, n); });
  }

  void on_first_bytes(beast::error_code ec, std::size_t n) {
    set_waiting(false);
    if (ec || phase_ == Phase::kClosed) return close_now();  // idle timeout, EOF, evicted, stop
    buffer_.commit(n);
    begin_request();
  }

  // From the first byte of a request, header and body must arrive within request_deadline.
  void begin_request() {
    phase_ = Phase::kRequest;
    set_waiting(false);
    lowest().expires_after(options().request_deadline);
    parser_.emplace();
    parser_->header_limit(
        static_cast<std::uint32_t>(std::min<std::size_t>(options().header_limit, UINT32_MAX)));
    parser_->body_limit(options().body_limit);
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = self()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    const auto& request = parser_->get();
    version_ = request.version();
    const auto target = view(request.target());
    refuse_ = 0;
    if (target.substr(0, target.find('?')) != "/wsman") {
      refuse_ = 404;
    } else if (request.method() != http::verb::post) {
      refuse_ = 405;
    }
    if (!parser_->is_done() && iequals(view(request[http::field::expect]), "100-continue")) {
      continue_.emplace(http::status::continue_, version_);
      http::async_write(stream_, *continue_, [self = self()](beast::error_code ec, std::size_t) {
        if (ec) return self->close_now();
        self->read_body();
      });
      return;
    }
    read_body();
  }

  void read_body() {
    if (parser_->is_done()) return handle();
    http::async_read(stream_, buffer_, *parser_,
                     [self = self()](beast::error_code ec, std::size_t) {
                       if (ec) return self->on_read_error(ec);
                       self->handle();
                     });
  }

  void on_read_error(beast::error_code ec) {
    if (phase_ == Phase::kClosed) return close_now();
    if (ec == http::error::body_limit) return answer_oversize();
    if (ec == beast::error::timeout) {
      shared_->log(fmt::format("{}: request not complete within {} ms; connection closed", peer_,
                               options().request_deadline.count()));
      return close_now();
    }
    if (ec == http::error::header_limit) {
      shared_->log(fmt::format("{}: request header over {} bytes; answered 431", peer_,
                               options().header_limit));
      return answer_bare(431, false);
    }
    if (is_http_error(ec) && ec != http::error::end_of_stream &&
        ec != http::error::partial_message) {
      shared_->log(fmt::format("{}: malformed request ({}); answered 400", peer_, ec.message()));
      return answer_bare(400, false);
    }
    close_now();  // the client went away mid-request
  }

  void handle() {
    phase_ = Phase::kHandling;
    auto& request = parser_->get();
    const bool keep = request.keep_alive() && !stopping();
    if (refuse_ != 0) {
      reset_response(refuse_, keep);
      if (refuse_ == 405) res_.set(http::field::allow, "POST");
      parser_.reset();
      return write();
    }

    HttpRequest exchange;
    exchange.target.assign(request.target().data(), request.target().size());
    std::vector<std::string> final_token;
    const bool identify = iequals(view(request["WSMANIDENTIFY"]), "unauthenticated");
    if (identify) {
      // Served without authentication; the SOAP layer allows Identify only (MS-WSMV 3.1.4.1.23).
      exchange.unauthenticated_identify = true;
      exchange.content_type = view(request[http::field::content_type]);
      exchange.body = std::move(request.body());
    } else {
      AuthVerdict verdict = auth_->authenticate(view(request[http::field::authorization]));
      if (verdict.kind != AuthVerdict::Kind::kAccepted) {
        if (verdict.kind == AuthVerdict::Kind::kRejected) {
          shared_->log(fmt::format("{}: authentication refused: {}", peer_, verdict.reason));
        }
        parser_.reset();
        return answer_unauthorized(verdict.www_authenticate, keep);
      }
      exchange.user = std::move(verdict.user);
      final_token = std::move(verdict.www_authenticate);
      WireBody wire{std::string(view(request[http::field::content_type])),
                    std::move(request.body())};
      auto opened = auth_->open(wire);
      if (!opened.ok()) {
        parser_.reset();
        const auto& status = opened.status();
        shared_->log(fmt::format("{}: request body refused ({}): {}", peer_,
                                 wmi::to_string(status.kind()), status.message()));
        // A plain body where sealing is required: a real host answers 500 ("the server received
        // an unencrypted message"); the connection stays authenticated. A sealed body that
        // cannot be opened leaves the connection's crypto state in doubt: 400 and close.
        if (status.kind() == wmi::StatusKind::kAuth) return answer_bare(500, keep);
        return answer_bare(400, false);
      }
      exchange.content_type = istarts_with(wire.content_type, "multipart/encrypted")
                                  ? sealed_original_type(wire.body)
                                  : std::move(wire.content_type);
      exchange.body = std::move(opened).value();
    }
    parser_.reset();

    HttpResponse answer;
    try {
      answer = shared_->handler(exchange);
    } catch (const std::exception& e) {
      shared_->log(fmt::format("{}: SOAP handler threw ({}); answered 500", peer_, e.what()));
      return answer_bare(500, false);
    } catch (...) {
      shared_->log(fmt::format("{}: SOAP handler threw; answered 500", peer_));
      return answer_bare(500, false);
    }

    if (identify) {
      reset_response(answer.status, keep);
      set_body(answer.content_type, std::move(answer.body));
      return write();
    }
    auto closed = auth_->close(WireBody{std::move(answer.content_type), std::move(answer.body)});
    if (!closed.ok()) {
      shared_->log(fmt::format("{}: answer could not be sealed ({}); answered 500", peer_,
                               wmi::to_string(closed.status().kind())));
      return answer_bare(500, false);
    }
    reset_response(answer.status, keep);
    set_body(closed->content_type, std::move(closed->body));
    for (const auto& token : final_token) res_.insert(http::field::www_authenticate, token);
    write();
  }

  void reset_response(int status, bool keep) {
    res_ = {};
    res_.version(version_);
    // Beast throws on a status outside 100..999; a handler's mistake must not reach the socket.
    res_.result(status >= 100 && status <= 999 ? static_cast<unsigned>(status) : 500u);
    res_.set(http::field::server, "hvsim");
    keep_ = keep && !stopping();  // stop() came while the handler ran: this answer is the last
    res_.keep_alive(keep_);
  }

  void set_body(std::string_view content_type, std::string body) {
    if (!content_type.empty()) {
      res_.set(http::field::content_type,
               beast::string_view(content_type.data(), content_type.size()));
    }
    res_.body() = std::move(body);
  }

  void answer_bare(int status, bool keep) {
    parser_.reset();
    reset_response(status, keep);
    write();
  }

  // A bare 401: each challenge its own WWW-Authenticate header, empty body.
  void answer_unauthorized(const std::vector<std::string>& challenges, bool keep) {
    reset_response(401, keep);
    for (const auto& challenge : challenges) res_.insert(http::field::www_authenticate, challenge);
    write();
  }

  // The body is over the limit: answer, then close without reading the rest of it.
  void answer_oversize() {
    phase_ = Phase::kHandling;
    shared_->log(fmt::format("{}: request body over the {}-byte limit; answered and closed", peer_,
                             options().body_limit));
    HttpResponse answer{413, "", ""};
    if (shared_->oversize) {
      try {
        answer = shared_->oversize(options().body_limit);
      } catch (...) {
        answer = HttpResponse{413, "", ""};
      }
    }
    parser_.reset();
    reset_response(answer.status, false);
    set_body(answer.content_type, std::move(answer.body));
    unread_input_ = true;
    write();
  }

  void write() {
    phase_ = Phase::kWriting;
    res_.prepare_payload();
    lowest().expires_after(options().request_deadline);  // a client that will not read is cut off
    http::async_write(stream_, res_,
                      [self = self()](beast::error_code ec, std::size_t) { self->on_write(ec); });
  }

  void on_write(beast::error_code ec) {
    if (ec || phase_ == Phase::kClosed) return close_now();
    std::string().swap(res_.body());  // an idle connection holds no answer
    if (!keep_) return close_gracefully();
    wait_request();
  }

  // Ends a connection after an answer so that the client reads the answer, not a reset: stop
  // sending, then discard (never buffer) whatever still arrives until EOF or `linger` passes.
  void close_gracefully() {
    phase_ = Phase::kClosing;
    set_waiting(true);
    if (stop_requested_) return close_now();
    lowest().expires_after(options().linger);
    if constexpr (kTls) {
      if (!unread_input_) {
        stream_.async_shutdown([self = self()](beast::error_code) { self->close_now(); });
        return;
      }
    }
    beast::error_code ignored;
    lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
    drain_ = std::make_unique<char[]>(kDrainChunk);
    drain();
  }

  void drain() {
    lowest().async_read_some(net::buffer(drain_.get(), kDrainChunk),
                             [self = self()](beast::error_code ec, std::size_t) {
                               if (ec || self->phase_ == Phase::kClosed) return self->close_now();
                               self->drain();
                             });
  }

  void close_now() {
    phase_ = Phase::kClosed;
    set_waiting(false);
    lowest().close();  // completes whatever is pending with operation_aborted
  }

  const std::string peer_;
  Stream stream_;
  Phase phase_ = Phase::kStarting;
  bool stop_requested_ = false;
  bool keep_ = true;
  bool unread_input_ = false;
  unsigned version_ = 11;
  unsigned refuse_ = 0;  // 404 or 405 once the header is read
  std::unique_ptr<ConnectionAuth> auth_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::empty_body>> continue_;
  http::response<http::string_body> res_;
  std::unique_ptr<char[]> drain_;
};

}  // namespace

void start_plain_session(const std::shared_ptr<ListenerShared>& shared, tcp::socket socket) {
  auto session = std::make_shared<Session<beast::tcp_stream>>(shared, std::move(socket));
  shared->add(session);
  session->start();
}

void start_tls_session(const std::shared_ptr<ListenerShared>& shared, tcp::socket socket,
                       net::ssl::context& tls) {
  auto session = std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(
      shared, std::move(socket), tls);
  shared->add(session);
  session->start();
}

std::string sealed_original_type(std::string_view body) {
  // The part headers are ASCII and come first; never scan a whole sealed body.
  const auto head = body.substr(0, std::min<std::size_t>(body.size(), 4096));
  const auto at = ifind(head, "OriginalContent:");
  if (at == std::string_view::npos) return {};
  auto line = head.substr(at + 16);
  line = line.substr(0, line.find_first_of("\r\n"));
  const auto type = ifind(line, "type=");
  if (type == std::string_view::npos) return {};
  auto value = line.substr(type + 5);
  const auto length = ifind(value, ";Length=");
  if (length != std::string_view::npos) value = value.substr(0, length);
  return std::string(trim(value));
}

}  // namespace sim::server::detail
