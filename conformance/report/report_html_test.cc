#include "conformance/report/report_html.h"

#include <gtest/gtest.h>

#include "conformance/report/sample_run_result.h"

namespace conformance {
namespace {

TEST(ReportHtml, EscapesEveryMarkupCharacter) {
  EXPECT_EQ(html_escape("<script>alert(\"x\" & 'y')</script>"),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;");
}

TEST(ReportHtml, HostileStringsFromTheRunNeverReachThePageRaw) {
  RunResult run = testing::sample_run_result();
  run.target.target = "<script>alert('target')</script>";
  run.assertions[0].reason = "a \"quoted\" & <b>bold</b> reason";
  std::string html = report_html(run);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<b>bold"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;target&#39;)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("a &quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt; reason"),
            std::string::npos);
  EXPECT_NE(html.find("Reserved codes are never returned &lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("<pre>seed 7 &amp; &lt;shrunk&gt;\ncounterexample: &quot;x&quot;</pre>"),
            std::string::npos);
}

TEST(ReportHtml, IsSelfContainedWithTheSummaryMatricesAndEverySection) {
  std::string html = report_html(testing::sample_run_result());
  EXPECT_NE(
      html.find("<p id=\"summary\">1 PASS \u00b7 1 FAIL \u00b7 1 WARN \u00b7 1 NOT-TESTED</p>"),
      std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("http"), std::string::npos);
  EXPECT_NE(html.find("ReferencePointType class"), std::string::npos);
  EXPECT_NE(html.find("Class.Method"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"FAIL\">FAIL</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"NOT-TESTED\">NOT-TESTED</td>"), std::string::npos);
  EXPECT_NE(html.find("<td>3 sessions, 5 objects removed, 1 left behind</td>"), std::string::npos);
  EXPECT_NE(
      html.find("<th>Left behind</th><td>Msvm_ReferencePointCollection.InstanceID=&quot;&lt;x&gt;"),
      std::string::npos);
  for (const char* id : {"CRP-TYPE-001", "JOB-ERR-002", "CRP-RSV-003", "RCT-QRY-004"}) {
    EXPECT_NE(html.find(std::string("<section id=\"") + id + "\">"), std::string::npos) << id;
  }
  EXPECT_NE(html.find("Reason: needs DataPlane"), std::string::npos);
  EXPECT_NE(html.find("CreateReferencePoint(ReferencePointType=0) -&gt; 4096"), std::string::npos);
}

}  // namespace
}  // namespace conformance
