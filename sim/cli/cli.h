// The `hvsim` tool as a function: parses the arguments, runs the command — against a host built
// from the setup options or loaded from a state file (state_file.h), or offline (inventory,
// profile, state show) — prints on `out`/`err` and returns the exit status:
//   0 done; 1 the command failed; 2 usage error. Errors are one line on `err`: "hvsim: error: …".
// main.cc is this plus std::cout/std::cerr; tests call it directly.
// Thread-safety: touches the files the command names; otherwise no shared state.
#pragma once

#include <ostream>
#include <span>
#include <string>

namespace sim::cli {

int run_cli(std::span<const std::string> args, std::ostream& out, std::ostream& err);

}  // namespace sim::cli
