#include "sim/host/host_test_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>

#include "sim/control/inventory_json.h"
#include "sim/host/class_catalog.h"
#include "wmi/cim/cim_name.h"
#include "wmi/cim/cim_xml.h"
#include "wmi/cim/job_wait.h"
#include "wmi/cim/wmi_path.h"

#ifndef HVSIM_SOURCE_DIR
#error "HVSIM_SOURCE_DIR must name the source tree (target_compile_definitions)"
#endif

namespace sim::host::test {

namespace {

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "host_test_support: %s\n", message.c_str());
  std::abort();
}

wmi::ObjectPath path(std::string_view ns, std::string_view class_name,
                     std::vector<wmi::KeyBinding> keys) {
  wmi::ObjectPath p;
  p.namespace_name = std::string(ns);
  p.class_name = std::string(class_name);
  p.keys = std::move(keys);
  return p;
}

bool is_job_class(std::string_view class_name) {
  return wmi::iequals(class_name, "Msvm_ConcreteJob") ||
         wmi::iequals(class_name, "Msvm_AffectedJobElement") ||
         wmi::iequals(class_name, "Msvm_OwningJobElement");
}

}  // namespace

std::string read_source_file(std::string_view relative_path) {
  const std::string full = std::string(HVSIM_SOURCE_DIR) + "/" + std::string(relative_path);
  std::ifstream in(full, std::ios::binary);
  if (!in) die("cannot read " + full);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

control::Inventory small_inventory() {
  auto inventory = control::load_inventory(read_source_file("fixtures/inventories/small.json"));
  if (!inventory.ok()) die(inventory.status().to_string());
  return std::move(*inventory);
}

control::Profile fixture_profile(std::string_view name) {
  auto profile =
      control::load_profile(read_source_file("fixtures/profiles/" + std::string(name) + ".json"));
  if (!profile.ok()) die(profile.status().to_string());
  return std::move(*profile);
}

namespace {
HostOptions options_of(HostSetup setup) {
  HostOptions options;
  options.profile = std::move(setup.profile);
  options.inventory = std::move(setup.inventory);
  options.seed = setup.seed;
  options.faults = std::move(setup.faults);
  options.mutant = setup.mutant;
  return options;
}
}  // namespace

std::unique_ptr<Host> make_host(HostSetup setup) {
  auto host = Host::create(options_of(std::move(setup)));
  if (!host.ok()) die(host.status().to_string());
  return std::move(*host);
}

std::unique_ptr<HostState> make_state(HostSetup setup) {
  auto state = HostState::create(options_of(std::move(setup)));
  if (!state.ok()) die(state.status().to_string());
  return std::move(*state);
}

control::FaultPlan one_rule(control::FaultRule rule) {
  auto plan = control::FaultPlan::create({std::move(rule)});
  if (!plan.ok()) die(plan.status().to_string());
  return std::move(*plan);
}

wmi::ObjectPath service_path(std::string_view class_name, std::string_view ns) {
  return path(ns, class_name,
              {{"CreationClassName", std::string(class_name)},
               {"Name", std::string("vmms")},
               {"SystemCreationClassName", std::string("Msvm_ComputerSystem")},
               {"SystemName", std::string(kHostName)}});
}
wmi::ObjectPath crp_service(std::string_view ns) { return service_path(kCrpService, ns); }
wmi::ObjectPath cm_service(std::string_view ns) { return service_path(kCmService, ns); }
wmi::ObjectPath vsrp_service(std::string_view ns) { return service_path(kVsrpService, ns); }

wmi::ObjectPath vm_path(std::string_view guid, std::string_view ns) {
  return path(
      ns, "Msvm_ComputerSystem",
      {{"CreationClassName", std::string("Msvm_ComputerSystem")}, {"Name", std::string(guid)}});
}
wmi::ObjectPath group_path(std::string_view id, std::string_view ns) {
  return path(ns, "Msvm_VirtualSystemCollection", {{"CollectionID", std::string(id)}});
}
wmi::ObjectPath management_path(std::string_view id, std::string_view ns) {
  return path(ns, "Msvm_ManagementCollection", {{"CollectionID", std::string(id)}});
}
wmi::ObjectPath rpc_path(std::string_view id, std::string_view vs_collection_id,
                         std::string_view ns) {
  return path(ns, "Msvm_ReferencePointCollection",
              {{"CollectionID", std::string(id)},
               {"VirtualSystemCollectionId", std::string(vs_collection_id)}});
}
wmi::ObjectPath job_path(std::string_view instance_id, std::string_view ns) {
  return path(ns, "Msvm_ConcreteJob", {{"InstanceID", std::string(instance_id)}});
}

wmi::Result<wmi::MethodResult> create_reference_point(wmi::Connection& c,
                                                      const wmi::ObjectPath& collection,
                                                      std::uint16_t type, wmi::CimValue settings,
                                                      std::string_view ns) {
  return c.invoke(crp_service(ns), "CreateReferencePoint",
                  {{"Collection", collection},
                   {"ReferencePointSettings", std::move(settings)},
                   {"ReferencePointType", type}});
}

wmi::Result<wmi::MethodResult> destroy_reference_point(wmi::Connection& c,
                                                       const wmi::ObjectPath& rpc,
                                                       std::string_view ns) {
  return c.invoke(crp_service(ns), "DestroyReferencePoint",
                  {{"AffectedReferencePointCollection", rpc}});
}

wmi::Result<wmi::MethodResult> create_vm_reference_point(wmi::Connection& c,
                                                         const wmi::CimValue& system,
                                                         std::uint16_t type, wmi::CimValue settings,
                                                         std::string_view ns) {
  return c.invoke(vsrp_service(ns), "CreateReferencePoint",
                  {{"AffectedSystem", system},
                   {"ReferencePointSettings", std::move(settings)},
                   {"ReferencePointType", type}});
}

wmi::Result<wmi::MethodResult> vm_reference_point_call(wmi::Connection& c, std::string_view method,
                                                       const wmi::CimValue& point,
                                                       std::string_view ns) {
  return c.invoke(vsrp_service(ns), method, {{"AffectedReferencePoint", point}});
}

wmi::Result<wmi::MethodResult> define_collection(wmi::Connection& c, std::string_view name,
                                                 std::string_view id, std::uint16_t type,
                                                 std::string_view ns) {
  return c.invoke(cm_service(ns), "DefineCollection",
                  {{"Name", std::string(name)}, {"Id", std::string(id)}, {"Type", type}});
}

wmi::Result<wmi::MethodResult> member_call(wmi::Connection& c, std::string_view method,
                                           const wmi::ObjectPath& member,
                                           const wmi::ObjectPath& collection, std::string_view ns) {
  return c.invoke(cm_service(ns), method, {{"Member", member}, {"Collection", collection}});
}

wmi::Result<wmi::MethodResult> cancel(wmi::Connection& c, const wmi::ObjectPath& job) {
  return c.invoke(job, "RequestStateChange", {{"RequestedState", std::uint16_t{4}}});
}

wmi::MethodResult value_or_fail(const wmi::Result<wmi::MethodResult>& result) {
  if (result.ok()) return *result;
  ADD_FAILURE() << "the call failed: " << result.status().to_string();
  return wmi::MethodResult{kNoResult, {}};
}

const wmi::CimValue* out_value(const wmi::MethodResult& result, std::string_view name) {
  return wmi::find_property(result.out, name);
}

const wmi::ObjectPath* out_reference(const wmi::MethodResult& result, std::string_view name) {
  const wmi::CimValue* value = out_value(result, name);
  if (value == nullptr || value->is_null() || value->is_array()) return nullptr;
  return value->as_reference();
}

std::optional<std::uint64_t> uint_property(const wmi::Instance& instance, std::string_view name) {
  const wmi::CimValue* value = instance.find(name);
  if (value == nullptr || value->is_null() || value->is_array()) return std::nullopt;
  return value->as_uint();
}

std::string string_property(const wmi::Instance& instance, std::string_view name) {
  const wmi::CimValue* value = instance.find(name);
  if (value == nullptr || value->is_null() || value->is_array()) return {};
  const std::string* text = value->as_string();
  return text == nullptr ? std::string() : *text;
}

std::vector<std::string> string_array_property(const wmi::Instance& instance,
                                               std::string_view name) {
  std::vector<std::string> out;
  const wmi::CimValue* value = instance.find(name);
  if (value == nullptr || value->is_null() || !value->is_array()) return out;
  for (const wmi::CimElement& e : value->elements()) {
    if (const auto* text = std::get_if<std::string>(&e)) out.push_back(*text);
  }
  return out;
}

bool JobTrace::terminal() const { return !seen.empty() && wmi::is_terminal_job_state(state()); }

std::uint16_t JobTrace::state() const {
  return static_cast<std::uint16_t>(uint_property(last(), "JobState").value_or(0));
}

JobTrace poll_job(Host& host, const wmi::ObjectPath& job, std::chrono::milliseconds interval,
                  int max_polls) {
  JobTrace trace;
  for (int i = 0; i < max_polls; ++i) {
    auto instance = host.get(job);
    if (!instance.ok()) {
      trace.error = instance.status();
      return trace;
    }
    trace.seen.push_back(std::move(*instance));
    if (trace.terminal()) return trace;
    if (control::VirtualClock* clock = host.virtual_clock()) (void)clock->advance(interval);
  }
  return trace;
}

std::string path_text(const wmi::ObjectPath& p) {
  auto text = wmi::format_wmi_path(p, wmi::PathStyle::kSlash);
  return text.ok() ? *text : "<unformattable " + p.class_name + ">";
}

std::string render(const wmi::Instance& instance) {
  auto xml = wmi::to_cim_xml(instance);
  return (instance.path() ? path_text(*instance.path()) : std::string("<no path>")) + " " +
         (xml.ok() ? *xml : "<unrenderable: " + xml.status().message() + ">");
}

std::vector<std::string_view> association_classes(std::string_view ns) {
  std::vector<std::string_view> out;
  const auto served = served_namespace(ns);
  if (!served) return out;
  for (const ClassDef* def : concrete_classes(*served, Mutant::kNone)) {
    if (!def->keys.empty() && !is_a(def->name, "CIM_ManagedElement") && def->enumerate != nullptr) {
      out.push_back(def->name);
    }
  }
  return out;
}

std::vector<wmi::Instance> query_or_die(wmi::Connection& c, std::string_view ns,
                                        std::string_view wql) {
  auto result = c.query(ns, wql);
  if (!result.ok()) die(std::string(wql) + ": " + result.status().to_string());
  return std::move(*result);
}

std::vector<std::string> model_snapshot(Host& host, std::string_view ns) {
  std::vector<std::string> out;
  auto add = [&](std::string_view wql) {
    for (const wmi::Instance& instance : query_or_die(host, ns, wql)) {
      if (!is_job_class(instance.class_name())) out.push_back(render(instance));
    }
  };
  add("SELECT * FROM CIM_ManagedElement");
  for (std::string_view assoc : association_classes(ns)) {
    add("SELECT * FROM " + std::string(assoc));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string snapshot_diff(const std::vector<std::string>& before,
                          const std::vector<std::string>& after) {
  std::vector<std::string> gone;
  std::vector<std::string> added;
  std::set_difference(before.begin(), before.end(), after.begin(), after.end(),
                      std::back_inserter(gone));
  std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                      std::back_inserter(added));
  std::string out;
  for (const auto& line : gone) out += "- " + line + "\n";
  for (const auto& line : added) out += "+ " + line + "\n";
  return out;
}

std::uint64_t test_seed(std::string_view test_name) {
  std::uint64_t seed = 0;
  if (const char* text = std::getenv("HVSIM_TEST_SEED")) {
    seed = std::strtoull(text, nullptr, 10);
  } else {
    std::random_device device;
    seed = (std::uint64_t{device()} << 32) | device();
  }
  std::printf("%.*s: seed %llu (replay with HVSIM_TEST_SEED=%llu)\n",
              static_cast<int>(test_name.size()), test_name.data(),
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed));
  return seed;
}

}  // namespace sim::host::test
