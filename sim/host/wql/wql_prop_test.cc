// Properties of the WQL subset: print/parse round trip, evaluation against an independent
// reference, and robustness against mutated and truncated queries. Seeds: RC_PARAMS="seed=N".
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

#include "sim/host/wql/wql_condition_eval.h"
#include "sim/host/wql/wql_gen.h"
#include "sim/host/wql/wql_like.h"
#include "sim/host/wql/wql_parser.h"
#include "sim/host/wql/wql_printer.h"
#include "sim/host/wql/wql_reference_eval.h"
#include "wmi/cim/dmtf_datetime.h"

namespace sim::wql {
namespace {

// Literals that an instance's own values make interesting: equal, off by one, other spellings.
std::vector<Literal> literals_near(const wmi::Instance& instance) {
  std::vector<Literal> out;
  for (const wmi::Property& p : instance.properties()) {
    const wmi::CimValue& v = p.value;
    if (v.is_null() || v.is_array()) continue;
    if (auto u = v.as_uint()) {
      out.insert(out.end(), {*u, *u + 1, std::to_string(*u), static_cast<double>(*u)});
      if (*u > 0) out.push_back(*u - 1);
    } else if (auto i = v.as_sint()) {
      out.push_back(*i < 0 ? Literal(*i) : Literal(static_cast<std::uint64_t>(*i)));
      out.push_back(std::to_string(*i));
    } else if (auto b = v.as_bool()) {
      out.insert(out.end(), {*b, std::uint64_t{*b ? 1u : 0u}, std::string(*b ? "True" : "FALSE")});
    } else if (const std::string* s = v.as_string()) {
      out.insert(out.end(), {*s, wmi::ascii_lowered(*s), *s + "a"});
    } else if (const wmi::ObjectPath* path = v.as_reference()) {
      if (auto text = wmi::format_wmi_path(*path, wmi::PathStyle::kSlash); text.ok()) {
        out.push_back(*text);
      }
    } else if (v.type() == wmi::CimType::kDatetime) {
      if (auto text = wmi::format_dmtf_datetime(std::get<wmi::Datetime>(v.scalar())); text.ok()) {
        out.push_back(*text);
      }
    } else if (v.type() == wmi::CimType::kReal64) {
      const double d = std::get<double>(v.scalar());
      if (std::isfinite(d)) out.insert(out.end(), {d, std::nextafter(d, 0.0)});
    } else if (v.type() == wmi::CimType::kChar16) {
      out.push_back(std::uint64_t{std::get<char16_t>(v.scalar())});
    }
  }
  return out;
}

// An instance whose properties carry the names conditions are generated over.
wmi::Instance sample_instance() {
  wmi::PropertyList props;
  for (const char* name : {"A", "Bb", "Ccc", "Dd_1", "E"}) {
    if (*rc::gen::inRange(0, 6) == 0) continue;
    props.push_back(wmi::Property{name, *wmi::gen::value(0)});
  }
  return wmi::Instance("C", "root/virtualization/v2", std::move(props));
}

RC_GTEST_PROP(WqlProp, PrintThenParseGivesTheSameQuery, ()) {
  const Query query = *gen::query();
  auto printed = print_query(query);
  RC_ASSERT(printed.ok());
  RC_PRE(printed->size() <= kMaxQueryBytes);
  auto parsed = parse_query(*printed);
  RC_ASSERT(parsed.ok());
  RC_ASSERT(*parsed == query);
  auto again = print_query(*parsed);
  RC_ASSERT(again.ok() && *again == *printed);
}

RC_GTEST_PROP(WqlProp, EvaluationAgreesWithReference, ()) {
  const wmi::Instance instance = sample_instance();
  const std::vector<Literal> near = literals_near(instance);
  const auto leaf_literal =
      near.empty()
          ? gen::literal()
          : rc::gen::weightedOneOf<Literal>({{1, gen::literal()}, {3, rc::gen::elementOf(near)}});
  const Condition condition = *gen::condition(3, leaf_literal);
  RC_ASSERT(matches(condition, instance) == reference::satisfies(condition, instance));
}

// A text that matches `piece` (a like_piece()), with ASCII letters in either case.
std::string instance_of(const std::string& piece) {
  if (piece == "%") return *rc::gen::resize(4, wmi::gen::hostile_string());
  if (piece == "_") return *wmi::gen::hostile_char();
  if (piece == "[a-z]") return *rc::gen::element<std::string>("a", "q", "Z");
  if (piece == "[^0-9]") return *rc::gen::element<std::string>("x", "/", ":");
  if (piece == "[]]") return "]";
  if (piece == "[_]") return "_";
  if (piece == "[%]") return "%";
  if (piece == "[-x]") return *rc::gen::element<std::string>("-", "X");
  if (piece.front() == '[') return "\xc3\xa9";
  return *rc::gen::arbitrary<bool>() ? wmi::ascii_lowered(piece) : piece;
}

RC_GTEST_PROP(WqlProp, LikeAgreesWithReference, ()) {
  const auto pieces = *rc::gen::container<std::vector<std::string>>(gen::like_piece());
  const std::string pattern = gen::joined(pieces);
  RC_ASSERT(!check_like_pattern(pattern));
  // Half the texts match by construction, then a mutation turns some into near misses.
  std::string text;
  if (*rc::gen::arbitrary<bool>()) {
    for (const std::string& piece : pieces) text += instance_of(piece);
    if (*rc::gen::arbitrary<bool>()) text = *wmi::gen::mutation_of(text);
  } else {
    text = *wmi::gen::hostile_string();
  }
  RC_ASSERT(like_matches(text, pattern) == reference::like_match(text, pattern));
}

// Valid queries of the shapes backup tools send, as seeds for mutation.
const std::vector<std::string>& seeds() {
  static const std::vector<std::string> queries = {
      "SELECT * FROM Msvm_ComputerSystem WHERE Name='5C2F4E71-0B43-4B2E-A0B5-76E0C7F1F1A1'",
      "SELECT * FROM Msvm_VirtualSystemReferencePoint WHERE VirtualSystemIdentifier=\"x\"",
      "select InstanceID, ElementName from Msvm_StorageAllocationSettingData where "
      "InstanceID='Microsoft:A\\\\B' AND (EnabledState <> 3 OR NOT Name LIKE '[a-f]%_') AND "
      "x IS NOT NULL AND 0x10 >= y AND z < -1.5e3",
      "ASSOCIATORS OF {Msvm_VirtualSystemCollection.CollectionID=\"g\"} WHERE "
      "AssocClass=Msvm_CollectedVirtualSystems ResultClass=Msvm_ComputerSystem",
      "ASSOCIATORS OF {Msvm_ComputerSystem.CreationClassName='Msvm_ComputerSystem',Name='v'} "
      "WHERE AssocClass = Msvm_SettingsDefineState ResultRole = SettingData ClassDefsOnly",
      "REFERENCES OF {root\\virtualization\\v2:Msvm_ConcreteJob.InstanceID=\"J\"} WHERE "
      "ResultClass = Msvm_AffectedJobElement Role = AffectingElement KeysOnly",
  };
  return queries;
}

RC_GTEST_PROP(WqlProp, MutatedQueriesNeverCrashAndFailWithAStatus, ()) {
  const std::string text = *wmi::gen::mutation_of(*rc::gen::elementOf(seeds()));
  auto parsed = parse_query(text);
  if (!parsed.ok()) {
    RC_ASSERT(parsed.status().kind() == wmi::StatusKind::kInvalidArgument);
    RC_ASSERT(!parsed.status().message().empty());
    return;
  }
  auto printed = print_query(*parsed);
  RC_ASSERT(printed.ok());
  auto reparsed = parse_query(*printed);
  RC_ASSERT(reparsed.ok() && *reparsed == *parsed);
}

RC_GTEST_PROP(WqlProp, ArbitraryBytesNeverCrash, ()) {
  const std::string text = *wmi::gen::hostile_string();
  auto parsed = parse_query(text);
  RC_ASSERT(parsed.ok() || parsed.status().kind() == wmi::StatusKind::kInvalidArgument);
}

}  // namespace
}  // namespace sim::wql
