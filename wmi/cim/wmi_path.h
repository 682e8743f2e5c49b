// WMI object path strings ⇄ ObjectPath.
//
//   path      = [ prefix ] class [ "." key *( "," key ) | "=@" ]
//   prefix    = ( "\\" | "//" ) host sep namespace ":"      \\HOST\root\virtualization\v2:
//             | namespace ":"                              root/virtualization/v2:
//   namespace = segment *( sep segment ), segment = 1*[A-Za-z0-9_], sep = "\" | "/"
//   host      = 1*[A-Za-z0-9._-]
//   key       = name "=" ( quoted | number | boolean ), names = [A-Za-z_][A-Za-z0-9_]*
//   quoted    = '"' *( any byte but '\' and '"' | "\\" | "\"" ) '"'
//   number    = [ "-" ] 1*digit (a value >= 0 reads as uint64, < 0 as int64; overflow rejected)
//   boolean   = TRUE | FALSE, any letter case
// No path prefix gives a relative path (empty namespace); no key part gives a class path.
// Unnamed keys (Class="v") and whitespace outside quotes are rejected.
//
// Reference-valued keys: a ReferenceKey is written as a quoted string holding the referenced
// path, formatted in the same style. On reading, a quoted value is a ReferenceKey exactly when its
// unescaped text is itself a namespace-qualified instance path (it has a namespace and keys or
// "=@"); any other quoted value is a string. WMI syntax cannot tell the two apart, so a string
// key whose text is such a path reads back as a ReferenceKey. Nesting needs no limit: every level
// doubles the escaping, so depth grows with the logarithm of the input length.
//
// Round trip: parse_wmi_path(format_wmi_path(p, style)) == p for every p that format accepts whose
// int64 keys are negative and whose string keys do not read as references (above). Pure
// functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "wmi/cim/object_path.h"
#include "wmi/cim/status.h"

namespace wmi {

// Separator used when writing: "\\HOST\root\virtualization\v2:" or
// "//HOST/root/virtualization/v2:". Reading accepts either, in any mix.
enum class PathStyle { kBackslash, kSlash };

// The ObjectPath of `text`; kInvalidArgument saying what is wrong and at which byte position.
Result<ObjectPath> parse_wmi_path(std::string_view text);

// The path string. kInvalidArgument when `path` cannot be written so that it reads back the same:
// class, key or namespace names outside the grammar, an empty or malformed host, a host without
// a namespace, keys that repeat (ignoring case), keys on a singleton, or a ReferenceKey that is
// null or not a namespace-qualified instance path.
Result<std::string> format_wmi_path(const ObjectPath& path, PathStyle style);

}  // namespace wmi
