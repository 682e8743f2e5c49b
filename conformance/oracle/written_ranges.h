// WrittenRanges: the byte ranges of one disk written since some moment (an RCT id was sealed), the
// change-tracking suite's oracle (spec §7: "ranges that changed since that id was sealed"). A
// target's answer is sound when it covers every written byte of the window it was asked about,
// and exact at a granularity G when every G-aligned block it reports holds a written byte.
// Plain value; not synchronised. Nothing fails: empty ranges are ignored.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace conformance::oracle {

struct ByteRange {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  std::uint64_t end() const { return offset + length; }
  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

class WrittenRanges {
 public:
  void add(std::uint64_t offset, std::uint64_t length);
  bool empty() const { return begin_to_end_.empty(); }

  // The first written byte inside [window.offset, window.end()) that no range of `answer` covers;
  // nullopt when the answer is sound for that window.
  std::optional<std::uint64_t> first_uncovered(const std::vector<ByteRange>& answer,
                                               ByteRange window) const;

  // Whether any byte of [offset, offset + length) was written.
  bool touches(std::uint64_t offset, std::uint64_t length) const;

  // The first `granularity`-aligned block that a range of `answer` reaches but no write touched;
  // nullopt when every reported block holds a written byte.
  std::optional<std::uint64_t> first_unwritten_block(const std::vector<ByteRange>& answer,
                                                     std::uint64_t granularity) const;

 private:
  std::map<std::uint64_t, std::uint64_t> begin_to_end_;  // disjoint, non-adjacent [begin, end)
};

}  // namespace conformance::oracle
