#include "bench/wsman_scripts.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>

#include "wmi/cim/wsman_reference.h"
#include "wmi/wsman/request_codec.h"
#include "wmi/wsman/response_codec.h"

namespace bench {

namespace {

namespace ws = wmi::wsman;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kNs = "root/virtualization/v2";
constexpr std::uint16_t kRctType = 1;  // doc-strict's vs_reference_point.type_encoding log0-rct1
constexpr std::size_t kMaxRequests = 100000;

std::string message_id(std::uint64_t n) {
  return fmt::format("uuid:00000000-0000-4000-8000-{:012X}", n & 0xFFFFFFFFFFFFu);
}

// The class's ResourceURI; the namespace wildcard ".../*" for "".
std::string resource_uri(std::string_view class_name) {
  auto uri = wmi::format_wmi_resource_uri({std::string(kNs), std::string(class_name)});
  if (!uri.ok()) {
    std::fprintf(stderr, "wsman_bench: %s\n", uri.status().message().c_str());
    std::abort();
  }
  return *uri;
}

ws::RequestHeader header(const std::string& url, std::string uri, std::string action,
                         std::uint64_t message_number) {
  ws::RequestHeader h;
  h.to = url;
  h.resource_uri = std::move(uri);
  h.action = std::move(action);
  h.message_id = message_id(message_number);
  h.max_envelope_size = ws::kDefaultMaxEnvelopeSize;
  h.operation_timeout = std::chrono::seconds(60);
  h.locale = "en-US";
  return h;
}

// An Invoke of `method` on the instance at `target`.
std::string invoke_request(const std::string& url, const wmi::ObjectPath& target,
                           std::string_view method, wmi::PropertyList arguments,
                           std::uint64_t message_number) {
  const std::string uri = resource_uri(target.class_name);
  ws::Request request{header(url, uri, uri + "/" + std::string(method), message_number),
                      ws::InvokeRequest{std::string(method), std::move(arguments)}};
  auto reference = wmi::to_wsman_reference(target);
  auto encoded = reference.ok() ? (request.header.selectors = reference->selectors,
                                   ws::encode_request(request))
                                : wmi::Result<std::string>(reference.status());
  if (!encoded.ok()) {
    std::fprintf(stderr, "wsman_bench: cannot encode %.*s: %s\n", static_cast<int>(method.size()),
                 method.data(), encoded.status().message().c_str());
    std::abort();
  }
  return std::move(*encoded);
}

wmi::Result<ws::Response> decode(const HttpReply& reply, std::size_t limit) {
  return ws::decode_response(reply.body, reply.content_type,
                             ws::DecodeLimits{.max_envelope_size = limit});
}

}  // namespace

std::string changes_request(const std::string& url, const wmi::ObjectPath& service,
                            const ChangesFixture& fixture, std::uint64_t length,
                            std::uint64_t message_number) {
  return invoke_request(url, service, kChangesMethod,
                        {{"Path", fixture.disk_path},
                         {"LimitId", fixture.rct_id},
                         {"TargetSnapshotId", ""},
                         {"ByteOffset", std::uint64_t{0}},
                         {"ByteLength", length}},
                        message_number);
}

bool returned_zero(std::string_view body) {
  return body.find("ReturnValue>0</") != std::string_view::npos;
}

Verdict unexpected(const HttpReply& reply) {
  auto response = decode(reply, reply.body.size() + 1);
  if (response.ok()) {
    if (const auto* fault = std::get_if<ws::FaultResponse>(&response->body)) {
      return Verdict{Verdict::Kind::kFault, fault->detail.subcode};
    }
    if (const auto* invoked = std::get_if<ws::InvokeResponse>(&response->body)) {
      return Verdict{Verdict::Kind::kError,
                     fmt::format("{} returned {}", invoked->method, invoked->result.return_value)};
    }
  }
  return Verdict{Verdict::Kind::kError,
                 fmt::format("HTTP {}: {}", reply.status, reply.body.substr(0, 120))};
}

Verdict RepeatScript::judge(const HttpReply& reply) {
  if (reply.status == 200 && returned_zero(reply.body)) return {};
  return unexpected(reply);
}

ChurnScript::ChurnScript(std::string url, wmi::ObjectPath service, wmi::ObjectPath vm,
                         ChurnLedger& ledger)
    : url_(std::move(url)), service_(std::move(service)), vm_(std::move(vm)), ledger_(ledger) {}

std::optional<std::string> ChurnScript::next() {
  destroying_ = ledger_.held.has_value();
  ++sent_;
  if (destroying_) {
    return invoke_request(url_, service_, "DestroyReferencePoint",
                          {{"AffectedReferencePoint", *ledger_.held}}, sent_);
  }
  return invoke_request(
      url_, service_, "CreateReferencePoint",
      {{"AffectedSystem", vm_}, {"ReferencePointSettings", ""}, {"ReferencePointType", kRctType}},
      sent_);
}

Verdict ChurnScript::judge(const HttpReply& reply) {
  auto response = decode(reply, reply.body.size() + 1);
  if (!response.ok()) {
    return Verdict{Verdict::Kind::kError, "unreadable answer: " + response.status().message()};
  }
  if (const auto* fault = std::get_if<ws::FaultResponse>(&response->body)) {
    return Verdict{Verdict::Kind::kFault, fault->detail.subcode};
  }
  const auto* invoked = std::get_if<ws::InvokeResponse>(&response->body);
  if (invoked == nullptr || reply.status != 200) {
    return Verdict{Verdict::Kind::kError,
                   fmt::format("HTTP {} without an Invoke answer", reply.status)};
  }
  if (invoked->result.return_value != 0) {
    return Verdict{Verdict::Kind::kError,
                   fmt::format("{} returned {}", invoked->method, invoked->result.return_value)};
  }
  if (destroying_) {
    ++ledger_.destroys;
    ledger_.held.reset();
    return {};
  }
  const wmi::CimValue* point = wmi::find_property(invoked->result.out, "ResultingReferencePoint");
  const wmi::ObjectPath* path = point == nullptr ? nullptr : point->as_reference();
  const wmi::KeyValue* id = path == nullptr ? nullptr : path->key("InstanceID");
  const std::string* text = id == nullptr ? nullptr : std::get_if<std::string>(id);
  if (text == nullptr) {
    return Verdict{Verdict::Kind::kError, "CreateReferencePoint answered 0 without a point"};
  }
  ++ledger_.creates;
  ledger_.created.push_back(*text);
  ledger_.held = *path;
  return {};
}

EnumerationResult EnumerationClient::run(WireConnection& connection,
                                         std::chrono::milliseconds budget) const {
  EnumerationResult out;
  const Clock::time_point start = Clock::now();
  const std::string wildcard = resource_uri("");
  std::uint64_t number = 0;
  ws::EnumerateRequest enumerate;
  enumerate.filter_dialect = std::string(ws::kWqlDialect);
  enumerate.filter = wql;
  enumerate.optimize = optimize;
  if (optimize) enumerate.max_elements = max_elements;
  ws::Request request{header(url, wildcard, std::string(ws::kActionEnumerate), ++number),
                      enumerate};
  std::string context;
  bool ended = false;
  while (!ended) {
    if (out.requests >= kMaxRequests || Clock::now() - start > budget) {
      out.error = fmt::format("not finished after {} requests", out.requests);
      break;
    }
    auto envelope = ws::encode_request(request);
    if (!envelope.ok()) {
      out.error = "encode: " + envelope.status().message();
      break;
    }
    auto reply = connection.post(*envelope);
    ++out.requests;
    if (!reply.ok()) {
      out.error = reply.status().message();
      break;
    }
    out.bytes += reply->body.size();
    out.largest_answer = std::max(out.largest_answer, reply->body.size());
    out.oversized_answers += reply->body.size() > ws::kDefaultMaxEnvelopeSize;
    const Clock::time_point received = Clock::now();
    if (out.requests == 1) {
      out.first_answer_seconds = std::chrono::duration<double>(received - start).count();
    }
    auto response = decode(*reply, reply->body.size() + 1);
    out.decode_seconds += std::chrono::duration<double>(Clock::now() - received).count();
    if (!response.ok()) {
      out.error = "unreadable answer: " + response.status().message();
      break;
    }
    std::vector<ws::EnumerationItem>* items = nullptr;
    if (auto* e = std::get_if<ws::EnumerateResponse>(&response->body)) {
      items = &e->items;
      context = e->context;
      ended = e->end_of_sequence;
    } else if (auto* p = std::get_if<ws::PullResponse>(&response->body)) {
      items = &p->items;
      context = p->context;
      ended = p->end_of_sequence;
    } else if (auto* f = std::get_if<ws::FaultResponse>(&response->body)) {
      out.error = "fault " + f->detail.subcode + ": " + f->detail.message;
      break;
    } else {
      out.error = "an answer that is neither EnumerateResponse nor PullResponse";
      break;
    }
    for (ws::EnumerationItem& item : *items) {
      if (item.object) out.instances.push_back(std::move(*item.object));
    }
    if (!ended && context.empty()) {
      out.error = "no EnumerationContext and no EndOfSequence";
      break;
    }
    request = ws::Request{header(url, wildcard, std::string(ws::kActionPull), ++number),
                          ws::PullRequest{context, max_elements}};
  }
  out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return out;
}

}  // namespace bench
