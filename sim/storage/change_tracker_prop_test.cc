// Stateful RapidCheck properties: random command sequences against TrackingOracle (soundness,
// exactness, paging, errors, content). 4 properties × RapidCheck's default 100 sequences; replay a
// failure with RC_PARAMS="seed=<printed seed>".
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
#include <rapidcheck/state.h>

#include <vector>

#include "sim/storage/tracking_oracle.h"

namespace sim::storage::testing {
namespace {

struct NoModel {};  // the oracle lives beside the disk; RapidCheck's model stays empty

struct RunOp : rc::state::Command<NoModel, TrackingOracle> {
  Op op;
  explicit RunOp(Op o) : op(o) {}
  void run(const NoModel&, TrackingOracle& oracle) const override {
    const auto failure = oracle.apply(op);
    if (failure) RC_FAIL(*failure);
  }
  void show(std::ostream& os) const override { os << "oracle.apply(" << to_string(op) << ");"; }
};

rc::Gen<rc::state::Commands<RunOp>> ops(std::vector<OpKind> kinds) {
  auto one = rc::gen::apply(
      [](OpKind kind, std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d) {
        return std::make_shared<const RunOp>(Op{kind, a, b, c, d});
      },
      rc::gen::elementOf(kinds), rc::gen::arbitrary<std::uint64_t>(),
      rc::gen::arbitrary<std::uint64_t>(), rc::gen::arbitrary<std::uint64_t>(),
      rc::gen::arbitrary<std::uint64_t>());
  return rc::gen::container<rc::state::Commands<RunOp>>(
      rc::gen::cast<std::shared_ptr<const RunOp>>(one));
}

void check_sequence(std::uint64_t disk_a, std::uint64_t disk_b, std::vector<OpKind> kinds) {
  TrackingOracle oracle(choose_disk(disk_a, disk_b), disk_a ^ disk_b);
  const auto commands = *ops(std::move(kinds));
  rc::state::runAll(commands, NoModel{}, oracle);
}

const std::vector<OpKind> kEverything = {
    OpKind::kWrite,         OpKind::kWriteZeroes, OpKind::kRead,      OpKind::kSeal,
    OpKind::kQuery,         OpKind::kForget,      OpKind::kCrash,     OpKind::kResize,
    OpKind::kModifyOffline, OpKind::kToggle,      OpKind::kBadRequest};

RC_GTEST_PROP(ChangeTrackerProp, AnyOperationOnAnyDisk, (std::uint64_t a, std::uint64_t b)) {
  check_sequence(a, b, kEverything);
}

RC_GTEST_PROP(ChangeTrackerProp, WritesSealsQueriesForgets, (std::uint64_t a, std::uint64_t b)) {
  check_sequence(a, b,
                 {OpKind::kWrite, OpKind::kWrite, OpKind::kWriteZeroes, OpKind::kSeal,
                  OpKind::kQuery, OpKind::kQuery, OpKind::kForget});
}

RC_GTEST_PROP(ChangeTrackerProp, CrashesNeverLoseAChange, (std::uint64_t a, std::uint64_t b)) {
  check_sequence(a, b,
                 {OpKind::kWrite, OpKind::kWriteZeroes, OpKind::kSeal, OpKind::kQuery,
                  OpKind::kQuery, OpKind::kCrash, OpKind::kForget});
}

RC_GTEST_PROP(ChangeTrackerProp, EventsAndErrorsInvalidateIds, (std::uint64_t a, std::uint64_t b)) {
  check_sequence(a, b,
                 {OpKind::kWrite, OpKind::kSeal, OpKind::kQuery, OpKind::kForget, OpKind::kResize,
                  OpKind::kModifyOffline, OpKind::kToggle, OpKind::kBadRequest, OpKind::kRead});
}

}  // namespace
}  // namespace sim::storage::testing
