#include "conformance/report/report_junit.h"

#include <fmt/format.h>
#include <libxml/xmlwriter.h>

#include <map>
#include <memory>
#include <string_view>
#include <vector>

#include "conformance/report/report_summary.h"

namespace conformance {
namespace {

// XML 1.0 forbids control characters other than tab, newline and carriage return (a test message
// may carry an ANSI escape); each becomes '?'.
std::string xml_chars(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') c = '?';
  }
  return out;
}

struct BufferDeleter {
  void operator()(xmlBuffer* b) const { xmlBufferFree(b); }
};
struct WriterDeleter {
  void operator()(xmlTextWriter* w) const { xmlFreeTextWriter(w); }
};

// Accumulates libxml2's return codes: any negative one marks the document as failed.
class JunitWriter {
 public:
  explicit JunitWriter(xmlTextWriter* writer) : w_(writer) {}
  bool ok() const { return ok_; }

  void start(const char* element) { check(xmlTextWriterStartElement(w_, x(element))); }
  void end() { check(xmlTextWriterEndElement(w_)); }
  void attribute(const char* name, std::string_view value) {
    std::string v = xml_chars(value);
    check(xmlTextWriterWriteAttribute(w_, x(name), x(v.c_str())));
  }
  void text(std::string_view value) {
    std::string v = xml_chars(value);
    check(xmlTextWriterWriteString(w_, x(v.c_str())));
  }
  void document(bool begin) {
    check(begin ? xmlTextWriterStartDocument(w_, "1.0", "UTF-8", nullptr)
                : xmlTextWriterEndDocument(w_));
  }

 private:
  static const xmlChar* x(const char* s) { return reinterpret_cast<const xmlChar*>(s); }
  void check(int rc) { ok_ = ok_ && rc >= 0; }
  xmlTextWriter* w_;
  bool ok_ = true;
};

std::string seconds_text(double seconds) { return fmt::format("{:.3f}", seconds); }

double assertion_seconds(const AssertionResult& a) {
  double total = 0;
  for (const TestOutcome& t : a.tests) total += t.seconds;
  return total;
}

void write_testcase(JunitWriter& out, const AssertionResult& a) {
  std::string_view id = a.assertion->id;
  out.start("testcase");
  out.attribute("classname", assertion_area(id));
  out.attribute("name", id);
  out.attribute("time", seconds_text(assertion_seconds(a)));
  if (a.verdict == Verdict::kFail) {
    std::string details;
    std::string_view first_message = a.reason;
    for (const TestOutcome& t : a.tests) {
      if (t.verdict != Verdict::kFail) continue;
      if (first_message.empty()) first_message = t.message;
      details += fmt::format("{}:\n{}\n", t.name, t.message);
    }
    out.start("failure");
    out.attribute("message", first_message.substr(0, first_message.find('\n')));
    out.text(details);
    out.end();
  } else if (a.verdict == Verdict::kNotTested) {
    out.start("skipped");
    out.attribute("message", a.reason);
    out.end();
  } else if (a.verdict == Verdict::kWarn) {
    out.start("system-out");
    out.text("WARN: " + a.reason);
    out.end();
  }
  out.end();
}

}  // namespace

wmi::Result<std::string> report_junit(const RunResult& run) {
  std::map<std::string_view, std::vector<const AssertionResult*>> by_area;
  for (const AssertionResult& a : run.assertions) {
    by_area[assertion_area(a.assertion->id)].push_back(&a);
  }
  std::unique_ptr<xmlBuffer, BufferDeleter> buffer(xmlBufferCreate());
  if (!buffer) return wmi::Status(wmi::StatusKind::kProtocol, "junit: xmlBufferCreate failed");
  std::unique_ptr<xmlTextWriter, WriterDeleter> writer(xmlNewTextWriterMemory(buffer.get(), 0));
  if (!writer) return wmi::Status(wmi::StatusKind::kProtocol, "junit: cannot create the writer");
  xmlTextWriterSetIndent(writer.get(), 1);
  JunitWriter out(writer.get());

  VerdictCounts all = count_verdicts(run);
  out.document(true);
  out.start("testsuites");
  out.attribute("name", "hvconform " + run.target.target);
  out.attribute("tests", std::to_string(all.total()));
  out.attribute("failures", std::to_string(all.fail));
  out.attribute("skipped", std::to_string(all.not_tested));
  out.attribute("time", seconds_text(run.seconds));
  for (const auto& [area, assertions] : by_area) {
    int failures = 0, skipped = 0;
    double seconds = 0;
    for (const AssertionResult* a : assertions) {
      failures += a->verdict == Verdict::kFail;
      skipped += a->verdict == Verdict::kNotTested;
      seconds += assertion_seconds(*a);
    }
    out.start("testsuite");
    out.attribute("name", area);
    out.attribute("tests", std::to_string(assertions.size()));
    out.attribute("failures", std::to_string(failures));
    out.attribute("errors", "0");
    out.attribute("skipped", std::to_string(skipped));
    out.attribute("time", seconds_text(seconds));
    out.attribute("timestamp", run.started_utc);
    for (const AssertionResult* a : assertions) write_testcase(out, *a);
    out.end();
  }
  out.end();
  out.document(false);
  writer.reset();  // flushes into the buffer
  if (!out.ok()) return wmi::Status(wmi::StatusKind::kProtocol, "junit: libxml2 failed to write");
  return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer.get())),
                     xmlBufferLength(buffer.get()));
}

}  // namespace conformance
