// The HTTP listener over TLS: a self-signed certificate made by the test, a Beast client that
// verifies it, keep-alive over one TLS session, the handshake deadline, and unusable key files.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "sim/server/http_listener.h"
#include "sim/server/testing/listener_fixture.h"
#include "sim/server/testing/listener_test_policies.h"
#include "sim/server/testing/raw_http_client.h"

namespace sim::server {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using ::testing::HasSubstr;
using testing::must_start;
using testing::OpenPolicy;
using testing::RawClient;
using testing::Recorder;
using testing::test_options;

// A temporary directory with a self-signed P-256 certificate for 127.0.0.1 (cert.pem, key.pem)
// and a second, unrelated key (other-key.pem).
class TlsFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("hvsim-tls-" + std::to_string(rd()));
    fs::create_directories(dir_);
    EVP_PKEY* key = EVP_EC_gen("P-256");
    ASSERT_NE(key, nullptr);
    X509* cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    for (auto [nid, value] : {std::pair{NID_subject_alt_name, "IP:127.0.0.1"},
                              std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
      X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
      ASSERT_NE(ext, nullptr);
      X509_add_ext(cert, ext, -1);
      X509_EXTENSION_free(ext);
    }
    ASSERT_GT(X509_sign(cert, key, EVP_sha256()), 0);
    write_pem(cert_file(), [&](FILE* f) { return PEM_write_X509(f, cert); });
    write_pem(key_file(), [&](FILE* f) {
      return PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
    });
    EVP_PKEY* other = EVP_EC_gen("P-256");
    write_pem(other_key_file(), [&](FILE* f) {
      return PEM_write_PrivateKey(f, other, nullptr, nullptr, 0, nullptr, nullptr);
    });
    EVP_PKEY_free(other);
    X509_free(cert);
    EVP_PKEY_free(key);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  template <class Write>
  void write_pem(const std::string& path, Write write) {
    FILE* f = std::fopen(path.c_str(), "w");
    ASSERT_NE(f, nullptr);
    ASSERT_EQ(write(f), 1);
    std::fclose(f);
  }

  std::string cert_file() const { return (dir_ / "cert.pem").string(); }
  std::string key_file() const { return (dir_ / "key.pem").string(); }
  std::string other_key_file() const { return (dir_ / "other-key.pem").string(); }

  ListenerOptions tls_options() const {
    auto options = test_options();
    options.tls = TlsFiles{cert_file(), key_file()};
    return options;
  }

  fs::path dir_;
};

// A synchronous Beast HTTPS client that trusts only the test's certificate.
class TlsClient {
 public:
  TlsClient(std::uint16_t port, const std::string& ca_file)
      : ctx_(net::ssl::context::tls_client), stream_(ioc_, ctx_) {
    ctx_.load_verify_file(ca_file);
    stream_.set_verify_mode(net::ssl::verify_peer);
    beast::get_lowest_layer(stream_).expires_after(5s);
    beast::get_lowest_layer(stream_).connect(
        net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    stream_.handshake(net::ssl::stream_base::client);
  }

  http::response<http::string_body> post(const std::string& body) {
    http::request<http::string_body> request{http::verb::post, "/wsman", 11};
    request.set(http::field::host, "127.0.0.1");
    request.set(http::field::content_type, "application/soap+xml;charset=UTF-8");
    request.body() = body;
    request.prepare_payload();
    http::write(stream_, request);
    http::response<http::string_body> response;
    http::read(stream_, buffer_, response);
    return response;
  }

 private:
  net::io_context ioc_;
  net::ssl::context ctx_;
  beast::ssl_stream<beast::tcp_stream> stream_;
  beast::flat_buffer buffer_;
};

TEST_F(TlsFixture, ServesHttpsWithKeepAlive) {
  Recorder recorder;
  auto policy = std::make_shared<OpenPolicy>();
  auto listener = must_start(tls_options(), policy, recorder.handler());
  ASSERT_TRUE(listener);
  EXPECT_EQ(listener->url(), "https://127.0.0.1:" + std::to_string(listener->port()) + "/wsman");

  TlsClient client(listener->port(), cert_file());
  for (int i = 0; i < 3; ++i) {
    auto response = client.post("<tls n=\"" + std::to_string(i) + "\"/>");
    EXPECT_EQ(response.result_int(), 200);
    EXPECT_EQ(response.body(), "echo:<tls n=\"" + std::to_string(i) + "\"/>");
    EXPECT_EQ(response[http::field::server], "hvsim");
  }
  EXPECT_EQ(policy->connections.load(), 1);
  EXPECT_EQ(policy->tls_connections.load(), 1);  // the policy learns the connection is TLS
}

TEST_F(TlsFixture, HandshakeDeadlineClosesASilentConnection) {
  Recorder recorder;
  auto options = tls_options();
  options.handshake_timeout = 500ms;
  auto listener = must_start(options, std::make_shared<OpenPolicy>(), recorder.handler());
  ASSERT_TRUE(listener);
  const auto t0 = std::chrono::steady_clock::now();
  RawClient silent(listener->port());
  ASSERT_TRUE(silent.connected());
  EXPECT_TRUE(silent.closed_within(3s));
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 400ms);

  // Plain http to the TLS port fails its handshake and leaves the listener serving.
  RawClient plain(listener->port());
  plain.send(testing::post_request("<x/>"));
  EXPECT_TRUE(plain.closed_within(3s));
  TlsClient client(listener->port(), cert_file());
  EXPECT_EQ(client.post("<after/>").result_int(), 200);
}

TEST_F(TlsFixture, UnusableKeyFilesAreRefusedAtStart) {
  Recorder recorder;
  auto options = tls_options();
  options.tls->cert_file = (dir_ / "missing.pem").string();
  auto started = HttpListener::start(options, std::make_shared<OpenPolicy>(), recorder.handler(),
                                     testing::oversize_answer);
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.status().kind(), wmi::StatusKind::kInvalidArgument);
  EXPECT_THAT(started.status().message(), HasSubstr("missing.pem"));

  options = tls_options();
  options.tls->key_file = other_key_file();
  started = HttpListener::start(options, std::make_shared<OpenPolicy>(), recorder.handler(),
                                testing::oversize_answer);
  ASSERT_FALSE(started.ok());
  EXPECT_THAT(started.status().message(), HasSubstr("other-key.pem"));
}

}  // namespace
}  // namespace sim::server
