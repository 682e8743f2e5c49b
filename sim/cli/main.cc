// hvsim: the command-line front end of the simulator (sim/cli/cli.h; `hvsim --help`).
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "sim/cli/cli.h"
#include "sim/cli/error_line.h"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    return sim::cli::run_cli(args, std::cout, std::cerr);
  } catch (const std::exception& e) {  // e.g. std::bad_alloc: still one line, still exit 1
    sim::cli::print_error(std::cerr, std::string("internal: ") + e.what());
    return 1;
  }
}
