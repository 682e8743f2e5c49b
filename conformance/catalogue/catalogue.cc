#include "conformance/catalogue/catalogue.h"

#include <cctype>
#include <vector>

namespace conformance {
namespace {

// The areas in report order (DESIGN "Conformance": type domain, return codes, jobs, change
// tracking, replica logs, backup workflow, namespaces). Add an area's span here.
std::vector<Assertion> concatenate_areas() {
  std::vector<Assertion> all;
  for (std::span<const Assertion> area :
       {type_domain_assertions(), return_code_assertions(), job_assertions(),
        change_tracking_assertions(), replica_log_assertions(), backup_workflow_assertions(),
        checkpoint_assertions(), namespace_assertions()}) {
    all.insert(all.end(), area.begin(), area.end());
  }
  return all;
}

bool upper_alnum_word(std::string_view word) {
  if (word.empty()) return false;
  for (char c : word) {
    if (!std::isupper(static_cast<unsigned char>(c)) &&
        !std::isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::span<const Assertion> catalogue() {
  static const std::vector<Assertion> all = concatenate_areas();
  return all;
}

const Assertion* find_assertion(std::string_view id) {
  for (const Assertion& assertion : catalogue()) {
    if (assertion.id == id) return &assertion;
  }
  return nullptr;
}

bool well_formed_assertion_id(std::string_view id) {
  const std::size_t first = id.find('-');
  if (first == std::string_view::npos) return false;
  const std::size_t second = id.find('-', first + 1);
  if (second == std::string_view::npos) return false;
  const std::string_view digits = id.substr(second + 1);
  if (digits.size() != 3) return false;
  for (char c : digits) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return upper_alnum_word(id.substr(0, first)) &&
         upper_alnum_word(id.substr(first + 1, second - first - 1));
}

}  // namespace conformance
