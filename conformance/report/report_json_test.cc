#include "conformance/report/report_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "conformance/report/sample_run_result.h"

namespace conformance {
namespace {

TEST(ReportJson, RoundTripsTheHeaderSummaryAndAssertions) {
  RunResult run = testing::sample_run_result();
  nlohmann::json j = nlohmann::json::parse(report_json(run));
  EXPECT_EQ(j["format"], "hvconform-report/1");
  EXPECT_EQ(j["header"]["target"], "sim:doc-strict");
  EXPECT_EQ(j["header"]["product_vendor"], "Microsoft <Corp>");
  EXPECT_EQ(j["header"]["namespaces"], nlohmann::json::array({"root/v2"}));
  EXPECT_EQ(j["header"]["profile"], "doc-strict");
  EXPECT_EQ(j["header"]["hvconform_version"], "0.1.0");
  EXPECT_EQ(j["header"]["seed"], 42u);
  EXPECT_EQ(j["header"]["started_utc"], "2026-11-23T16:00:00Z");
  EXPECT_DOUBLE_EQ(j["header"]["seconds"].get<double>(), 12.5);
  EXPECT_EQ(j["header"]["cleanup"]["sessions"], 3u);
  EXPECT_EQ(j["header"]["cleanup"]["removed"], 5u);
  EXPECT_EQ(j["header"]["cleanup"]["leftovers"].size(), 1u);
  EXPECT_EQ(j["summary"]["PASS"], 1);
  EXPECT_EQ(j["summary"]["FAIL"], 1);
  EXPECT_EQ(j["summary"]["WARN"], 1);
  EXPECT_EQ(j["summary"]["NOT-TESTED"], 1);
  EXPECT_EQ(j["summary"]["total"], 4);

  ASSERT_EQ(j["assertions"].size(), 4u);
  const nlohmann::json& first = j["assertions"][0];
  EXPECT_EQ(first["id"], "CRP-TYPE-001");
  EXPECT_EQ(first["clause"], "ReferencePointType <2> & \"quoted\" 'values'");
  EXPECT_EQ(first["evidence"], "doc");
  EXPECT_EQ(first["namespaces"], "both");
  EXPECT_EQ(first["verdict"], "PASS");
  const nlohmann::json& call = first["tests"][0]["evidence"][0];
  EXPECT_EQ(call["class"], "Msvm_CollectionReferencePointService");
  EXPECT_EQ(call["return_value"], 4096);
  EXPECT_TRUE(call["job_error_code"].is_null());
  EXPECT_EQ(call["reference_point_type"], 0);
  EXPECT_EQ(j["assertions"][1]["verdict"], "WARN");
  EXPECT_EQ(j["assertions"][1]["tests"][0]["evidence"][0]["job_error_code"], 32768);
  EXPECT_EQ(j["assertions"][2]["tests"][0]["message"], "seed 7 & <shrunk>\ncounterexample: \"x\"");
  EXPECT_EQ(j["assertions"][3]["verdict"], "NOT-TESTED");
  EXPECT_EQ(j["assertions"][3]["reason"], "needs DataPlane");
  EXPECT_EQ(j["assertions"][3]["needs"]["data_plane"], true);
}

TEST(ReportJson, CarriesBothCoverageMatricesCellByCell) {
  nlohmann::json j = nlohmann::json::parse(report_json(testing::sample_run_result()));
  const nlohmann::json& method = j["coverage"]["method"];
  EXPECT_EQ(method["columns"], nlohmann::json::array({0, 4096, 4097, 32775}));
  bool found = false;
  for (const nlohmann::json& cell : method["cells"]) {
    if (cell["row"] == "Msvm_CollectionReferencePointService.CreateReferencePoint" &&
        cell["return_value"] == 32775) {
      EXPECT_EQ(cell["status"], "NOT-TESTED");
      found = true;
    }
  }
  EXPECT_TRUE(found);
  const nlohmann::json& types = j["coverage"]["reference_point_type"];
  EXPECT_EQ(types["rows"].size(), 5u);
  EXPECT_EQ(types["cells"].size(), 5u * types["columns"].size());
}

TEST(ReportJson, InvalidUtf8IsReplacedNotThrown) {
  RunResult run = testing::sample_run_result();
  run.target.target = "bad \xff byte";
  nlohmann::json j = nlohmann::json::parse(report_json(run));
  EXPECT_EQ(j["header"]["target"], "bad \xef\xbf\xbd byte");
}

}  // namespace
}  // namespace conformance
