// Object paths as WQL writes them: inside ASSOCIATORS OF {…} / REFERENCES OF {…}, and as string
// literals compared with reference-typed properties.
//
// This is the WMI path grammar of wmi/cim/wmi_path.h with one addition that real clients rely on:
// a key value may also be single-quoted ('…', backslash escapes any byte, so \' \" \\ are a
// quote, a double quote and a backslash) — libvirt writes {Msvm_ComputerSystem.Name='<GUID>'}.
// Leading and trailing whitespace is ignored; whitespace elsewhere outside quotes is an error, as
// in WMI ("the tokens within the object path cannot contain any white space").
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "wmi/cim/object_path.h"
#include "wmi/cim/status.h"

namespace sim::wql {

// The ObjectPath written by `text`; kInvalidArgument from the WMI path parser (with its byte
// position in the double-quoted form of the text) or for a single-quoted value without its end.
wmi::Result<wmi::ObjectPath> parse_query_path(std::string_view text);

// Whether a and b name the same instance (wmi::same_instance), where a path without a namespace
// matches any namespace: WQL lets a query name its source relative to the queried namespace.
bool same_instance_in_query(const wmi::ObjectPath& a, const wmi::ObjectPath& b);

}  // namespace sim::wql
