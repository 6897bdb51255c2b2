package dev.latencylens.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latencylens.internal.metrics.RequestTrace;
import dev.latencylens.results.Phase;
import dev.latencylens.results.RequestLogReader;
import dev.latencylens.results.RequestLogWriter;
import dev.latencylens.results.RequestRecord;
import dev.latencylens.spi.ContentKind;
import dev.latencylens.spi.ToolCallDelta;
import dev.latencylens.spi.Usage;
import org.junit.jupiter.api.Test;

/**
 * A trace as a line of {@code requests.jsonl}: what the model generated only with text capture, ids and names
 * always; the line reads back as the record it was written from.
 */
class RequestRecordsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MS = 1_000_000;

    private static JsonNode line(boolean captureText) throws Exception {
        RequestTrace t = new RequestTrace(Phase.MEASURED, 4, 0, captureText);
        t.sent(0);
        t.content(100 * MS, ContentKind.REASONING, "Let me look it up.", -1);
        t.content(150 * MS, ContentKind.TEXT, "Checking.", -1);
        t.toolCall(160 * MS, 0, ToolCallDelta.start(0, "srvtoolu_1", "web_search").onServer(), -1);
        t.toolCall(170 * MS, 0, ToolCallDelta.arguments(0, "{\"query\":\"oslo\"}").onServer(), -1);
        t.toolCall(180 * MS, 0, new ToolCallDelta(1, "", "get_weather", "{\"city\":\"Oslo\"}", false), -1);
        t.content(185 * MS, 1, ContentKind.TEXT, "another choice", -1);
        t.usage(190 * MS, new Usage(30, 50, Usage.UNKNOWN, Usage.UNKNOWN, 12));
        t.finish(190 * MS, "tool_use");
        t.end(200 * MS);
        RequestRecord record = RequestRecords.of("b", t);
        String line = RequestLogWriter.toJson(record);
        assertThat(RequestLogReader.parse(line)).as("read back").isEqualTo(record);
        return JSON.readTree(line);
    }

    @Test
    void withTextCaptureTheModelsOutputIsWrittenApartByKind() throws Exception {
        JsonNode l = line(true);
        assertThat(l.path("text").asText()).isEqualTo("Checking.");
        assertThat(l.path("reasoningText").asText()).isEqualTo("Let me look it up.");
        assertThat(l.has("refusal")).isFalse();
        assertThat(l.path("toolCalls").toString())
                .isEqualTo("[{\"id\":null,\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}]");
        assertThat(l.path("serverToolCalls").toString()).isEqualTo(
                "[{\"id\":\"srvtoolu_1\",\"name\":\"web_search\",\"arguments\":\"{\\\"query\\\":\\\"oslo\\\"}\"}]");
        assertThat(l.path("choices").asInt()).isEqualTo(2);
        assertThat(l.path("ttftMs").asDouble()).isEqualTo(100.0);
        assertThat(l.path("ttfoMs").asDouble()).isEqualTo(150.0);
        assertThat(l.path("tokens").path("output").asLong()).isEqualTo(50);
        assertThat(l.path("tokens").path("reasoning").asLong()).isEqualTo(12);
    }

    @Test
    void withoutItOnlyIdsNamesAndTheChoiceCountAre() throws Exception {
        JsonNode l = line(false);
        assertThat(l.has("text")).isFalse();
        assertThat(l.has("reasoningText")).isFalse();
        assertThat(l.path("toolCalls").toString()).isEqualTo("[{\"id\":null,\"name\":\"get_weather\"}]");
        assertThat(l.path("serverToolCalls").toString()).isEqualTo("[{\"id\":\"srvtoolu_1\",\"name\":\"web_search\"}]");
        assertThat(l.path("choices").asInt()).isEqualTo(2);
        assertThat(l.toString()).doesNotContain("Oslo").doesNotContain("oslo").doesNotContain("look it up");
    }
}
