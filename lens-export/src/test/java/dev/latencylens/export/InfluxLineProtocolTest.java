package dev.latencylens.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Line protocol's escaping, one rule per assertion (InfluxDB's "Line protocol" reference, special characters). */
class InfluxLineProtocolTest {

    @Test
    void tagsEscapeCommasEqualsAndSpacesAndAreSorted() {
        assertThat(InfluxLineProtocol.line("lens request", Map.of("z", "a,b=c d", "a", "x"), Map.of("v", 1.5), 7))
                .isEqualTo("lens\\ request,a=x,z=a\\,b\\=c\\ d v=1.5 7");
    }

    @Test
    void stringFieldsEscapeQuotesAndBackslashesAndNumbersKeepTheirKind() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("s", "say \"hi\" \\o/");
        fields.put("n", 3L);
        fields.put("ok", true);
        fields.put("nan", Double.NaN);
        fields.put("field key", 0.25);
        assertThat(InfluxLineProtocol.line("m", Map.of(), fields, 1))
                .isEqualTo("m s=\"say \\\"hi\\\" \\\\o/\",n=3i,ok=true,field\\ key=0.25 1");
    }

    @Test
    void emptyTagsAndLineBreaksCannotReachTheWire() {
        assertThat(InfluxLineProtocol.line("m", Map.of("empty", "", "t", "a\nb"), Map.of("f", "x\ry"), 1))
                .isEqualTo("m,t=a\\ b f=\"x y\" 1");
        assertThatThrownBy(() -> InfluxLineProtocol.line("m", Map.of(), Map.of("nan", Double.NaN), 1))
                .hasMessageContaining("at least one field");
    }

    @Test
    void timesAreNanosecondsSinceTheEpoch() {
        assertThat(InfluxLineProtocol.epochNanos(Instant.parse("2026-01-02T03:04:05.123456789Z")))
                .isEqualTo(1767323045123456789L);
    }
}
