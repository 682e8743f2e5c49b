// Sanity properties of the generators themselves: they produce well-formed values of every kind.
#include "wmi/cim/cim_gen.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace wmi {
namespace {

RC_GTEST_PROP(CimGen, ValuesAreWellFormed, ()) {
  const CimValue v = *gen::value();
  RC_CLASSIFY(v.is_null(), "null");
  RC_CLASSIFY(v.is_array(), "array");
  if (!v.is_null() && !v.is_array()) RC_ASSERT(type_of(v.scalar()) == v.type());
  if (!v.is_null() && v.is_array()) {
    for (const auto& e : v.elements()) RC_ASSERT(type_of(e) == v.type());
  }
}

RC_GTEST_PROP(CimGen, InstancePropertyNamesAreUniqueIgnoringCase, ()) {
  const Instance i = *gen::instance(1);
  for (std::size_t a = 0; a < i.properties().size(); ++a) {
    for (std::size_t b = a + 1; b < i.properties().size(); ++b) {
      RC_ASSERT(!iequals(i.properties()[a].name, i.properties()[b].name));
    }
  }
}

RC_GTEST_PROP(CimGen, TimestampsStayInsideYearsZeroTo9999, ()) {
  const Datetime d = *gen::datetime();
  if (const auto* t = std::get_if<Timestamp>(&d)) {
    const int year =
        int(std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(t->local)).year());
    RC_ASSERT(year >= 0);
    RC_ASSERT(year <= 9999);
    RC_ASSERT(t->utc_offset_minutes >= -999);
    RC_ASSERT(t->utc_offset_minutes <= 999);
  }
}

}  // namespace
}  // namespace wmi
