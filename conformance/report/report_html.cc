#include "conformance/report/report_html.h"

#include <fmt/format.h>

#include "conformance/report/coverage_matrix.h"
#include "conformance/report/report_summary.h"

namespace conformance {
namespace {

constexpr std::string_view kStyle = R"(
body { font-family: sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin-bottom: 1.5em; }
th, td { border: 1px solid #999; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
.PASS { background: #c8efc8; } .FAIL { background: #f5b5b5; }
.WARN { background: #f9e3a0; } .NOT-TESTED { background: #e0e0e0; } .NA { background: #fff; }
.verdict { font-weight: bold; padding: 0 0.4em; }
#summary { font-size: 1.3em; font-weight: bold; }
blockquote { border-left: 4px solid #999; margin-left: 0; padding-left: 1em; color: #444; }
pre { background: #f4f4f4; padding: 0.5em; white-space: pre-wrap; }
section { border-top: 1px solid #ccc; padding-top: 0.5em; }
)";

std::string verdict_span(Verdict verdict) {
  std::string_view name = verdict_name(verdict);
  return fmt::format(R"(<span class="verdict {0}">{0}</span>)", name);
}

void append_row(std::string& out, std::string_view key, std::string_view value) {
  out += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", html_escape(key), html_escape(value));
}

void append_header(std::string& out, const RunResult& run) {
  const TargetIdentity& t = run.target;
  std::string namespaces;
  for (const std::string& ns : t.namespaces) namespaces += (namespaces.empty() ? "" : ", ") + ns;
  out += "<table id=\"header\">\n";
  append_row(out, "Target", t.target);
  append_row(out, "Protocol version", t.protocol_version);
  append_row(out, "Product", t.product_vendor + " " + t.product_version);
  append_row(out, "Namespaces", namespaces);
  append_row(out, "Profile", t.profile);
  if (!t.inventory.empty()) append_row(out, "Inventory", t.inventory);
  if (!t.mutant.empty()) append_row(out, "Mutant", t.mutant);
  append_row(out, "hvconform version", run.hvconform_version);
  append_row(out, "Seed", std::to_string(run.seed));
  append_row(out, "Started (UTC)", run.started_utc);
  append_row(out, "Duration", fmt::format("{:.1f} s", run.seconds));
  append_row(out, "Clean-up",
             fmt::format("{} sessions, {} objects removed, {} left behind", run.cleanup.sessions,
                         run.cleanup.removed, run.cleanup.leftovers.size()));
  for (const std::string& leftover : run.cleanup.leftovers)
    append_row(out, "Left behind", leftover);
  out += "</table>\n";
}

void append_matrix(std::string& out, const CoverageMatrix& matrix) {
  out += fmt::format("<h3>{}</h3>\n", html_escape(matrix.title));
  if (matrix.columns.empty()) {
    out += "<p>No return code observed.</p>\n";
    return;
  }
  out += "<table class=\"matrix\">\n<tr><th></th>";
  for (std::uint32_t code : matrix.columns) out += fmt::format("<th>{}</th>", code);
  out += "</tr>\n";
  for (const std::string& row : matrix.rows) {
    out += fmt::format("<tr><th>{}</th>", html_escape(row));
    for (std::uint32_t code : matrix.columns) {
      const std::optional<Verdict> status = matrix.status(row, code);
      out += status ? fmt::format(R"(<td class="{0}">{0}</td>)", verdict_name(*status))
                    : std::string(R"(<td class="NA" title="not documented for this method"></td>)");
    }
    out += "</tr>\n";
  }
  out += "</table>\n";
}

std::string observation_text(const Observation& o) {
  std::string text =
      fmt::format("{} {}.{}({})", o.cim_namespace, o.class_name, o.method, o.arguments);
  text += o.return_value ? fmt::format(" -> {}", *o.return_value) : " -> no ReturnValue";
  if (o.job_error_code) text += fmt::format(", job ErrorCode {}", *o.job_error_code);
  return text;
}

void append_assertion(std::string& out, const AssertionResult& a) {
  const Assertion& spec = *a.assertion;
  out += fmt::format("<section id=\"{0}\">\n<h3>{0} {1}</h3>\n<p>{2}</p>\n", html_escape(spec.id),
                     verdict_span(a.verdict), html_escape(spec.statement));
  if (!spec.clause.empty()) {
    out += fmt::format("<blockquote>{}</blockquote>\n", html_escape(spec.clause));
  }
  out += fmt::format("<p>Evidence: {} &middot; Namespaces: {}</p>\n",
                     html_escape(evidence_name(spec.evidence)),
                     html_escape(namespaces_name(spec.namespaces)));
  if (!a.reason.empty()) out += fmt::format("<p>Reason: {}</p>\n", html_escape(a.reason));
  if (a.tests.empty()) {
    out += "</section>\n";
    return;
  }
  out +=
      "<table>\n<tr><th>Test</th><th>Verdict</th><th>Seconds</th><th>Calls and codes seen</th>"
      "</tr>\n";
  for (const TestOutcome& test : a.tests) {
    std::string calls;
    for (const Observation& o : test.evidence) calls += html_escape(observation_text(o)) + "<br>";
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{:.3f}</td><td>{}</td></tr>\n",
                       html_escape(test.name), verdict_span(test.verdict), test.seconds, calls);
  }
  out += "</table>\n";
  for (const TestOutcome& test : a.tests) {
    if (test.message.empty()) continue;
    out += fmt::format("<p>{}:</p>\n<pre>{}</pre>\n", html_escape(test.name),
                       html_escape(test.message));
  }
  out += "</section>\n";
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string report_html(const RunResult& run) {
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += fmt::format("<title>hvconform report: {}</title>\n", html_escape(run.target.target));
  out += fmt::format("<style>{}</style>\n</head>\n<body>\n", kStyle);
  out += fmt::format("<h1>hvconform certification report</h1>\n");
  append_header(out, run);
  out += fmt::format("<h2>Summary</h2>\n<p id=\"summary\">{}</p>\n",
                     summary_line(count_verdicts(run)));
  out += "<h2>Coverage</h2>\n";
  append_matrix(out, reference_point_type_matrix(run));
  append_matrix(out, method_matrix(run));
  out += "<h2>Assertions</h2>\n";
  for (const AssertionResult& a : run.assertions) append_assertion(out, a);
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace conformance
