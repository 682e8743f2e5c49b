#include "conformance/report/report_junit.h"

#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include <memory>
#include <string>

#include "conformance/report/sample_run_result.h"

namespace conformance {
namespace {

// The parsed document; the XPath counts and strings the tests ask of it.
class ParsedXml {
 public:
  explicit ParsedXml(const std::string& xml)
      : doc_(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "junit.xml", nullptr,
                           XML_PARSE_NONET),
             xmlFreeDoc) {}
  bool ok() const { return doc_ != nullptr; }
  double number(const char* xpath) const {
    std::unique_ptr<xmlXPathContext, decltype(&xmlXPathFreeContext)> ctx(
        xmlXPathNewContext(doc_.get()), xmlXPathFreeContext);
    std::unique_ptr<xmlXPathObject, decltype(&xmlXPathFreeObject)> result(
        xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(xpath), ctx.get()),
        xmlXPathFreeObject);
    return result ? xmlXPathCastToNumber(result.get()) : -1;
  }
  std::string text(const char* xpath) const {
    std::unique_ptr<xmlXPathContext, decltype(&xmlXPathFreeContext)> ctx(
        xmlXPathNewContext(doc_.get()), xmlXPathFreeContext);
    std::unique_ptr<xmlXPathObject, decltype(&xmlXPathFreeObject)> result(
        xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(xpath), ctx.get()),
        xmlXPathFreeObject);
    if (!result) return "<no result>";
    xmlChar* s = xmlXPathCastToString(result.get());
    std::string out(reinterpret_cast<const char*>(s));
    xmlFree(s);
    return out;
  }

 private:
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc_;
};

TEST(ReportJunit, ParsesAndCountsMatchTheVerdicts) {
  wmi::Result<std::string> xml = report_junit(testing::sample_run_result());
  ASSERT_TRUE(xml.ok()) << xml.status().to_string();
  ParsedXml doc(*xml);
  ASSERT_TRUE(doc.ok()) << *xml;
  EXPECT_EQ(doc.number("count(/testsuites/testsuite)"), 3);  // CRP, JOB, RCT
  EXPECT_EQ(doc.number("count(//testcase)"), 4);
  EXPECT_EQ(doc.number("count(//testcase/failure)"), 1);
  EXPECT_EQ(doc.number("count(//testcase/skipped)"), 1);
  EXPECT_EQ(doc.number("/testsuites/@tests"), 4);
  EXPECT_EQ(doc.number("/testsuites/@failures"), 1);
  EXPECT_EQ(doc.number("/testsuites/@skipped"), 1);
  EXPECT_EQ(doc.number("/testsuites/testsuite[@name='CRP']/@tests"), 2);
  EXPECT_EQ(doc.number("/testsuites/testsuite[@name='CRP']/@failures"), 1);
  EXPECT_EQ(doc.number("/testsuites/testsuite[@name='RCT']/@skipped"), 1);
}

TEST(ReportJunit, FailureAndSkipCarryTheirTextEscapedByLibxml2) {
  wmi::Result<std::string> xml = report_junit(testing::sample_run_result());
  ASSERT_TRUE(xml.ok());
  ParsedXml doc(*xml);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc.text("//testcase[@name='CRP-RSV-003']/failure/@message"), "seed 7 & <shrunk>");
  EXPECT_EQ(doc.text("//testcase[@name='CRP-RSV-003']/failure"),
            "Crp.Reserved:\nseed 7 & <shrunk>\ncounterexample: \"x\"\n");
  EXPECT_EQ(doc.text("//testcase[@name='RCT-QRY-004']/skipped/@message"), "needs DataPlane");
  EXPECT_EQ(doc.text("//testcase[@name='JOB-ERR-002']/system-out"),
            "WARN: rests on an unverified profile guess");
}

TEST(ReportJunit, ControlCharactersXmlForbidsAreReplacedSoTheDocumentStillParses) {
  RunResult run = testing::sample_run_result();
  run.assertions[2].tests[0].message = "colour \x1b[31mred\x1b[0m\x01";
  wmi::Result<std::string> xml = report_junit(run);
  ASSERT_TRUE(xml.ok());
  ParsedXml doc(*xml);
  ASSERT_TRUE(doc.ok()) << *xml;
  EXPECT_EQ(doc.text("//testcase[@name='CRP-RSV-003']/failure/@message"), "colour ?[31mred?[0m?");
}

}  // namespace
}  // namespace conformance
