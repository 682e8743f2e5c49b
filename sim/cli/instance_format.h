// How hvsim prints CIM data: a MOF-like text form for people and a JSON form for scripts.
//
// Text (one instance):
//   # path: //HV-HOST-01/root/virtualization/v2:Msvm_ComputerSystem.CreationClassName="…",Name="…"
//   instance of Msvm_ComputerSystem {
//     Name = "D253BD21-…";          strings quoted, with MOF escapes (\" \\ \n \r \t \xHH)
//     EnabledState = 2;             integers in decimal; reals shortest round-trip form
//     Critical = TRUE;              booleans TRUE/FALSE; char16 as 'c'; null as NULL
//     TimeSubmitted = "20240101000000.000000+000";   datetimes as quoted DMTF strings
//     Job = //HV-HOST-01/root/…:Msvm_ConcreteJob.InstanceID="…";  references bare, as WMI paths
//     Flags = {1, 2};               arrays in braces
//     Errors = {                    embedded instances as their CIM-XML, one per line
//       <INSTANCE CLASSNAME="Msvm_Error">…</INSTANCE>
//     };
//   };
// Strings that hold one line of CIM-XML starting "<INSTANCE" (string parameters with the
// EmbeddedInstance qualifier, such as GetErrorEx's Errors[]) are printed raw like embedded
// instances, so the XML stays readable; the JSON form keeps them as strings.
// References are written with '/' separators so they can be pasted into a shell in single quotes
// and passed back to hvsim unchanged.
//
// JSON: an instance is {"path": "<WMI path>" | null, "class": "...", "properties": {...}} with
// properties in provider order; values: null, true/false, numbers (non-finite reals as the strings
// "NaN", "INF", "-INF"), strings (char16 as a one-character string, datetimes as DMTF strings,
// references as WMI path strings), arrays as JSON arrays, embedded instances as nested
// {"class": ..., "properties": ...} objects.
//
// Nothing here fails: a value that has no text form (a path format rejects, a datetime outside the
// DMTF range) is written as a "<unprintable …: reason>" string. Pure functions; thread-safe.
#pragma once

#include <string>

#include "sim/control/strict_json.h"
#include "wmi/cim/instance.h"
#include "wmi/cim/object_path.h"

namespace sim::cli {

using Json = sim::control::Json;

// The WMI path text with '/' separators.
std::string format_path(const wmi::ObjectPath& path);

// The MOF-like text of a value (the right-hand side of "Name = value;").
std::string format_value_text(const wmi::CimValue& value);

// The value for scripts (`--value NAME`): one line per element (a scalar is one element; null and
// an empty array are no line), strings verbatim, everything else as in the text form, unquoted.
std::string format_value_raw(const wmi::CimValue& value);

// "Name = value;" for every property, one per line, each prefixed with `indent`.
std::string format_properties_text(const wmi::PropertyList& properties, std::string_view indent);

// The instance block above, "# path:" line first when the instance has a path.
std::string format_instance_text(const wmi::Instance& instance);

Json value_to_json(const wmi::CimValue& value);
Json properties_to_json(const wmi::PropertyList& properties);
Json instance_to_json(const wmi::Instance& instance);

// `json` as indented text; invalid UTF-8 in strings is replaced (U+FFFD), never thrown on.
std::string dump_json(const Json& json);

}  // namespace sim::cli
