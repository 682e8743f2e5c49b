// Regression tests of the backup workflow suite (area 6): sequences that once broke a promise, as
// the failing property printed them (backup_steps.h: regression_snippet). Paste a new one below
// unchanged; replay_backup_steps (backup_replay.h) runs it on a fresh session of the target.
#include "conformance/catalogue/conformance_test.h"
#include "conformance/suites/backup_replay.h"
#include "conformance/suites/backup_steps.h"

namespace conformance::suites {
namespace {

}  // namespace
}  // namespace conformance::suites
