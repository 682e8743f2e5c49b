// The long --help texts of `hvsim` (description, footers), kept apart from the option
// definitions in command_line.cc. Pure functions; thread-safe.
#pragma once

#include <string>

namespace sim::cli {

// What hvsim is, for the top of `hvsim --help`.
std::string main_description();
// `hvsim --help` after the command list: host setup options, state files, exit status.
std::string main_footer();
// `hvsim query --help`: output forms and examples.
std::string query_footer();
// `hvsim invoke --help`: how parameters are typed, what is printed, an example.
std::string invoke_footer();

// The text after `hvsim serve --help`: what it serves, authentication, examples.
std::string serve_footer();

}  // namespace sim::cli
