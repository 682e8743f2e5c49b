#include "conformance/catalogue/test_registry.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "conformance/catalogue/catalogue.h"

namespace conformance {
namespace {

struct Registry {
  std::map<std::string, std::string, std::less<>> assertion_by_test;
  std::vector<std::string> duplicates;
};

// Function-local so that registration from other translation units' static initialisers is safe.
Registry& registry() {
  static Registry instance;
  return instance;
}

}  // namespace

bool register_conformance_test(std::string_view test_name, std::string_view assertion_id) {
  auto [it, inserted] =
      registry().assertion_by_test.emplace(std::string(test_name), std::string(assertion_id));
  if (!inserted) registry().duplicates.emplace_back(test_name);
  return true;
}

std::string_view assertion_of_test(std::string_view test_name) {
  const auto it = registry().assertion_by_test.find(test_name);
  return it == registry().assertion_by_test.end() ? std::string_view() : it->second;
}

std::vector<std::string> self_check_problems() {
  std::vector<std::string> problems;
  for (const std::string& name : registry().duplicates) {
    problems.push_back(name + ": registered twice");
  }
  std::set<std::string, std::less<>> tests_in_binary;
  const ::testing::UnitTest& unit = *::testing::UnitTest::GetInstance();
  for (int s = 0; s < unit.total_test_suite_count(); ++s) {
    const ::testing::TestSuite& suite = *unit.GetTestSuite(s);
    for (int t = 0; t < suite.total_test_count(); ++t) {
      const std::string name =
          std::string(suite.name()) + "." + std::string(suite.GetTestInfo(t)->name());
      tests_in_binary.insert(name);
      const std::string_view id = assertion_of_test(name);
      if (id.empty()) {
        problems.push_back(name +
                           ": names no assertion (use CONFORMANCE_TEST or CONFORMANCE_PROP)");
      } else if (!well_formed_assertion_id(id)) {
        problems.push_back(name + ": assertion id \"" + std::string(id) +
                           "\" is not AREA-TOPIC-NNN");
      } else if (find_assertion(id) == nullptr) {
        problems.push_back(name + ": assertion " + std::string(id) + " is not in the catalogue");
      }
    }
  }
  for (const auto& [name, id] : registry().assertion_by_test) {
    if (!tests_in_binary.contains(name)) {
      problems.push_back(name + ": registered for " + id + " but no such test exists");
    }
  }
  return problems;
}

}  // namespace conformance
