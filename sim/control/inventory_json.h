// Inventory files (fixtures/inventories/*.json): loading with clear errors, saving in a canonical
// form. Format:
//   {
//     "description": "optional free text",
//     "host_name": "HV-HOST-01",
//     "vms": [
//       {"guid": "5B0C6E4A-...", "name": "sql-01", "state": "running" | "off" | "saved" |
//        "paused" | <EnabledState number>, "configuration_version": "9.0",
//        "replicating": false,                                         optional, default false
//        "disks": [{"size": "127GiB" | <bytes>, "logical_sector_size": 512 | 4096,
//                   "format": "vhdx" | "vhd",
//                   "tracking_granularity": "64KiB" | <bytes>}]}   granularity optional
//     ],
//     "groups": [
//       {"id": "<GUID>", "name": "Finance", "type": "vms" | "collections",
//        "members": ["<VM GUID or group id>", ...]}
//     ]
//   }
// "vms" and "groups" are optional (empty). Sizes: byte_size.h. The rules are inventory.h's.
// save_inventory writes every field (granularity only when set), sizes in their canonical unit and
// states by name where they have one, so save(load(save(x))) is byte-identical to save(x).
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "sim/control/inventory.h"
#include "wmi/cim/status.h"

namespace sim::control {

// Fails with kInvalidArgument naming the JSON pointer and the problem (syntax, unknown key, wrong
// type, and every validate_inventory rule).
wmi::Result<Inventory> load_inventory(std::string_view json_text);

// The inventory as canonical JSON text. Precondition for a loadable result: validate_inventory ok.
std::string save_inventory(const Inventory& inventory);

}  // namespace sim::control
