// sim::storage::TrackingOracle (test support, not part of hvsim::storage): a deliberately simple
// reference model of a virtual disk with change tracking, and the checker that drives a real
// VirtualDisk with the same operations and compares every answer.
//
// The model keeps the list of tracked writes (session, epoch, byte range) and computes the changes
// since id k as the merged union of the block ranges of writes made while k or a later id was the
// newest — no bitmaps, no paging tricks. Content is a map sector → tag (absent = zeros).
// Checked on every query: soundness (every written block is covered), exactness unless a crash
// happened since the id (then: within the 16-block coarsening of the written blocks), ranges
// sorted / non-overlapping / coalesced / inside the window, paging by processed_length equal to the
// unpaged answer, and error codes; on reads, byte equality. Both the RapidCheck properties and
// ci/soak drive it through apply(Op). Not synchronised.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "sim/storage/virtual_disk.h"

namespace sim::storage::testing {

enum class OpKind {
  kWrite,          // payload write, a few sectors
  kWriteZeroes,    // zero fill: single sector up to many GiB
  kRead,           // read back and compare
  kSeal,           // issue an id
  kQuery,          // query with a random id choice, window and capacity
  kForget,         // forget a random issued id
  kCrash,          // host crash
  kResize,         // grow or shrink
  kModifyOffline,  // offline modification
  kToggle,         // tracking off, or on with a random granularity
  kBadRequest,     // an unaligned / out-of-range write or read that must change nothing
};
inline constexpr int kOpKindCount = 11;

// One operation; a..d are raw random numbers the oracle maps onto valid (mostly) parameters for
// the disk's current state, so any Op is meaningful in any state.
struct Op {
  OpKind kind;
  std::uint64_t a = 0, b = 0, c = 0, d = 0;
};
// "Op{OpKind::kWrite, 1, 2, 3, 4}" — pasteable into a regression test.
std::string to_string(const Op& op);

// A disk shape for one run: size, sector, format, initial granularity.
struct DiskChoice {
  std::uint64_t size;
  std::uint32_t sector;
  DiskFormat format;
  std::uint64_t granularity;
};
// Random size (1 MiB .. 64 TiB, with 64 TiB itself likely), sector, granularity; 1 in 10 VHD.
DiskChoice choose_disk(std::uint64_t a, std::uint64_t b);

class TrackingOracle {
 public:
  // Creates the disk and tries to enable tracking at choice.granularity.
  TrackingOracle(const DiskChoice& choice, std::uint64_t seed);

  // Runs `op` on the disk and the model; returns a description of the first mismatch, if any.
  std::optional<std::string> apply(const Op& op);

  const VirtualDisk& disk() const { return *disk_; }

 private:
  struct Issued {
    std::string text;
    int session;
    std::uint32_t sequence;
  };
  struct TrackedWrite {
    int session;
    std::uint32_t epoch;
    std::uint64_t first_block;
    std::uint64_t last_block;
  };
  using Failure = std::optional<std::string>;

  Failure write(const Op& op, bool zeroes);
  Failure read(const Op& op);
  Failure seal();
  Failure query(const Op& op);
  Failure forget(const Op& op);
  Failure crash();
  Failure resize(const Op& op);
  Failure modify_offline(const Op& op);
  Failure toggle(const Op& op);
  Failure bad_request(const Op& op);

  void model_write(std::uint64_t offset, std::uint64_t length, std::uint32_t tag);
  Failure check_state() const;
  // The id text an op refers to (issued, malformed, foreign) and the error the tracker must give
  // (nullopt: must succeed).
  std::pair<std::string, std::optional<ErrorCode>> pick_id(std::uint64_t a, std::uint64_t b) const;
  // Merged block intervals written since `sequence` (current session), inclusive bounds.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> changed_since(std::uint32_t sequence) const;

  std::unique_ptr<VirtualDisk> disk_;
  std::mt19937_64 engine_;
  std::uint64_t size_;
  std::uint32_t sector_;
  bool trackable_;
  bool enabled_ = false;
  unsigned block_shift_ = 16;
  int session_ = 0;
  std::uint32_t most_recent_ = 0;
  std::uint32_t valid_from_ = 0;
  std::uint32_t coarse_through_ = 0;
  bool newer_changes_ = false;
  std::set<std::uint32_t> live_;
  std::vector<Issued> issued_;
  std::vector<TrackedWrite> writes_;
  std::map<std::uint64_t, std::uint32_t> content_;  // sector index → tag; absent = zeros
  std::uint32_t next_tag_ = 1;
};

}  // namespace sim::storage::testing
