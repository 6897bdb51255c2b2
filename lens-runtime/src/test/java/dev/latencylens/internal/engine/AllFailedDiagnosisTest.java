package dev.latencylens.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.results.AllFailed;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.spi.ProviderAdapter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cause named and the setting to check, for each way every request of a benchmark can fail. */
class AllFailedDiagnosisTest {

    private static final ProviderAdapter OPENAI = ProviderRegistry.load(AllFailedDiagnosisTest.class.getClassLoader())
            .get("openai");
    private static final BenchmarkDescriptor BENCHMARK = BenchmarkDescriptor.builder("openai", "gpt-4o-mini")
            .name("b").build();

    @Test
    void aStreamThatBrokeAfterA200IsNotBlamedOnTheBaseUrl() {
        AllFailed f = diagnose(3, Map.of(ErrorClass.CONNECTION, 3L), Map.of(200, 3L));

        assertThat(f.causes()).isEqualTo("3 × connection dropped after the response began");
        assertThat(f.remedy()).contains("the stream broke").doesNotContain("base URL");
    }

    @Test
    void aStreamThatStalledAfterA200NamesTheTimeouts() {
        AllFailed f = diagnose(2, Map.of(ErrorClass.TIMEOUT, 2L), Map.of(200, 2L));

        assertThat(f.causes()).isEqualTo("2 × stalled after the response began");
        assertThat(f.remedy()).contains("lens.idleTimeoutMs").doesNotContain("base URL");
    }

    @Test
    void aRefusedConnectionPointsAtTheBaseUrl() {
        AllFailed f = diagnose(2, Map.of(ErrorClass.CONNECTION, 2L), Map.of());

        assertThat(f.causes()).isEqualTo("2 × connection failed");
        assertThat(f.remedy()).contains("the base URL (lens.openai.baseUrl or OPENAI_BASE_URL)");
    }

    @Test
    void a401PointsAtTheKey() {
        AllFailed f = diagnose(4, Map.of(ErrorClass.HTTP_4XX, 4L), Map.of(401, 4L));

        assertThat(f.causes()).isEqualTo("4 × HTTP 401 (invalid API key)");
        assertThat(f.remedy()).contains("OPENAI_API_KEY");
    }

    private static AllFailed diagnose(long attempted, Map<ErrorClass, Long> errors, Map<Integer, Long> statuses) {
        return AllFailedDiagnosis.of(attempted, 0, errors, statuses, OPENAI, BENCHMARK, false).orElseThrow();
    }
}
