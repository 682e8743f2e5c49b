// Property: for random WQL and random object paths, wmi::WsmanConnection through `hvsim serve` and
// the in-process host behind that server give identical answers: the same instances (as the wire
// carries them: paths without a host and with keys as text, an empty array as null) in the same
// order, or errors of the same kind with the fault detail kept. Queries are SELECTs with WHERE
// conditions over the classes' real properties and values, ASSOCIATORS OF and REFERENCES OF real
// instances with real class names in their clauses, and truncations of those; paths are real
// instance paths, sometimes with a key's letter case changed, a key dropped, added or given
// another value, another class or namespace. Three instances a Pull, so that most answers take
// several. RapidCheck prints its seed; replay with
// RC_PARAMS="seed=N".
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "sim/host/class_catalog.h"
#include "sim/host/host_test_support.h"
#include "sim/host/wql/wql_ast.h"
#include "sim/host/wql/wql_printer.h"
#include "sim/server/auth_policies.h"
#include "sim/server/server.h"
#include "sim/server/testing/host_typing.h"
#include "wmi/cim/wmi_path.h"
#include "wmi/cim/wsman_reference.h"
#include "wmi/wsman/wsman_connection.h"

namespace sim::server {
namespace {

namespace ws = wmi::wsman;

wmi::ObjectPath wire_form(const wmi::ObjectPath& path) {
  auto reference = wmi::to_wsman_reference(path);
  if (!reference.ok()) return path;
  auto back = wmi::from_wsman_reference(*reference);
  return back.ok() ? *back : path;
}

wmi::CimValue wire_form(const wmi::CimValue& value) {
  if (value.is_null() || value.type() != wmi::CimType::kReference) {
    if (value.is_array() && !value.is_null() && value.elements().empty()) {
      return wmi::CimValue::null(value.type(), true);  // WS-Man has no empty array
    }
    return value;
  }
  if (!value.is_array()) return wmi::CimValue(wire_form(*value.as_reference()));
  if (value.elements().empty()) return wmi::CimValue::null(value.type(), true);
  std::vector<wmi::CimElement> elements;
  for (const auto& e : value.elements())
    elements.push_back(wire_form(std::get<wmi::ObjectPath>(e)));
  return wmi::CimValue::array(wmi::CimType::kReference, std::move(elements)).value();
}

// An instance as the wire carries it. Paths compare as CIM identity (same_instance) apart.
wmi::Instance wire_form(const wmi::Instance& instance) {
  wmi::PropertyList properties;
  for (const wmi::Property& p : instance.properties())
    properties.push_back({p.name, wire_form(p.value)});
  return wmi::Instance(instance.class_name(), instance.namespace_name(), std::move(properties));
}

// The in-process Status as it comes back over the wire: a query error of any kind the endpoint
// reports as n:CannotProcessFilter (wsman_service.h), i.e. kInvalidArgument.
wmi::StatusKind wire_kind(const wmi::Status& status, bool query) {
  if (query && (status.kind() == wmi::StatusKind::kNotFound ||
                status.kind() == wmi::StatusKind::kInvalidArgument)) {
    return wmi::StatusKind::kInvalidArgument;
  }
  return status.kind();
}

struct World {
  std::unique_ptr<Server> server;
  std::unique_ptr<ws::WsmanConnection> wire;
  std::vector<wmi::Instance> instances;  // every instance, both namespaces
  std::vector<std::string> class_names;  // every class the namespaces serve
};

World& world() {
  static World* w = [] {
    auto* out = new World();
    ServerConfig c;
    c.host.inventory = host::test::small_inventory();
    c.host.profile = host::test::fixture_profile("doc-strict");
    c.time_scale = 1;
    c.listener.address = ListenAddress{"127.0.0.1", 0, false};
    c.listener.io_threads = 2;
    c.auth = no_auth_policy();
    auto server = Server::start(std::move(c));
    if (!server.ok()) {
      ADD_FAILURE() << server.status().to_string();
      return out;
    }
    out->server = std::move(*server);
    ws::WsmanOptions o;
    o.target = "wsman+" + out->server->url();
    o.settings.typing = testing::learned_typing(out->server->host());
    o.settings.max_elements = 3;  // several Pulls per query
    auto wire = ws::WsmanConnection::open(o);
    if (!wire.ok()) {
      ADD_FAILURE() << wire.status().to_string();
      return out;
    }
    out->wire = std::move(*wire);
    // Reference points on a group and on a VM, so that their classes and associations exist too.
    host::Host& local = out->server->host();
    const auto group = host::test::group_path(host::test::kFinance);
    if (auto made = host::test::create_reference_point(local, group); !made.ok()) {
      ADD_FAILURE() << made.status().to_string();
    }
    const auto vm = host::test::vm_path(host::test::kWeb01);
    if (auto made = host::test::create_vm_reference_point(local, vm); !made.ok()) {
      ADD_FAILURE() << made.status().to_string();
    }
    for (std::string_view ns : host::kServedNamespaces) {
      for (const host::ClassDef* def : host::concrete_classes(ns, host::Mutant::kNone)) {
        out->class_names.emplace_back(def->name);
        auto all = out->server->host().query(ns, "SELECT * FROM " + std::string(def->name));
        if (all.ok()) out->instances.insert(out->instances.end(), all->begin(), all->end());
      }
    }
    for (const char* extra : {"CIM_ManagedElement", "CIM_Job", "CIM_Service", "Msvm_NoSuchClass"}) {
      out->class_names.emplace_back(extra);
    }
    return out;
  }();
  return *w;
}

std::string flip_case(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 32);
    } else if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c + 32);
    }
  }
  return text;
}

rc::Gen<std::string> class_name() {
  return rc::gen::exec([] {
    std::string name = *rc::gen::elementOf(world().class_names);
    return *rc::gen::inRange(0, 5) == 0 ? flip_case(name) : name;
  });
}

const wmi::Instance& any_instance() {
  const auto& all = world().instances;
  return all[*rc::gen::inRange<std::size_t>(0, all.size())];
}

// An instance to start an association query from: half the time a VM or a group, which have the
// most associations.
const wmi::Instance& association_source() {
  if (*rc::gen::arbitrary<bool>()) {
    std::vector<const wmi::Instance*> rich;
    for (const wmi::Instance& i : world().instances) {
      if (i.class_name() == "Msvm_ComputerSystem" ||
          i.class_name() == "Msvm_VirtualSystemCollection") {
        rich.push_back(&i);
      }
    }
    if (!rich.empty()) return *rich[*rc::gen::inRange<std::size_t>(0, rich.size())];
  }
  return any_instance();
}

// A path near a real one.
rc::Gen<wmi::ObjectPath> object_path() {
  return rc::gen::exec([] {
    wmi::ObjectPath path = *any_instance().path();
    path.host.reset();
    switch (*rc::gen::inRange(0, 12)) {
      case 0:
        if (!path.keys.empty()) {
          auto& key = path.keys[*rc::gen::inRange<std::size_t>(0, path.keys.size())];
          key.name = flip_case(key.name);
        }
        break;
      case 1:
        if (!path.keys.empty())
          path.keys.erase(path.keys.begin() + *rc::gen::inRange<std::size_t>(0, path.keys.size()));
        break;
      case 2:
        path.keys.push_back({"Extra", std::string("x")});
        break;
      case 3:
        if (!path.keys.empty()) {
          auto& key = path.keys[*rc::gen::inRange<std::size_t>(0, path.keys.size())];
          if (std::holds_alternative<std::string>(key.value))
            key.value = *rc::gen::element<std::string>("nothing", "",
                                                       "00000000-0000-4000-8000-000000000000");
        }
        break;
      case 4:
        path.class_name = *class_name();
        break;
      case 5:
        path.namespace_name = path.namespace_name == host::kClusterNamespace
                                  ? std::string(host::kVirtualizationNamespace)
                                  : std::string(host::kClusterNamespace);
        break;
      case 6:
        std::reverse(path.keys.begin(), path.keys.end());
        break;
      default:
        break;
    }
    return path;
  });
}

// A literal near one of the instance's values.
rc::Gen<wql::Literal> literal_near(const wmi::Instance& instance) {
  return rc::gen::exec([&instance]() -> wql::Literal {
    const auto& properties = instance.properties();
    if (properties.empty()) return wql::Literal(std::string("x"));
    const wmi::Property picked = *rc::gen::elementOf(properties);
    const wmi::CimValue& v = picked.value;
    if (v.is_null() || v.is_array()) return wql::Literal(std::string("none"));
    if (auto u = v.as_uint()) return wql::Literal(*u + *rc::gen::inRange<std::uint64_t>(0, 2));
    if (auto b = v.as_bool()) return wql::Literal(*b);
    if (const std::string* s = v.as_string()) {
      return wql::Literal(*rc::gen::element(*s, flip_case(*s), *s + "a"));
    }
    return wql::Literal(std::string("other"));
  });
}

rc::Gen<wql::Condition> condition(const wmi::Instance& instance, int depth) {
  return rc::gen::exec([&instance, depth]() -> wql::Condition {
    std::string property = "NoSuchProperty";
    if (!instance.properties().empty() && *rc::gen::inRange(0, 8) != 0) {
      property = (*rc::gen::elementOf(instance.properties())).name;
    }
    switch (*rc::gen::inRange(0, depth > 0 ? 6 : 4)) {
      case 0:
      case 1:
        return wql::compare(property, static_cast<wql::CompareOp>(*rc::gen::inRange(0, 6)),
                            *literal_near(instance));
      case 2:
        return wql::like(property, *rc::gen::element<std::string>("%", "A%", "%-%", "_%[0-9]%"));
      case 3:
        return *rc::gen::arbitrary<bool>() ? wql::is_null(property) : wql::is_not_null(property);
      case 4:
        return wql::negation(*condition(instance, depth - 1));
      default: {
        std::vector<wql::Condition> operands{*condition(instance, depth - 1),
                                             *condition(instance, depth - 1)};
        return *rc::gen::arbitrary<bool>() ? wql::conjunction(std::move(operands))
                                           : wql::disjunction(std::move(operands));
      }
    }
  });
}

std::string clause() { return *rc::gen::inRange(0, 5) == 0 ? *class_name() : std::string(); }

// Namespace and WQL text.
rc::Gen<std::pair<std::string, std::string>> query() {
  return rc::gen::exec([]() -> std::pair<std::string, std::string> {
    const int kind = *rc::gen::inRange(0, 4);
    const wmi::Instance& instance = kind < 2 ? association_source() : any_instance();
    std::string ns = instance.namespace_name();
    if (*rc::gen::inRange(0, 20) == 0)
      ns = *rc::gen::element<std::string>("root/cimv2", "root\\virtualization\\v2");
    wql::Query q;
    switch (kind) {
      case 0: {
        wql::AssociatorsQuery a;
        a.source = *instance.path();
        a.source.host.reset();
        a.assoc_class = clause();
        a.result_class = clause();
        a.keys_only = *rc::gen::inRange(0, 4) == 0;
        q = a;
        break;
      }
      case 1: {
        wql::ReferencesQuery r;
        r.source = *instance.path();
        r.source.host.reset();
        r.result_class = clause();
        q = r;
        break;
      }
      default: {
        wql::SelectQuery s;
        s.class_name = *rc::gen::inRange(0, 3) == 0 ? *class_name() : instance.class_name();
        if (*rc::gen::inRange(0, 4) == 0 && !instance.properties().empty()) {
          s.properties = {(*rc::gen::elementOf(instance.properties())).name};
        }
        if (*rc::gen::arbitrary<bool>()) s.where = *condition(instance, 2);
        q = s;
        break;
      }
    }
    auto text = wql::print_query(q);
    std::string wql = text.ok() ? *text : "SELECT * FROM " + instance.class_name();
    if (*rc::gen::inRange(0, 12) == 0) wql.resize(*rc::gen::inRange<std::size_t>(0, wql.size()));
    return {ns, wql};
  });
}

TEST(WsmanClientProperty, TheWorldIsUp) {
  ASSERT_TRUE(world().wire) << "the server or the client did not start";
  ASSERT_FALSE(world().instances.empty());
}

RC_GTEST_PROP(WsmanClientProperty, QueriesAnswerAsInProcess, ()) {
  World& w = world();
  RC_PRE(w.wire != nullptr);
  const auto [ns, wql] = *query();
  RC_TAG(wql.substr(0, 6));
  auto local = w.server->host().query(ns, wql);
  auto wire = w.wire->query(ns, wql);
  RC_CLASSIFY(!local.ok(), "error");
  RC_CLASSIFY(local.ok() && local->empty(), "no instance");
  RC_CLASSIFY(local.ok() && local->size() > 3, "several Pulls");
  RC_LOG() << ns << ": " << wql << "\n";
  if (!local.ok()) {
    RC_LOG() << "in process: " << local.status().to_string()
             << "\nwire: " << wire.status().to_string() << "\n";
    RC_ASSERT(!wire.ok());
    RC_ASSERT(wire.status().kind() == wire_kind(local.status(), true));
    RC_ASSERT(wire.status().fault().has_value());
    return;
  }
  RC_LOG() << "wire: " << wire.status().to_string() << "\n";
  RC_ASSERT(wire.ok());
  RC_ASSERT(wire->size() == local->size());
  for (std::size_t i = 0; i < local->size(); ++i) {
    const wmi::Instance& got = (*wire)[i];
    const wmi::Instance& expected = (*local)[i];
    RC_ASSERT(wire_form(got) == wire_form(expected));
    RC_ASSERT(got.path().has_value() && expected.path().has_value());
    RC_ASSERT(*got.path() == wire_form(*expected.path()));
  }
}

RC_GTEST_PROP(WsmanClientProperty, GetsAnswerAsInProcess, ()) {
  World& w = world();
  RC_PRE(w.wire != nullptr);
  const wmi::ObjectPath path = *object_path();
  const auto printed = wmi::format_wmi_path(path, wmi::PathStyle::kSlash);
  RC_LOG() << (printed.ok() ? *printed : "(unprintable)") << "\n";
  auto local = w.server->host().get(path);
  auto wire = w.wire->get(path);
  RC_CLASSIFY(!local.ok(), "error");
  if (!local.ok()) {
    RC_LOG() << "in process: " << local.status().to_string()
             << "\nwire: " << wire.status().to_string() << "\n";
    RC_ASSERT(!wire.ok());
    RC_ASSERT(wire.status().kind() == wire_kind(local.status(), false));
    RC_ASSERT(wire.status().fault().has_value());
    if (local.status().fault())
      RC_ASSERT(wire.status().fault()->subcode == local.status().fault()->subcode);
    return;
  }
  RC_LOG() << "wire: " << wire.status().to_string() << "\n";
  RC_ASSERT(wire.ok());
  RC_ASSERT(wire_form(*wire) == wire_form(*local));
  RC_ASSERT(wire->path().has_value() && local->path().has_value());
  RC_ASSERT(wmi::same_instance(*wire->path(), *local->path()));
}

}  // namespace
}  // namespace sim::server
