// How a conformance test names the assertion it checks. Use these instead of TEST / RC_GTEST_PROP:
//
//   CONFORMANCE_TEST(NamespaceSuite, V2ClassesEnumerable, "NS-CLASS-001") { ... }
//   CONFORMANCE_PROP(NamespaceSuite, AbsentClassesRefused, "NS-CLASS-003") { ... *rc::gen::... }
//
// Each registers "Suite.Name" -> assertion id at static-initialisation time (test_registry.h);
// `hvconform --self-check` fails when a test of the binary is not registered or names an id the
// catalogue lacks. A test that needs something the session lacks skips with the reason, which the
// runner reports as NOT-TESTED:  CONFORMANCE_REQUIRE(session, {.data_plane = true});
#pragma once

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "conformance/catalogue/test_registry.h"
#include "conformance/target/needs.h"

#define CONFORMANCE_INTERNAL_REGISTER(Suite, Name, assertion_id)                  \
  [[maybe_unused]] static const bool conformance_registered_##Suite##_##Name##_ = \
      ::conformance::register_conformance_test(#Suite "." #Name, assertion_id)

// A GoogleTest example test checking `assertion_id`.
#define CONFORMANCE_TEST(Suite, Name, assertion_id)         \
  CONFORMANCE_INTERNAL_REGISTER(Suite, Name, assertion_id); \
  TEST(Suite, Name)

// A RapidCheck property (no arguments: draw values with *rc::gen::...) checking `assertion_id`.
#define CONFORMANCE_PROP(Suite, Name, assertion_id)         \
  CONFORMANCE_INTERNAL_REGISTER(Suite, Name, assertion_id); \
  RC_GTEST_PROP(Suite, Name, ())

// Skips the running test (NOT-TESTED, "needs DataPlane", ...) when `session` lacks a need.
#define CONFORMANCE_REQUIRE(session, ...)                                                \
  if (const auto conformance_unmet_ = ::conformance::unmet_need((session), __VA_ARGS__); \
      conformance_unmet_.has_value())                                                    \
  GTEST_SKIP() << *conformance_unmet_
