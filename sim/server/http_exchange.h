// The seam between the HTTP listener (http_listener.h: sockets, TLS, authentication, message
// encryption, limits) and what answers a WS-Management POST (wsman_service.h). The listener hands
// over a request whose body is already authenticated and, under Negotiate's message encryption,
// already unsealed; it seals the answer the same way. Plain data; not synchronised.
#pragma once

#include <functional>
#include <string>

namespace sim::server {

struct HttpRequest {
  std::string target;        // the request path, e.g. "/wsman"
  std::string content_type;  // the Content-Type of the (unsealed) SOAP body
  std::string body;          // the SOAP envelope as sent (UTF-8 or UTF-16)
  std::string user;          // who authenticated ("" under --auth none); never a secret
  // The HTTP header WSMANIDENTIFY: unauthenticated was present (MS-WSMV 3.1.4.1.23).
  bool unauthenticated_identify = false;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/soap+xml;charset=UTF-8";
  std::string body;
};

// Answers one request. Must not throw; called concurrently from the listener's threads.
using SoapHandler = std::function<HttpResponse(const HttpRequest&)>;

// The answer to a body longer than the listener's limit (the limit in bytes is given); the
// listener sends it and closes the connection without reading the rest of the body.
using OversizeHandler = std::function<HttpResponse(std::size_t limit)>;

}  // namespace sim::server
