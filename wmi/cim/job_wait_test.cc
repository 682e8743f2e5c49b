#include "wmi/cim/job_wait.h"

#include <gtest/gtest.h>

#include <vector>

namespace wmi {
namespace {

// A connection whose job walks through a scripted list of JobState values, one per get().
class ScriptedJob : public Connection {
 public:
  explicit ScriptedJob(std::vector<std::uint16_t> states) : states_(std::move(states)) {}
  Result<Instance> get(const ObjectPath& path) override {
    ++gets;
    if (next_ >= states_.size()) return not_found("job removed");
    Instance job("Msvm_ConcreteJob", path.namespace_name, {{"JobState", states_[next_++]}});
    job.set_path(path);
    return job;
  }
  Result<std::vector<Instance>> query(std::string_view, std::string_view) override {
    return invalid_argument("unused");
  }
  Result<MethodResult> invoke(const ObjectPath&, std::string_view, const PropertyList&) override {
    return invalid_argument("unused");
  }
  Result<Identity> identify() override { return Identity{}; }
  int gets = 0;

 private:
  std::vector<std::uint16_t> states_;
  std::size_t next_ = 0;
};

const ObjectPath kJob{
    std::nullopt, "root/virtualization/v2", "Msvm_ConcreteJob", {{"InstanceID", std::string("J")}}};

TEST(WaitForJob, StopsAtFirstTerminalStateAndWaitsBetweenPolls) {
  ScriptedJob conn({2, 4, 4, 7, 4});
  std::vector<std::chrono::milliseconds> waits;
  PollPolicy policy{std::chrono::milliseconds(250), 10, [&](auto d) { waits.push_back(d); }};
  auto job = wait_for_job(conn, kJob, policy);
  ASSERT_TRUE(job.ok()) << job.status().to_string();
  EXPECT_EQ(job->find("JobState")->as_uint(), 7u);
  EXPECT_EQ(conn.gets, 4);
  EXPECT_EQ(waits.size(), 3u);
  EXPECT_EQ(waits.front(), std::chrono::milliseconds(250));
}

TEST(WaitForJob, CompletedWithWarningsIsTerminal) {
  EXPECT_TRUE(is_terminal_job_state(32768));
  EXPECT_FALSE(is_terminal_job_state(4));
  EXPECT_FALSE(is_terminal_job_state(11));
}

TEST(WaitForJob, GivesUpAfterMaxPolls) {
  ScriptedJob conn({4, 4, 4, 4});
  auto job = wait_for_job(conn, kJob, PollPolicy{std::chrono::milliseconds(1), 3, [](auto) {}});
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.status().kind(), StatusKind::kTransport);
  EXPECT_EQ(conn.gets, 3);
}

TEST(WaitForJob, PassesGetErrorsThrough) {
  ScriptedJob conn({});
  auto job = wait_for_job(conn, kJob, PollPolicy{std::chrono::milliseconds(1), 3, [](auto) {}});
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.status().kind(), StatusKind::kNotFound);
}

TEST(JobState, ReadsAUint16OrDecimalTextAndNothingElse) {
  const auto state = [](CimValue value) {
    return job_state(Instance("Msvm_StorageJob", "root/virtualization/v2", {{"JobState", value}}));
  };
  EXPECT_EQ(state(std::uint16_t{7}), 7);
  EXPECT_EQ(state("4"), 4) << "a WS-Man answer read without a typing";
  EXPECT_EQ(state("32768"), 32768);
  EXPECT_EQ(state("65536"), std::nullopt);
  EXPECT_EQ(state("-1"), std::nullopt);
  EXPECT_EQ(state("seven"), std::nullopt);
  EXPECT_EQ(state(std::uint32_t{7}), std::nullopt);
  EXPECT_EQ(state(CimValue::null(CimType::kUint16)), std::nullopt);
  EXPECT_EQ(job_state(Instance("Msvm_StorageJob", "root/virtualization/v2")), std::nullopt);
}

}  // namespace
}  // namespace wmi
