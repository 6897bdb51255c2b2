package dev.latencylens.internal.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latencylens.internal.load.ArrivalSchedule;
import dev.latencylens.results.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Traces as they are read and scheduled, and one test per kind of bad line, naming the file and the line. */
class TraceTest {

    @TempDir
    Path dir;

    private Trace read(String text) throws IOException {
        return read(text, Workload.builder());
    }

    private Trace read(String text, Workload.Builder workload) throws IOException {
        Path file = Files.writeString(dir.resolve("t.jsonl"), text);
        return Trace.read(workload.trace(file.toString()).build(), getClass().getClassLoader());
    }

    private String file() {
        return "trace " + dir.resolve("t.jsonl");
    }

    @Test
    void arrivalsAreTheTimestampsFromTheFirstScaled() throws IOException {
        Trace trace = read("{\"timestamp\": 5000, \"inputTokens\": 10, \"outputTokens\": 2}\n"
                + "{\"timestamp\": 5000.5, \"inputTokens\": 11, \"outputTokens\": 3}\n"
                + "{\"timestamp\": 7000, \"inputTokens\": 12, \"outputTokens\": 4}\n",
                Workload.builder().timeScale(0.5));
        ArrivalSchedule arrivals = trace.arrivals();
        assertThat(new long[] {arrivals.next(), arrivals.next(), arrivals.next()})
                .containsExactly(0, 250_000, 1_000_000_000);
        assertThatThrownBy(arrivals::next).hasMessageEndingWith("has 3 lines, all sent");
        assertThat(trace.meanRate(3)).isEqualTo(2.0); // 2 gaps in 1 s of scaled time
        assertThat(trace.meanRate(2)).isEqualTo(1 / 0.00025);
        assertThat(trace.line(4).inputTokens()).as("past the end, from the start again").isEqualTo(11);
    }

    @Test
    void noTimestamp() {
        assertThatThrownBy(() -> read("{\"inputTokens\": 10, \"outputTokens\": 2}"))
                .hasMessage(file() + ", line 1: no \"timestamp\"");
    }

    @Test
    void timestampNotANumber() {
        assertThatThrownBy(() -> read("{\"timestamp\": \"2024-01-01T00:00:00Z\", \"inputTokens\": 10, "
                + "\"outputTokens\": 2}")).hasMessage(file() + ", line 1: \"timestamp\" must be a number "
                + "(milliseconds), was \"2024-01-01T00:00:00Z\"");
    }

    @Test
    void negativeTimestamp() {
        assertThatThrownBy(() -> read("{\"timestamp\": -1, \"inputTokens\": 10, \"outputTokens\": 2}"))
                .hasMessage(file() + ", line 1: \"timestamp\" must be 0 or more (milliseconds), was -1");
    }

    @Test
    void timestampsGoingBack() {
        assertThatThrownBy(() -> read("{\"timestamp\": 10, \"inputTokens\": 10, \"outputTokens\": 2}\n\n"
                + "{\"timestamp\": 9, \"inputTokens\": 10, \"outputTokens\": 2}"))
                .hasMessage(file() + ", line 3: timestamp 9 is before the previous line's (10.0): sort the trace by "
                        + "timestamp");
    }

    @Test
    void aMooncakeLineSaysHowToConvert() {
        assertThatThrownBy(() -> read("{\"timestamp\": 0, \"input_length\": 10, \"output_length\": 2, "
                + "\"hash_ids\": [0]}")).hasMessage(file() + ", line 1: no \"inputTokens\" (it has \"input_length\": a "
                + "Mooncake trace; rename input_length to inputTokens and output_length to outputTokens, as "
                + "docs/WORKLOADS.md shows)");
    }

    @Test
    void tokensThatAreNotAWholePositiveNumber() {
        assertThatThrownBy(() -> read("{\"timestamp\": 0, \"inputTokens\": 10, \"outputTokens\": 0}"))
                .hasMessage(file() + ", line 1: \"outputTokens\" must be a whole number of tokens, 1 or more, was 0");
        assertThatThrownBy(() -> read("{\"timestamp\": 0, \"inputTokens\": 10.5, \"outputTokens\": 3}"))
                .hasMessage(file() + ", line 1: \"inputTokens\" must be a whole number of tokens, 1 or more, was 10.5");
    }

    @Test
    void aPromptNoLongerThanThePrefix() {
        assertThatThrownBy(() -> read("{\"timestamp\": 0, \"inputTokens\": 100, \"outputTokens\": 3}\n"
                + "{\"timestamp\": 1, \"inputTokens\": 20, \"outputTokens\": 3}", Workload.builder().prefixTokens(20)))
                .hasMessage(file() + ", line 2: inputTokens 20 is not above the workload's prefixTokens 20, which are "
                        + "part of each prompt");
    }

    @Test
    void anEmptyTrace() {
        assertThatThrownBy(() -> read("\n")).hasMessage(file() + " has no lines");
    }
}
