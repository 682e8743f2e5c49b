// CollectionModel: the oracle's picture of VM groups, their members and the reference points
// taken of them, and the effect the spec gives each mutating call. A collection reference point
// (Msvm_ReferencePointCollection, spec §3) belongs to one group and holds one per-VM reference
// point (Msvm_VirtualSystemReferencePoint) per member at the time it was taken.
//
// The all-or-nothing rule (issue 7 "Return codes": "an error means no partial state on any
// member"): a call that fails leaves the model exactly as it was; apply() with succeeded = false
// is the identity. Plain values; not synchronised; nothing here fails.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <variant>

namespace conformance::oracle {

struct ModelPoint {
  std::string group;                          // the VM group's CollectionID
  std::uint16_t type = 2;                     // 1 log based, 2 RCT based
  std::map<std::string, std::string> per_vm;  // VM Name -> its per-VM point's InstanceID

  friend bool operator==(const ModelPoint&, const ModelPoint&) = default;
};

struct CollectionModel {
  std::map<std::string, std::set<std::string>> groups;  // CollectionID -> member VM Names
  std::map<std::string, ModelPoint> points;             // reference point CollectionID -> point

  // Per-VM points held by `vm` across every collection point.
  std::size_t points_of_vm(const std::string& vm) const;

  friend bool operator==(const CollectionModel&, const CollectionModel&) = default;
};

// Msvm_CollectionReferencePointService.CreateReferencePoint of `group`, producing the collection
// point `point` whose per-VM point of VM v is named per_vm_point_id(point, v) (the model's own
// naming: compare by membership, not by the target's InstanceIDs).
struct CreateReferencePointOp {
  std::string group, point;
  std::uint16_t type = 2;
};
// DestroyReferencePoint of the collection point `point`: it and its per-VM points go.
struct DestroyReferencePointOp {
  std::string point;
};
// Msvm_CollectionManagementService.AddMember / RemoveMember of a VM.
struct AddMemberOp {
  std::string group, vm;
};
struct RemoveMemberOp {
  std::string group, vm;
};
using CollectionOp =
    std::variant<CreateReferencePointOp, DestroyReferencePointOp, AddMemberOp, RemoveMemberOp>;

std::string per_vm_point_id(const std::string& point, const std::string& vm);

// True when the spec lets `op` succeed on `model`: Create needs an existing, non-empty group and
// a new point name; Destroy an existing point; AddMember an existing group and a VM not in it;
// RemoveMember a member of an existing group. (A target may still refuse for reasons outside the
// model, e.g. a VHD disk; the effect is then "no change".)
bool may_succeed(const CollectionModel& model, const CollectionOp& op);

// The model after `op`: on success its documented effect (requires may_succeed()); on failure
// `model` unchanged. Existing reference points are never touched by membership changes (a point
// records the members at the time it was taken).
CollectionModel apply(const CollectionModel& model, const CollectionOp& op, bool succeeded);

// DestroyReferencePoint "may as a side effect destroy other reference points that are dependent
// on the affected reference point collection" [doc], and the model does not know which those
// are: true when `observed` equals `before` except that `point` is gone and possibly other
// points are gone too (none added, none changed, groups untouched).
bool destroy_effect_allowed(const CollectionModel& before, const CollectionModel& observed,
                            const std::string& point);

// One line for failure messages: "CreateReferencePoint(group=g1, point=p1, type=2)".
std::string describe(const CollectionOp& op);

}  // namespace conformance::oracle
