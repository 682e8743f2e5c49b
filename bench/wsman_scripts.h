// What the wire benchmark's clients (bench/wsman_bench.cc) say to a WS-Management endpoint, built
// and read with hvsim's own codec (wmi/wsman), in the shape winrm.exe sends (MaxEnvelopeSize
// 512000, Locale en-US, OperationTimeout 60 s, a new MessageID per envelope built):
//  - RepeatScript: one envelope, sent again and again byte for byte (Invoke throughput;
//    the server does not track MessageIDs, so reusing one costs it nothing);
//  - ChurnScript: CreateReferencePoint (RCT) on one VM, then DestroyReferencePoint of what it
//    answered, again and again, keeping a ChurnLedger of what the server said it did;
//  - EnumerationClient: Enumerate (WQL) then Pull until EndOfSequence, decoding every item.
// Faults are read with decode_response and reported by subcode.
//
// Thread-safety: a script or ledger belongs to one client thread; EnumerationClient::run is
// const and may run on several connections at once.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench/wsman_load_client.h"
#include "wmi/cim/instance.h"
#include "wmi/cim/object_path.h"

namespace bench {

inline constexpr std::string_view kChangesMethod = "GetVirtualDiskChanges";

// A disk with changes since an RCT reference point (wsman_bench_fixtures.h prepares it).
struct ChangesFixture {
  std::string disk_path;  // its HostResource
  std::string rct_id;     // the point's RCT id of that disk
};

// The GetVirtualDiskChanges envelope for the whole window [0, length) of the fixture's disk, on
// the Msvm_ImageManagementService at `service`. Aborts if it cannot be encoded.
std::string changes_request(const std::string& url, const wmi::ObjectPath& service,
                            const ChangesFixture& fixture, std::uint64_t length,
                            std::uint64_t message_number);

// True when an Invoke answer carries ReturnValue 0 (a text search: the fast check of a 200).
bool returned_zero(std::string_view body);

// What an answer other than the expected one is: a fault (by subcode) or an error.
Verdict unexpected(const HttpReply& reply);

class RepeatScript : public ClientScript {
 public:
  explicit RepeatScript(std::string envelope) : envelope_(std::move(envelope)) {}
  std::optional<std::string> next() override { return envelope_; }
  Verdict judge(const HttpReply& reply) override;

 private:
  std::string envelope_;
};

// What one churn client learnt from the server's answers.
struct ChurnLedger {
  std::vector<std::string> created;     // InstanceIDs CreateReferencePoint answered
  std::size_t creates = 0;              // answered 0
  std::size_t destroys = 0;             // answered 0
  std::optional<wmi::ObjectPath> held;  // created and not yet destroyed
};

class ChurnScript : public ClientScript {
 public:
  ChurnScript(std::string url, wmi::ObjectPath service, wmi::ObjectPath vm, ChurnLedger& ledger);
  std::optional<std::string> next() override;
  Verdict judge(const HttpReply& reply) override;

 private:
  std::string url_;
  wmi::ObjectPath service_;
  wmi::ObjectPath vm_;
  ChurnLedger& ledger_;
  std::uint64_t sent_ = 0;
  bool destroying_ = false;  // what the last envelope was
};

struct EnumerationResult {
  std::vector<wmi::Instance> instances;
  std::size_t requests = 0;           // Enumerate + Pulls
  std::size_t bytes = 0;              // answer bodies
  std::size_t largest_answer = 0;     // bytes
  std::size_t oversized_answers = 0;  // answers over the MaxEnvelopeSize the client sent
  double seconds = 0;                 // first byte sent to last item decoded
  double decode_seconds = 0;          // of which the client spent decoding answers
  double first_answer_seconds = 0;    // of which the Enumerate's round trip (the query)
  std::string error;                  // "" when the sequence ended
};

struct EnumerationClient {
  std::string url;
  bool optimize = true;                // w:OptimizeEnumeration with w:MaxElements = max_elements
  std::uint32_t max_elements = 32000;  // every Pull's n:MaxElements
  std::string wql = "SELECT * FROM Msvm_ComputerSystem";

  // Enumerates root/virtualization/v2 with `wql`, bounded by `budget` and by 100,000 requests.
  EnumerationResult run(WireConnection& connection, std::chrono::milliseconds budget) const;
};

}  // namespace bench
