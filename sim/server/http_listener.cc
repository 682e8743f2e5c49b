#include "sim/server/http_listener.h"

#include <openssl/ssl.h>

#include <algorithm>
#include <exception>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "sim/server/http_session.h"

namespace sim::server {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

struct HttpListener::Impl {
  explicit Impl(int threads)
      : ioc(threads), acceptor(net::make_strand(ioc)), retry(acceptor.get_executor()) {}

  void accept();
  void on_accept(error_code ec, tcp::socket socket);
  void refuse(tcp::socket& socket);
  void stop();

  // Declaration order is destruction order reversed: sessions left in the io_context's queue
  // are destroyed with it and still reach `shared` and `tls`.
  std::shared_ptr<detail::ListenerShared> shared;
  std::optional<net::ssl::context> tls;
  net::io_context ioc;
  tcp::acceptor acceptor;  // on its own strand
  net::steady_timer retry;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
  std::vector<std::thread> threads;
  std::uint16_t port = 0;
  std::string url;

  // Refusals at the cap are logged at most once a second (acceptor strand only).
  std::chrono::steady_clock::time_point last_refusal_log{};
  std::size_t refusals_unlogged = 0;

  std::mutex stop_mu;
  bool stopped = false;  // guarded by stop_mu
};

void HttpListener::Impl::accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](error_code ec, tcp::socket socket) {
    on_accept(ec, std::move(socket));
  });
}

void HttpListener::Impl::on_accept(error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || shared->stopping.load()) return;
  if (ec) {
    // Out of descriptors or buffers: back off instead of spinning, keep serving the others.
    shared->log(fmt::format("accept failed: {}; retrying in 50 ms", ec.message()));
    retry.expires_after(std::chrono::milliseconds(50));
    retry.async_wait([this](error_code wait_ec) {
      if (!wait_ec && !shared->stopping.load()) accept();
    });
    return;
  }
  error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  if (!shared->admit()) {
    refuse(socket);
  } else if (tls) {
    detail::start_tls_session(shared, std::move(socket), *tls);
  } else {
    detail::start_plain_session(shared, std::move(socket));
  }
  accept();
}

// Every open connection is busy in a request: answer 503 (plain http) without blocking, close.
void HttpListener::Impl::refuse(tcp::socket& socket) {
  static constexpr char k503[] =
      "HTTP/1.1 503 Service Unavailable\r\nServer: hvsim\r\nContent-Length: 0\r\n"
      "Connection: close\r\n\r\n";
  error_code ignored;
  if (!tls) {
    socket.non_blocking(true, ignored);
    socket.write_some(net::buffer(k503, sizeof k503 - 1), ignored);
  }
  socket.shutdown(tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
  ++refusals_unlogged;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_refusal_log >= std::chrono::seconds(1)) {
    shared->log(fmt::format("refused {} connection(s): all {} connections busy (max_connections)",
                            refusals_unlogged, shared->options.max_connections));
    refusals_unlogged = 0;
    last_refusal_log = now;
  }
}

void HttpListener::Impl::stop() {
  std::lock_guard lock(stop_mu);
  if (stopped) return;
  stopped = true;
  shared->stopping.store(true);
  const auto grace = shared->options.stop_grace;

  // 1. Stop accepting (on the acceptor's strand; bounded in case every io thread is busy).
  auto closed = std::make_shared<std::promise<void>>();
  auto closed_future = closed->get_future();
  net::post(acceptor.get_executor(), [this, closed] {
    error_code ignored;
    acceptor.close(ignored);
    retry.cancel();
    closed->set_value();
  });
  closed_future.wait_for(grace);

  // 2. Idle connections close now; requests in flight finish, answered with Connection: close.
  for (const auto& session : shared->snapshot()) session->post_stop();
  if (!shared->wait_closed(grace)) {
    // 3. Out of patience: close the rest.
    for (const auto& session : shared->snapshot()) session->post_close();
    shared->wait_closed(std::chrono::seconds(1));
  }

  work.reset();
  ioc.stop();
  for (auto& thread : threads) {
    if (thread.joinable()) thread.join();
  }
}

HttpListener::HttpListener(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpListener::~HttpListener() {
  if (impl_) impl_->stop();
}

void HttpListener::stop() { impl_->stop(); }

std::uint16_t HttpListener::port() const { return impl_->port; }

std::string HttpListener::url() const { return impl_->url; }

std::size_t HttpListener::open_connections() const { return impl_->shared->open(); }

wmi::Result<std::unique_ptr<HttpListener>> HttpListener::start(ListenerOptions options,
                                                               std::shared_ptr<AuthPolicy> policy,
                                                               SoapHandler handler,
                                                               OversizeHandler oversize) {
  if (!policy) return wmi::invalid_argument("HTTP listener: no authentication policy");
  if (!handler || !oversize) return wmi::invalid_argument("HTTP listener: no SOAP handler");
  if (options.max_connections == 0) {
    return wmi::invalid_argument("HTTP listener: max_connections must be at least 1");
  }
  if (auto exposure =
          check_exposure(options.address, auth_mode_of(policy->schemes()), options.tls.has_value());
      !exposure.ok()) {
    return exposure;
  }
  if (options.io_threads == 0) {
    options.io_threads = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 2, 4);
  }

  auto impl = std::make_unique<Impl>(static_cast<int>(options.io_threads));

  if (options.tls) {
    auto& ctx = impl->tls.emplace(net::ssl::context::tls_server);
    error_code ec;
    ctx.set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                        net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                        net::ssl::context::no_tlsv1_1 | net::ssl::context::single_dh_use,
                    ec);
    ctx.use_certificate_chain_file(options.tls->cert_file, ec);
    if (ec) {
      return wmi::invalid_argument(fmt::format("cannot load the TLS certificate from {}: {}",
                                               options.tls->cert_file, ec.message()));
    }
    ctx.use_private_key_file(options.tls->key_file, net::ssl::context::pem, ec);
    if (ec) {
      return wmi::invalid_argument(fmt::format("cannot load the TLS private key from {}: {}",
                                               options.tls->key_file, ec.message()));
    }
    if (SSL_CTX_check_private_key(ctx.native_handle()) != 1) {
      return wmi::invalid_argument(
          fmt::format("the TLS private key {} does not match the certificate {}",
                      options.tls->key_file, options.tls->cert_file));
    }
  }

  error_code ec;
  const auto address = net::ip::make_address(options.address.host, ec);
  if (ec) {
    return wmi::invalid_argument(
        fmt::format("cannot listen on {}: not a numeric address", options.address.to_string()));
  }
  const tcp::endpoint endpoint(address, options.address.port);
  auto failed = [&](const char* step) {
    return wmi::Status(wmi::StatusKind::kTransport,
                       fmt::format("cannot listen on {} ({}): {}", options.address.to_string(),
                                   step, ec.message()));
  };
  impl->acceptor.open(endpoint.protocol(), ec);
  if (ec) return failed("socket");
  impl->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (ec) return failed("SO_REUSEADDR");
  impl->acceptor.bind(endpoint, ec);
  if (ec) return failed("bind");
  impl->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return failed("listen");
  impl->port = impl->acceptor.local_endpoint(ec).port();
  if (ec) return failed("getsockname");

  ListenAddress bound = options.address;
  bound.port = impl->port;
  impl->url = fmt::format("{}://{}/wsman", options.tls ? "https" : "http", bound.to_string());

  impl->shared = std::make_shared<detail::ListenerShared>();
  impl->shared->options = std::move(options);
  impl->shared->policy = std::move(policy);
  impl->shared->handler = std::move(handler);
  impl->shared->oversize = std::move(oversize);

  impl->accept();  // no io thread runs yet: safe outside the acceptor's strand
  impl->work.emplace(impl->ioc.get_executor());
  const auto count = impl->shared->options.io_threads;
  impl->threads.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    impl->threads.emplace_back([raw = impl.get()] {
      for (;;) {
        try {
          raw->ioc.run();
          return;
        } catch (const std::exception& e) {
          raw->shared->log(fmt::format("io thread: unexpected exception: {}", e.what()));
        } catch (...) {
          raw->shared->log("io thread: unexpected exception");
        }
      }
    });
  }
  return std::unique_ptr<HttpListener>(new HttpListener(std::move(impl)));
}

}  // namespace sim::server
