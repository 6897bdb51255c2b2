package dev.latencylens.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.RunResult;
import dev.latencylens.results.SlaSpec;
import dev.latencylens.results.SlaViolation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** {@code TEST-lens.xml} from the results model: one test case per benchmark, an {@code @Sla} breach a failure. */
class JUnitXmlReportTest {

    @Test
    void eachBenchmarkIsATestCaseAndABreachedSlaAFailure(@TempDir Path dir) throws Exception {
        RunResult run = ReportFixtures.realRun().run();
        BenchmarkResult steady = run.benchmarks().get(0);
        assertThat(steady.slaViolations()).as("the fixture's tight @Sla").isNotEmpty();

        Document xml = parse(Files.readString(JUnitXmlReport.write(run, dir)));

        Element suite = xml.getDocumentElement();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        assertThat(suite.getAttribute("tests")).isEqualTo("2");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        List<Element> cases = elements(suite.getElementsByTagName("testcase"));
        assertThat(cases).extracting(c -> c.getAttribute("name"))
                .containsExactly(ReportFixtures.STEADY_NAME, ReportFixtures.HOSTILE_NAME);
        assertThat(cases.get(0).getAttribute("classname")).isEqualTo("com.acme.bench.SupportBot$Nested");
        assertThat(cases.get(1).getAttribute("classname")).as("defined in code").isEqualTo("latencylens");
        assertThat(Double.parseDouble(cases.get(0).getAttribute("time")))
                .isCloseTo(steady.throughput().windowSeconds(), org.assertj.core.data.Offset.offset(0.001));

        Element failure = elements(cases.get(0).getElementsByTagName("failure")).get(0);
        assertThat(failure.getAttribute("type")).isEqualTo("SlaViolation");
        for (SlaViolation v : steady.slaViolations()) {
            assertThat(failure.getAttribute("message")).contains(v.message());
            assertThat(failure.getTextContent()).contains(v.message());
        }
        assertThat(cases.get(1).getElementsByTagName("failure").getLength()).as("no @Sla, no failure").isZero();
    }

    @Test
    void aSweepIsOneTestCaseThatFailsOnlyWhenNoStepMetTheSla() throws Exception {
        SlaSpec sla = SlaSpec.none().withTtftP95Ms(50);
        BenchmarkResult ok = ReportFixtures.step("h", 0, 0, 10, sla, 10, 12);
        BenchmarkResult slow = ReportFixtures.step("h", 1, 0, 40, sla, 60, 80);
        BenchmarkResult slowLast = ReportFixtures.last(ReportFixtures.step("h", 2, 20, 20, sla, 70, 90),
                java.util.OptionalDouble.of(10));
        Document met = parse(JUnitXmlReport.render(ReportFixtures.runOf(false, ok, slow, slowLast)));
        assertThat(elements(met.getElementsByTagName("testcase"))).extracting(c -> c.getAttribute("name"))
                .containsExactly("h");
        assertThat(met.getElementsByTagName("failure").getLength()).as("step 0 met it").isZero();

        BenchmarkResult slowFirst = ReportFixtures.step("h", 0, 0, 10, sla, 60, 70);
        Document missed = parse(JUnitXmlReport.render(ReportFixtures.runOf(false, slowFirst, slow,
                ReportFixtures.last(ReportFixtures.step("h", 2, 20, 20, sla, 70, 90),
                        java.util.OptionalDouble.empty()))));
        assertThat(missed.getDocumentElement().getAttribute("failures")).isEqualTo("1");
        assertThat(((Element) missed.getElementsByTagName("failure").item(0)).getAttribute("message"))
                .contains("no step of the sweep met it");
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> elements(NodeList nodes) {
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }
}
