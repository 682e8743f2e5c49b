#include "conformance/catalogue/catalogue.h"

namespace conformance {

std::span<const Assertion> replica_log_assertions() { return {}; }

}  // namespace conformance
