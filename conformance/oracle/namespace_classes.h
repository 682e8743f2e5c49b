// The namespace oracle (conformance area 7): which classes spec §2 and §3 say
// root/virtualization/v2 and root/HyperVCluster/v2 serve, as a table written from the spec — never
// derived from the simulator. Absences are as much part of the contract as presences (spec §2
// [mof]).
//
// Reading of the spec: §2's table names the classes whose presence differs (or is stated) per
// namespace; §3's classes are not split by namespace, so they are taken to be served in both — an
// inference, which is why the assertion resting on it (NS-CLASS-005) is unverified.
// Pure data; thread-safe.
#pragma once

#include <span>
#include <string_view>

namespace conformance::oracle {

inline constexpr std::string_view kVirtualizationNamespace = "root/virtualization/v2";
inline constexpr std::string_view kClusterNamespace = "root/HyperVCluster/v2";

// Where the table's row comes from.
enum class ClassSource {
  kNamespaceTable,  // spec §2's table: presence and absence stated per namespace [mof]
  kModelledClass,   // spec §3: a class the API is made of, namespaces not stated
};

struct NamespaceClass {
  std::string_view class_name;
  bool in_virtualization;  // served in root/virtualization/v2
  bool in_cluster;         // served in root/HyperVCluster/v2
  bool service;            // a singleton service: exactly one instance where served
  ClassSource source;
};

// Every class of spec §2 and §3, §2's first, in the spec's order.
std::span<const NamespaceClass> namespace_classes();

// Whether `row` is served in `cim_namespace` (one of the two namespaces above; '/'-separated).
bool served_in(const NamespaceClass& row, std::string_view cim_namespace);

// The namespaces the oracle knows, v2 first.
std::span<const std::string_view> oracle_namespaces();

}  // namespace conformance::oracle
