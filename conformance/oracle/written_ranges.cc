#include "conformance/oracle/written_ranges.h"

#include <algorithm>

namespace conformance::oracle {

void WrittenRanges::add(std::uint64_t offset, std::uint64_t length) {
  if (length == 0) return;
  std::uint64_t begin = offset;
  std::uint64_t end = offset + length;
  auto it = begin_to_end_.upper_bound(begin);
  if (it != begin_to_end_.begin() && std::prev(it)->second >= begin) --it;
  while (it != begin_to_end_.end() && it->first <= end) {
    begin = std::min(begin, it->first);
    end = std::max(end, it->second);
    it = begin_to_end_.erase(it);
  }
  begin_to_end_[begin] = end;
}

std::optional<std::uint64_t> WrittenRanges::first_uncovered(const std::vector<ByteRange>& answer,
                                                            ByteRange window) const {
  std::vector<ByteRange> covered = answer;
  std::sort(covered.begin(), covered.end(),
            [](const ByteRange& a, const ByteRange& b) { return a.offset < b.offset; });
  for (const auto& [written_begin, written_end] : begin_to_end_) {
    std::uint64_t at = std::max(written_begin, window.offset);
    const std::uint64_t until = std::min(written_end, window.end());
    for (const ByteRange& range : covered) {
      if (at >= until) break;
      if (range.offset > at) break;  // sorted: nothing later covers `at`
      at = std::max(at, range.end());
    }
    if (at < until) return at;
  }
  return std::nullopt;
}

bool WrittenRanges::touches(std::uint64_t offset, std::uint64_t length) const {
  if (length == 0) return false;
  auto it = begin_to_end_.upper_bound(offset);
  if (it != begin_to_end_.begin() && std::prev(it)->second > offset) return true;
  return it != begin_to_end_.end() && it->first < offset + length;
}

std::optional<std::uint64_t> WrittenRanges::first_unwritten_block(
    const std::vector<ByteRange>& answer, std::uint64_t granularity) const {
  for (const ByteRange& range : answer) {
    if (range.length == 0) continue;
    for (std::uint64_t block = range.offset / granularity * granularity; block < range.end();
         block += granularity) {
      if (!touches(block, granularity)) return block;
    }
  }
  return std::nullopt;
}

}  // namespace conformance::oracle
