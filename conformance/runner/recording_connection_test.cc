#include "conformance/runner/recording_connection.h"

#include <gtest/gtest.h>

namespace conformance {
namespace {

wmi::ObjectPath path_of(std::string ns, std::string class_name, std::string key) {
  wmi::ObjectPath path;
  path.namespace_name = std::move(ns);
  path.class_name = std::move(class_name);
  if (!key.empty()) path.keys = {{"InstanceID", key}};
  return path;
}

// Answers CreateReferencePoint with 4096 and a job that a Get shows running, then failed.
class ScriptedConnection final : public wmi::Connection {
 public:
  wmi::Result<wmi::Instance> get(const wmi::ObjectPath& path) override {
    ++gets;
    wmi::Instance job("Msvm_ConcreteJob", path.namespace_name,
                      {{"JobState", std::uint16_t(gets == 1 ? 4 : 10)},
                       {"ErrorCode", std::uint16_t(gets == 1 ? 0 : 32768)}});
    job.set_path(path);
    return job;
  }
  wmi::Result<std::vector<wmi::Instance>> query(std::string_view, std::string_view) override {
    return std::vector<wmi::Instance>{};
  }
  wmi::Result<wmi::MethodResult> invoke(const wmi::ObjectPath&, std::string_view method,
                                        const wmi::PropertyList&) override {
    if (method == "Broken") return wmi::not_found("no such instance");
    return wmi::MethodResult{
        .return_value = 4096,
        .out = {{"Job", path_of("root/virtualization/v2", "Msvm_ConcreteJob", "J1")}}};
  }
  wmi::Result<wmi::Identity> identify() override { return wmi::Identity{}; }
  int gets = 0;
};

TEST(RecordingConnection, RecordsInvokeWithTypeAndTheJobsErrorCodeOnceTerminal) {
  ScriptedConnection inner;
  EvidenceLog log;
  RecordingConnection recording(inner, log);
  log.begin_test();
  const auto service =
      path_of("root\\virtualization\\v2", "Msvm_CollectionReferencePointService", "");
  const auto result = recording.invoke(
      service, "CreateReferencePoint",
      {{"ReferencePointType", std::uint16_t{2}}, {"ReferencePointSettings", std::string()}});
  ASSERT_TRUE(result.ok());
  const auto job = path_of("root/virtualization/v2", "Msvm_ConcreteJob", "J1");
  ASSERT_TRUE(recording.get(job).ok());  // running: no code yet
  ASSERT_TRUE(recording.get(job).ok());  // failed
  ASSERT_TRUE(recording.invoke(service, "Broken", {}).status().kind() ==
              wmi::StatusKind::kNotFound);

  const std::vector<Observation> evidence = log.take();
  ASSERT_EQ(evidence.size(), 2u);
  EXPECT_EQ(evidence[0].cim_namespace, "root/virtualization/v2");
  EXPECT_EQ(evidence[0].class_name, "Msvm_CollectionReferencePointService");
  EXPECT_EQ(evidence[0].method, "CreateReferencePoint");
  EXPECT_EQ(evidence[0].arguments, "ReferencePointType=2, ReferencePointSettings=\"\"");
  EXPECT_EQ(evidence[0].return_value, 4096u);
  EXPECT_EQ(evidence[0].reference_point_type, 2u);
  EXPECT_EQ(evidence[0].job_error_code, 32768u);
  EXPECT_FALSE(evidence[1].return_value.has_value());
  EXPECT_FALSE(evidence[1].reference_point_type.has_value());
}

TEST(EvidenceLog, CapsPerTestAndCountsWhatItDropped) {
  EvidenceLog log(2);
  log.begin_test();
  for (int i = 0; i < 5; ++i) {
    Observation observation;
    observation.method = std::to_string(i);
    log.record(observation);
  }
  EXPECT_EQ(log.dropped(), 3u);
  const auto kept = log.take();
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[1].method, "1");
  EXPECT_EQ(log.dropped(), 0u);
}

TEST(EvidenceLog, HandlesOfAnEarlierTestNoLongerResolve) {
  EvidenceLog log;
  log.begin_test();
  const auto handle = log.record(Observation{});
  ASSERT_TRUE(handle.has_value());
  EXPECT_NE(log.find(*handle), nullptr);
  log.begin_test();
  EXPECT_EQ(log.find(*handle), nullptr);
}

TEST(RenderArguments, CutsLongStringsAndNamesReferencesByClass) {
  const std::string long_text(100, 'x');
  EXPECT_EQ(render_arguments({{"Collection", path_of("ns", "Msvm_VirtualSystemCollection", "a")},
                              {"Settings", long_text},
                              {"Flag", true}}),
            "Collection=Msvm_VirtualSystemCollection, Settings=\"" + std::string(40, 'x') +
                "...\", Flag=true");
}

}  // namespace
}  // namespace conformance
