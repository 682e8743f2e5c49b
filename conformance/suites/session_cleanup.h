// Removes what a session created on a target (issue: "everything the suite creates on a target is
// removed at the end, also after a failure or Ctrl-C"). At the session's start a CleanupLedger
// notes what the target shows of every kind the suites create; undo() then removes, through the
// Connection, every instance that appeared since, dependants first: collection reference points,
// per-VM reference points, snapshot collections, checkpoints, group memberships, VM groups, and
// replication started on a VM. Each removal is settled (a 4096 is waited for); what cannot be
// removed is returned, never thrown. A real host must not be changed by anyone else while a
// session runs, or their new objects would be taken for the session's.
// CleaningTarget wraps any Target so that every Session it opens cleans up when destroyed (also
// when a test fails or is interrupted, since the session is destroyed either way) and counts the
// removals and leftovers. Not synchronised.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "conformance/target/target.h"

namespace conformance::suites {

class CleanupLedger {
 public:
  // Notes what `session` shows now in `namespaces`.
  CleanupLedger(Session& session, std::vector<std::string> namespaces);

  struct Outcome {
    std::size_t removed = 0;
    std::vector<std::string> leftovers;  // "<path>: <why>"
  };
  // Clears the session's fault rules, then removes what appeared since construction.
  Outcome undo();

 private:
  Session& session_;
  std::vector<std::string> namespaces_;
  std::map<std::string, std::set<std::string>> baseline_;    // "<ns>|<kind>" -> path texts
  std::map<std::string, std::uint64_t> replication_states_;  // VM path text -> ReplicationState
};

class CleaningTarget final : public Target {
 public:
  // `on_cleanup(true)` before a session's clean-up starts, `(false)` once it ends.
  explicit CleaningTarget(Target& inner, std::function<void(bool)> on_cleanup = {})
      : inner_(inner), on_cleanup_(std::move(on_cleanup)) {}

  std::unique_ptr<Session> open(std::uint64_t seed) override;
  std::string description() const override { return inner_.description(); }
  std::string profile_json() const override { return inner_.profile_json(); }
  std::vector<std::string> namespaces() const override { return inner_.namespaces(); }
  bool mutation_allowed() const override { return inner_.mutation_allowed(); }

  std::size_t sessions() const { return sessions_; }
  std::size_t removed() const { return removed_; }
  const std::vector<std::string>& leftovers() const { return leftovers_; }

 private:
  friend class CleaningSession;
  Target& inner_;
  std::function<void(bool)> on_cleanup_;
  std::size_t sessions_ = 0;
  std::size_t removed_ = 0;
  std::vector<std::string> leftovers_;
};

}  // namespace conformance::suites
