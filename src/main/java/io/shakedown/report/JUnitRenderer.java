package io.shakedown.report;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML in the shape Jenkins' xunit schema (junit-4.xsd, the one CI servers validate against) accepts:
 * {@code <testsuites>} with a {@code <testsuite>} per stage and a {@code <testcase>} per check (the checks
 * stage), per page (the browser stage), per exchange held to the OpenAPI contract (the contract stage), per other stage, and per rule finding (suite "rules"); instead of the flows stage, a suite per flow
 * ("flow NAME") with a testcase per step. A failed testcase carries the evidence as
 * the text of its {@code <failure>}; an ERROR stage is an {@code <error>}; a skipped or cancelled one
 * {@code <skipped>}. Characters XML 1.0 cannot hold (ANSI escapes from container logs) are replaced, so the
 * file always parses.
 */
public final class JUnitRenderer {

    private record Case(String name, String classname, long ms, String outcome, String message, String type, String body, String out) {}

    private record Suite(String name, long ms, List<Case> cases, String out) {}

    public String render(Report report) {
        return render(report, ReportFindings.of(report));
    }

    public String render(Report report, List<RenderedFinding> findings) {
        var suites = suites(report, findings);
        var sw = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newInstance().createXMLStreamWriter(sw);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "shakedown " + nz(report.app()) + (report.environment() == null ? "" : " (" + report.environment() + ")"));
            x.writeAttribute("tests", String.valueOf(suites.stream().mapToInt(s -> s.cases.size()).sum()));
            x.writeAttribute("failures", String.valueOf(count(suites, "failure")));
            x.writeAttribute("errors", String.valueOf(count(suites, "error")));
            x.writeAttribute("time", Evidence.seconds(report.durationMs()));
            for (Suite s : suites) writeSuite(x, report, s);
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit XML", e);
        }
        return sw.toString();
    }

    private static long count(List<Suite> suites, String outcome) {
        return suites.stream().flatMap(s -> s.cases.stream()).filter(c -> outcome.equals(c.outcome)).count();
    }

    private List<Suite> suites(Report report, List<RenderedFinding> findings) {
        String app = nz(report.app());
        var suites = new ArrayList<Suite>();
        List<Report.Stage> stages = report.stages() == null ? List.of() : report.stages();
        for (var stage : stages) {
            if (stage.name().equals("flows") && report.flows() != null && !report.flows().isEmpty()) {
                report.flows().forEach(flow -> suites.add(flowSuite(app, flow)));
                continue;
            }
            String classname = app + "." + stage.name();
            var cases = new ArrayList<Case>();
            String suiteOut = null;
            if (stage.name().equals("checks") && report.checks() != null && !report.checks().isEmpty()) {
                for (var check : report.checks()) {
                    String evidence = Evidence.checkEvidence(check);
                    cases.add(outcome(check.name(), classname, check.durationMs(), check.status(),
                            check.failure(), "check", evidence, check.status() == StageStatus.PASSED ? evidence : null));
                }
            } else if (stage.name().equals("contract") && report.contract() != null && !report.contract().operations().isEmpty()) {
                for (var op : report.contract().operations()) {
                    String evidence = Evidence.contractEvidence(op);
                    String failing = Evidence.violationsText(op, true);
                    cases.add(outcome(Evidence.operationName(op) + (op.origin().equals("contract") ? "" : " · " + op.origin()), classname, 0,
                            op.status(), failing.isEmpty() ? null : failing.replace('\n', ';'), "contract", evidence,
                            op.status() == StageStatus.PASSED ? evidence : null));
                }
            } else if (stage.name().equals("browser") && report.browser() != null && report.browser().pages() != null) {
                for (var page : report.browser().pages()) {
                    String evidence = Evidence.browserPageEvidence(page);
                    cases.add(outcome("page " + page.path(), classname, page.timings() == null ? 0 : page.timings().settledMs(), page.status(),
                            page.failure(), "browser", evidence, page.status() == StageStatus.PASSED ? evidence : null));
                }
            } else if (stage.name().equals("services") && report.dependencies() != null && !report.dependencies().services().isEmpty()) {
                for (var service : report.dependencies().services()) {
                    // a service that is not ready is Shakedown's ERROR (not the app's fault), never the app's failure
                    var status = service.status() == StageStatus.FAILED ? StageStatus.ERROR : service.status();
                    cases.add(outcome("service " + service.name(), classname, service.readyMs() == null ? 0 : service.readyMs(), status,
                            service.failure(), "service", Evidence.containerLogText(service.log()), null));
                }
            } else if (stage.name().equals("jobs") && report.dependencies() != null && !report.dependencies().jobs().isEmpty()) {
                for (var job : report.dependencies().jobs()) {
                    cases.add(outcome("job " + job.name(), classname, job.durationMs(), job.status(), job.failure(), "job",
                            Evidence.containerLogText(job.log()), null));
                }
            } else if (stage.name().equals("readiness") && report.readiness() != null) {
                var r = report.readiness();
                var d = r.diagnosis();
                String message = d != null ? d.kind() + ": " + d.summary() : stage.message();
                cases.add(outcome("readiness", classname, stage.durationMs(), stage.status(), message,
                        d != null ? d.kind().name() : "readiness", Evidence.readinessEvidence(r), null));
                suiteOut = Evidence.logText(report);
            } else {
                String body = stage.status() == StageStatus.ERROR && report.error() != null ? report.error() : stage.message();
                cases.add(outcome(stage.name(), classname, stage.durationMs(), stage.status(), stage.message(), stage.name(), body, null));
            }
            suites.add(new Suite(stage.name(), stage.durationMs(), cases, suiteOut));
        }
        if (stages.isEmpty() && report.error() != null) {
            suites.add(new Suite("shakedown", report.durationMs(),
                    List.of(new Case("run", app + ".run", report.durationMs(), "error", report.summary(), "error", report.error(), null)), null));
        }
        if (!findings.isEmpty()) {
            var cases = new ArrayList<Case>();
            for (var f : findings) {
                boolean fails = f.failsRun(); // the verdict's own decision: a PASSED run's warnings are no failures
                cases.add(new Case(f.ruleId() + ": " + f.title(), app + ".rules", 0, fails ? "failure" : "passed",
                        f.message(), f.level().name(), Evidence.findingEvidence(f), fails ? null : f.message()));
            }
            suites.add(new Suite("rules", 0, cases, null));
        }
        return suites;
    }

    /** A suite per flow, a testcase per step; the failing step carries its request/response/assertions. */
    private static Suite flowSuite(String app, Report.FlowResult flow) {
        String classname = app + ".flows." + flow.name();
        var cases = new ArrayList<Case>();
        if (flow.steps() != null) {
            for (var step : flow.steps()) {
                String evidence = Evidence.stepEvidence(step);
                cases.add(outcome(Evidence.stepName(step), classname, step.durationMs(), step.status(), step.failure(), "step",
                        evidence, step.status() == StageStatus.PASSED ? evidence : null));
            }
        }
        if (cases.isEmpty()) {
            cases.add(outcome(flow.name(), classname, flow.durationMs(), flow.status(), flow.failure(), "flow", flow.failure(), null));
        }
        return new Suite("flow " + flow.name(), flow.durationMs(), cases, null);
    }

    private static Case outcome(String name, String classname, long ms, StageStatus status, String message, String type, String body, String out) {
        String outcome = switch (status) {
            case PASSED -> "passed";
            case FAILED -> "failure";
            case ERROR -> "error";
            case SKIPPED, CANCELLED -> "skipped";
        };
        if (outcome.equals("skipped") && message == null) message = status.name().toLowerCase();
        return new Case(name, classname, ms, outcome, message, type, body, out);
    }

    private static void writeSuite(XMLStreamWriter x, Report report, Suite s) throws XMLStreamException {
        x.writeCharacters("\n  ");
        x.writeStartElement("testsuite");
        x.writeAttribute("name", s.name);
        x.writeAttribute("tests", String.valueOf(s.cases.size()));
        x.writeAttribute("failures", String.valueOf(s.cases.stream().filter(c -> c.outcome.equals("failure")).count()));
        x.writeAttribute("errors", String.valueOf(s.cases.stream().filter(c -> c.outcome.equals("error")).count()));
        x.writeAttribute("skipped", String.valueOf(s.cases.stream().filter(c -> c.outcome.equals("skipped")).count()));
        x.writeAttribute("time", Evidence.seconds(s.ms));
        if (report.startedAt() != null) x.writeAttribute("timestamp", report.startedAt().toString());
        x.writeAttribute("package", nz(report.app()));
        x.writeCharacters("\n    ");
        x.writeStartElement("properties");
        property(x, "verdict", report.verdict() == null ? "" : report.verdict().name());
        if (report.runId() != null) property(x, "runId", report.runId());
        if (report.environment() != null) property(x, "environment", report.environment());
        if (report.target() != null) {
            String target = report.target().image() != null ? report.target().image() : report.target().url();
            if (target != null) property(x, "target", target);
        }
        x.writeCharacters("\n    ");
        x.writeEndElement();
        for (Case c : s.cases) {
            x.writeCharacters("\n    ");
            x.writeStartElement("testcase");
            x.writeAttribute("name", clean(c.name));
            x.writeAttribute("classname", clean(c.classname));
            x.writeAttribute("time", Evidence.seconds(c.ms));
            switch (c.outcome) {
                case "failure", "error" -> {
                    x.writeStartElement(c.outcome);
                    if (c.message != null) x.writeAttribute("message", clean(c.message));
                    if (c.type != null) x.writeAttribute("type", clean(c.type));
                    if (c.body != null) x.writeCharacters(clean(c.body));
                    x.writeEndElement();
                }
                case "skipped" -> {
                    x.writeStartElement("skipped");
                    if (c.message != null) x.writeCharacters(clean(c.message));
                    x.writeEndElement();
                }
                default -> { }
            }
            if (c.out != null && !c.out.isEmpty()) {
                x.writeStartElement("system-out");
                x.writeCharacters(clean(c.out));
                x.writeEndElement();
            }
            x.writeEndElement();
        }
        if (s.out != null) {
            x.writeCharacters("\n    ");
            x.writeStartElement("system-out");
            x.writeCharacters(clean(s.out));
            x.writeEndElement();
        }
        x.writeCharacters("\n  ");
        x.writeEndElement();
    }

    private static void property(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeCharacters("\n      ");
        x.writeEmptyElement("property");
        x.writeAttribute("name", name);
        x.writeAttribute("value", clean(value));
    }

    /** What XML 1.0 forbids replaced ({@link SafeText#clean}); null as empty. */
    static String clean(String s) {
        return s == null ? "" : SafeText.clean(s);
    }

    private static String nz(String s) {
        return s == null ? "shakedown" : s;
    }
}
