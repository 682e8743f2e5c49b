// Small parsers for the text hvsim's command line carries: method parameters ("Name=Value"),
// virtual durations ("5s", "300000ms"), byte values ("0xA5") and the journal form of a command
// line (the arguments with the host-setup options taken out).
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wmi/cim/datetime.h"
#include "wmi/cim/instance.h"
#include "wmi/cim/status.h"

namespace sim::cli {

// "Name=Value" → a parameter whose value is the string after the first '='; the host's dispatcher
// converts it to the parameter's declared CIM type. The value may be empty ("Settings=") and may
// itself contain '=' (WMI paths do). kInvalidArgument when there is no '=' or the name is not a
// CIM name ([A-Za-z_][A-Za-z0-9_]*).
wmi::Result<wmi::Property> parse_parameter(std::string_view text);

// Every argument through parse_parameter; kInvalidArgument also for a name given twice (CIM names
// compare case-insensitively).
wmi::Result<wmi::PropertyList> parse_parameters(std::span<const std::string> texts);

// A non-negative whole number with a unit: us, ms, s, min, h, d ("5s", "300000ms", "2min").
// kInvalidArgument for a missing or unknown unit, a sign, a fraction or a value over 100 years.
wmi::Result<wmi::Microseconds> parse_duration(std::string_view text);

// A byte value: decimal 0..255 or hexadecimal 0x00..0xFF (any case).
wmi::Result<std::uint8_t> parse_byte_value(std::string_view text);

// The options that choose which host a command runs against. They are recorded in a state file's
// setup, not in its journal.
inline constexpr std::string_view kSetupOptions[] = {"--state", "--inventory", "--profile",
                                                     "--seed", "--faults"};

// `args` (no program name) without the setup options and their values, in either spelling
// ("--seed 5", "--seed=5"); arguments after a lone "--" are kept as they are.
std::vector<std::string> strip_setup_options(std::span<const std::string> args);

// The arguments as one line a POSIX shell reads back to the same words: words made only of
// [A-Za-z0-9_@%+=:,./-] stay bare, others are single-quoted.
std::string shell_quote(std::span<const std::string> args);

}  // namespace sim::cli
