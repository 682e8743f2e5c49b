#include "conformance/oracle/collection_model.h"

#include <cassert>

namespace conformance::oracle {
namespace {

bool has_group(const CollectionModel& m, const std::string& group) {
  return m.groups.contains(group);
}

bool is_member(const CollectionModel& m, const std::string& group, const std::string& vm) {
  auto it = m.groups.find(group);
  return it != m.groups.end() && it->second.contains(vm);
}

// Overloads for std::visit.
template <typename... F>
struct Overloaded : F... {
  using F::operator()...;
};

}  // namespace

std::size_t CollectionModel::points_of_vm(const std::string& vm) const {
  std::size_t n = 0;
  for (const auto& [name, point] : points) n += point.per_vm.count(vm);
  return n;
}

std::string per_vm_point_id(const std::string& point, const std::string& vm) {
  return point + "/" + vm;
}

bool may_succeed(const CollectionModel& model, const CollectionOp& op) {
  return std::visit(
      Overloaded{
          [&](const CreateReferencePointOp& o) {
            return has_group(model, o.group) && !model.groups.at(o.group).empty() &&
                   !model.points.contains(o.point);
          },
          [&](const DestroyReferencePointOp& o) { return model.points.contains(o.point); },
          [&](const AddMemberOp& o) {
            return has_group(model, o.group) && !is_member(model, o.group, o.vm);
          },
          [&](const RemoveMemberOp& o) { return is_member(model, o.group, o.vm); },
      },
      op);
}

CollectionModel apply(const CollectionModel& model, const CollectionOp& op, bool succeeded) {
  if (!succeeded) return model;  // all or nothing: a failed call changes nothing
  assert(may_succeed(model, op));
  CollectionModel next = model;
  std::visit(Overloaded{
                 [&](const CreateReferencePointOp& o) {
                   ModelPoint point{o.group, o.type, {}};
                   for (const std::string& vm : model.groups.at(o.group)) {
                     point.per_vm[vm] = per_vm_point_id(o.point, vm);
                   }
                   next.points[o.point] = std::move(point);
                 },
                 [&](const DestroyReferencePointOp& o) { next.points.erase(o.point); },
                 [&](const AddMemberOp& o) { next.groups[o.group].insert(o.vm); },
                 [&](const RemoveMemberOp& o) { next.groups[o.group].erase(o.vm); },
             },
             op);
  return next;
}

bool destroy_effect_allowed(const CollectionModel& before, const CollectionModel& observed,
                            const std::string& point) {
  if (observed.groups != before.groups || observed.points.contains(point)) return false;
  for (const auto& [name, kept] : observed.points) {
    auto it = before.points.find(name);
    if (it == before.points.end() || !(it->second == kept)) return false;
  }
  return true;
}

std::string describe(const CollectionOp& op) {
  return std::visit(
      Overloaded{
          [](const CreateReferencePointOp& o) {
            return "CreateReferencePoint(group=" + o.group + ", point=" + o.point +
                   ", type=" + std::to_string(o.type) + ")";
          },
          [](const DestroyReferencePointOp& o) {
            return "DestroyReferencePoint(point=" + o.point + ")";
          },
          [](const AddMemberOp& o) { return "AddMember(group=" + o.group + ", vm=" + o.vm + ")"; },
          [](const RemoveMemberOp& o) {
            return "RemoveMember(group=" + o.group + ", vm=" + o.vm + ")";
          },
      },
      op);
}

}  // namespace conformance::oracle
