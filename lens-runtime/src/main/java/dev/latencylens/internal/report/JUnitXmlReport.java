package dev.latencylens.internal.report;

import dev.latencylens.results.AtomicFile;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.RunResult;
import dev.latencylens.results.SlaCheck;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code TEST-lens.xml}: the run as Surefire-style JUnit XML, which CI systems show as test results (GitHub's
 * test-reporter actions, Jenkins' {@code junit} step, GitLab's {@code artifacts:reports:junit}). One
 * {@code <testsuite name="Latency Lens">}; each benchmark a {@code <testcase>} named by the benchmark, its
 * {@code classname} the benchmark's class ({@code latencylens} for one defined in code) and its {@code time} its
 * measured windows in seconds; a breached {@code @Sla} a {@code <failure>} (for a sweep: no step met it), its message
 * the breaches and its text one per line; a benchmark none of whose measured requests succeeded a {@code <failure
 * type="NoSuccessfulRequest">} with what failed and what to check. The suite's {@code lens.partial} property says
 * whether the run was interrupted, and a partial benchmark says so in its {@code <system-out>}. Written from the
 * results, so a library run writes it as the Maven plugin's does.
 */
public final class JUnitXmlReport {

    public static final String FILE_NAME = "TEST-lens.xml";

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    private JUnitXmlReport() {
    }

    /** Writes {@code directory/TEST-lens.xml} atomically. */
    public static Path write(RunResult run, Path directory) throws IOException {
        return AtomicFile.write(directory.resolve(FILE_NAME), render(run));
    }

    /** One test case: a benchmark and its results (one, or a sweep's steps). */
    private record TestCase(BenchmarkDescriptor benchmark, String name, List<BenchmarkResult> results) {
        List<String> breaches() {
            return SlaCheck.breaches(results);
        }

        /** The all-failed messages of its results: a failure of its own, before any @Sla breach. */
        List<String> allFailed() {
            return results.stream().flatMap(r -> r.allFailed().stream()).map(f -> f.message()).toList();
        }

        boolean failed() {
            return !allFailed().isEmpty() || !breaches().isEmpty();
        }
    }

    /** The whole file. */
    public static String render(RunResult run) {
        List<TestCase> cases = cases(run);
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", "Latency Lens");
            x.writeAttribute("tests", Integer.toString(cases.size()));
            x.writeAttribute("skipped", "0");
            x.writeAttribute("failures", Long.toString(cases.stream().filter(TestCase::failed).count()));
            x.writeAttribute("errors", "0");
            x.writeAttribute("time", seconds(Duration.between(run.started(), run.ended()).toMillis() / 1000.0));
            x.writeAttribute("hostname", run.environment().host());
            x.writeAttribute("timestamp", TIMESTAMP.format(run.started()));
            x.writeCharacters("\n");
            // Surefire's place for run-wide facts: whether the run was interrupted (its figures then partial).
            x.writeStartElement("properties");
            x.writeEmptyElement("property");
            x.writeAttribute("name", "lens.partial");
            x.writeAttribute("value", Boolean.toString(run.partial()));
            x.writeEndElement();
            x.writeCharacters("\n");
            for (TestCase c : cases) {
                x.writeStartElement("testcase");
                x.writeAttribute("name", c.name());
                x.writeAttribute("classname", c.benchmark().className().isEmpty() ? "latencylens"
                        : c.benchmark().className());
                x.writeAttribute("time", seconds(c.results().stream()
                        .mapToDouble(r -> r.throughput().windowSeconds()).sum()));
                List<String> breaches = c.breaches();
                List<String> allFailed = c.allFailed();
                if (!allFailed.isEmpty()) {
                    x.writeStartElement("failure");
                    x.writeAttribute("type", "NoSuccessfulRequest");
                    x.writeAttribute("message", c.name() + ": " + String.join("; ", allFailed));
                    x.writeCharacters(String.join("\n", allFailed));
                    x.writeEndElement();
                } else if (!breaches.isEmpty()) {
                    x.writeStartElement("failure");
                    x.writeAttribute("type", "SlaViolation");
                    x.writeAttribute("message", c.name() + " breached its @Sla: " + String.join("; ", breaches));
                    x.writeCharacters(String.join("\n", breaches));
                    x.writeEndElement();
                }
                if (c.results().stream().anyMatch(BenchmarkResult::partial)) {
                    x.writeStartElement("system-out");
                    x.writeCharacters("partial: the run was interrupted before all measured requests were sent");
                    x.writeEndElement();
                }
                x.writeEndElement();
                x.writeCharacters("\n");
            }
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("could not write " + FILE_NAME + ": " + e.getMessage(), e);
        }
        return text.toString();
    }

    /** Each benchmark of the run once: a result of its own, or a sweep's steps together under the sweep's name. */
    private static List<TestCase> cases(RunResult run) {
        List<ReportViews.Sweep> sweeps = ReportViews.sweeps(run);
        List<TestCase> cases = new ArrayList<>();
        for (int i = 0; i < run.benchmarks().size(); i++) {
            BenchmarkResult b = run.benchmarks().get(i);
            Optional<ReportViews.Sweep> sweep = ReportViews.sweepStartingAt(sweeps, i);
            if (sweep.isPresent()) {
                cases.add(new TestCase(b.descriptor(), sweep.get().name(), sweep.get().steps()));
            } else if (!ReportViews.inSweep(sweeps, i)) {
                cases.add(new TestCase(b.descriptor(), b.descriptor().name(), List.of(b)));
            }
        }
        return cases;
    }

    private static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.3f", seconds);
    }
}
