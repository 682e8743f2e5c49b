#include "sim/control/profile.h"

#include <algorithm>
#include <cctype>

#include "sim/control/profile_keys.h"
#include "sim/control/strict_json.h"

namespace sim::control {

namespace {

constexpr std::string_view kDeliveryMethods[] = {
    "Msvm_CollectionReferencePointService.CreateReferencePoint",
    "Msvm_CollectionReferencePointService.DestroyReferencePoint",
    "Msvm_CollectionReferencePointService.ExportReferencePoint",
    "Msvm_CollectionReferencePointService.RemoveAssociatedData",
    "Msvm_VirtualSystemReferencePointService.CreateReferencePoint",
    "Msvm_VirtualSystemReferencePointService.DestroyReferencePoint",
    "Msvm_VirtualSystemReferencePointService.ExportReferencePoint",
    "Msvm_VirtualSystemReferencePointService.ImportReferencePointMetadata",
    "Msvm_VirtualSystemReferencePointService.RemoveAssociatedData",
    "Msvm_VirtualSystemSnapshotService.CreateSnapshot",
    "Msvm_VirtualSystemSnapshotService.ConvertToReferencePoint",
    "Msvm_VirtualSystemSnapshotService.DestroySnapshot",
    "Msvm_CollectionSnapshotService.CreateSnapshot",
    "Msvm_CollectionSnapshotService.ConvertToReferencePoint",
    "Msvm_CollectionSnapshotService.DestroySnapshot",
    "Msvm_CollectionSnapshotService.ApplySnapshot",
    "Msvm_CollectionSnapshotService.ExportSnapshot",
    "Msvm_CollectionManagementService.DefineCollection",
    "Msvm_CollectionManagementService.DestroyCollection",
    "Msvm_CollectionManagementService.RenameCollection",
    "Msvm_CollectionManagementService.AddMember",
    "Msvm_CollectionManagementService.RemoveMember",
    "Msvm_CollectionManagementService.RemoveMemberById",
    "Msvm_ImageManagementService.GetVirtualDiskChanges",
    "Msvm_ReplicationService.CreateReplicationRelationship",
    "Msvm_ReplicationService.StartReplication",
    "Msvm_ReplicationService.RemoveReplicationRelationship",
    "Msvm_ReplicationService.Resynchronize",
    "Msvm_CollectionReplicationService.CreateReplicationRelationship",
    "Msvm_CollectionReplicationService.StartReplication",
    "Msvm_CollectionReplicationService.RemoveReplicationRelationship",
};

constexpr Named<Evidence> kEvidenceNames[] = {{"doc", Evidence::kDoc},
                                              {"mof", Evidence::kMof},
                                              {"sample", Evidence::kSample},
                                              {"field", Evidence::kField},
                                              {"guess", Evidence::kGuess}};

unsigned char fold(char c) {
  return static_cast<unsigned char>(std::tolower(static_cast<unsigned char>(c)));
}

}  // namespace

std::string_view to_string(Evidence evidence) {
  return name_of(std::span<const Named<Evidence>>(kEvidenceNames), evidence);
}

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [](char x, char y) { return fold(x) < fold(y); });
}

std::span<const std::string_view> delivery_methods() { return kDeliveryMethods; }

MethodDelivery Profile::delivery_for(std::string_view class_name, std::string_view method) const {
  std::string key;
  key.reserve(class_name.size() + 1 + method.size());
  key.append(class_name).append(".").append(method);
  const auto it = method_delivery.find(key);
  return it == method_delivery.end() ? default_delivery : it->second;
}

Provenance Profile::provenance_of(std::string_view key) const {
  const auto it = provenance.find(key);
  return it == provenance.end() ? Provenance{} : it->second;
}

std::map<std::string, Provenance, std::less<>> Profile::default_provenance() {
  std::map<std::string, Provenance, std::less<>> out;
  for (const ProfileKey& key : profile_keys()) {
    out.emplace(std::string(key.name), Provenance{key.evidence, std::string(key.note)});
  }
  return out;
}

namespace {

wmi::Status read_setting(const JsonField& entry, const ProfileKey& key, Profile& profile) {
  if (auto s = entry.expect_object({"value", "evidence", "note"}); !s.ok()) return s;
  auto value = entry.required("value");
  if (!value.ok()) return value.status();
  if (auto s = key.read(*value, profile); !s.ok()) return s;
  auto evidence_field = entry.required("evidence");
  if (!evidence_field.ok()) return evidence_field.status();
  auto evidence = evidence_field->choice<Evidence>(kEvidenceNames);
  if (!evidence.ok()) return evidence.status();
  Provenance provenance{*evidence, std::string(key.note)};
  if (auto note = entry.member("note")) {
    auto text = note->string();
    if (!text.ok()) return text.status();
    provenance.note = *text;
  }
  profile.provenance[std::string(key.name)] = std::move(provenance);
  return {};
}

wmi::Result<Profile> read_profile(const Json& root) {
  const JsonField document(root, "profile");
  if (auto s = document.expect_object({"description", "settings"}); !s.ok()) return s;
  Profile profile;
  auto description = document.required("description");
  if (!description.ok()) return description.status();
  auto text = description->string();
  if (!text.ok()) return text.status();
  profile.description = *text;
  auto settings = document.required("settings");
  if (!settings.ok()) return settings.status();
  if (auto s = settings->expect_any_object(); !s.ok()) return s;
  for (const auto& item : settings->node().items()) {
    const JsonField entry = *settings->member(item.key());
    const ProfileKey* key = find_profile_key(item.key());
    if (key == nullptr) {
      return entry.error("unknown profile key \"" + item.key() +
                         "\" (the keys are listed in sim/control/profile_keys.h)");
    }
    if (auto s = read_setting(entry, *key, profile); !s.ok()) return s;
  }
  return profile;
}

}  // namespace

wmi::Result<Profile> load_profile(std::string_view json_text) {
  try {
    auto root = parse_strict_json(json_text, "profile");
    if (!root.ok()) return root.status();
    return read_profile(*root);
  } catch (const Json::exception& e) {
    // The readers check types before reading; this is a guard, not a path.
    return wmi::invalid_argument(std::string("profile: ") + e.what());
  }
}

std::string save_profile(const Profile& profile) {
  Json settings = Json::object();
  for (const ProfileKey& key : profile_keys()) {
    const Provenance provenance = profile.provenance_of(key.name);
    settings[std::string(key.name)] =
        Json{{"value", key.write(profile)},
             {"evidence", std::string(to_string(provenance.evidence))},
             {"note", provenance.note}};
  }
  const Json root{{"description", profile.description}, {"settings", std::move(settings)}};
  return root.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace sim::control
