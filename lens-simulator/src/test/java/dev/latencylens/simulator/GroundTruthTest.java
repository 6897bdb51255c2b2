package dev.latencylens.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** The ground truth agrees with the script and with what a client in the same JVM measured. */
class GroundTruthTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void stampsAreMonotonicAndTheFirstContentWaitsAtLeastTheScriptedTtft() throws Exception {
        SimProfile profile = SimProfile.builder().ttft(Dist.fixed(50)).interTokenDelay(Dist.fixed(2))
                .outputTokens(20).prefillMicrosPerToken(1_000).build(); // 1 ms per input token
        try (Simulator sim = Simulator.builder().configuration(new Properties()).profile("t-gt", profile).build()
                .start()) {
            OkHttpClient client = new OkHttpClient();
            String json = "{\"model\":\"t-gt\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
                    + "x".repeat(40) + "\"}]}"; // 40 characters: 10 input tokens, 10 ms prefill
            Request request = new Request.Builder().url(sim.baseUrl() + "/chat/completions")
                    .post(RequestBody.create(json, MediaType.get("application/json"))).build();
            long sent = System.nanoTime();
            long clientFirstContent = 0;
            List<Long> clientContent = new ArrayList<>();
            String id;
            try (Response r = client.newCall(request).execute();
                 BufferedReader reader = new BufferedReader(new InputStreamReader(r.body().byteStream(),
                         StandardCharsets.UTF_8))) {
                id = r.header("x-request-id");
                for (String line; (line = reader.readLine()) != null; ) {
                    if (line.contains("\"delta\":{\"content\"")) {
                        long now = System.nanoTime();
                        clientContent.add(now);
                        if (clientFirstContent == 0) {
                            clientFirstContent = now;
                        }
                    }
                }
            }
            ServedRequest truth = sim.groundTruth().await(id, WAIT).orElseThrow();
            assertThat(truth.completed()).isTrue();
            assertThat(truth.promptTokens()).isEqualTo(10);
            assertThat(truth.scriptedTtftNanos()).isEqualTo(60_000_000L);
            assertThat(truth.arrivalNanos()).isGreaterThan(sent);
            assertThat(truth.headersWrittenNanos()).isGreaterThanOrEqualTo(truth.arrivalNanos());
            assertThat(truth.firstContentWrittenNanos())
                    .isGreaterThanOrEqualTo(truth.arrivalNanos() + truth.scriptedTtftNanos());
            long[] stamps = truth.contentWrittenNanos();
            assertThat(stamps).hasSize(20).isSorted();
            assertThat(stamps[0]).isEqualTo(truth.firstContentWrittenNanos());
            assertThat(truth.endNanos()).isGreaterThanOrEqualTo(stamps[19]);
            // The client read each event after the simulator wrote it.
            assertThat(clientContent).hasSize(20);
            assertThat(clientFirstContent).isGreaterThanOrEqualTo(truth.firstContentWrittenNanos());
            assertThat(clientContent.get(19)).isGreaterThanOrEqualTo(stamps[19]);
            assertThat(clientFirstContent - sent).isGreaterThanOrEqualTo(60_000_000L);
            client.connectionPool().evictAll();
        }
    }

    @Test
    void onlyTheLastRecordsAreKept() throws Exception {
        SimProfile instant = SimPresets.INSTANT.toBuilder().outputTokens(1).build();
        try (Simulator sim = Simulator.builder().configuration(new Properties()).groundTruthCapacity(3)
                .profile("t-gt", instant).build().start();
             RawHttp http = new RawHttp(sim.port())) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(http.post("/v1/chat/completions", "{\"model\":\"t-gt\",\"messages\":[]}").read()
                        .header("x-request-id"));
            }
            assertThat(sim.groundTruth().awaitRecorded(5, WAIT)).isTrue();
            assertThat(sim.groundTruth().size()).isEqualTo(3);
            assertThat(sim.groundTruth().recorded()).isEqualTo(5);
            assertThat(sim.groundTruth().find(ids.get(0))).isEmpty();
            assertThat(sim.groundTruth().records()).extracting(ServedRequest::requestId)
                    .containsExactlyElementsOf(ids.subList(2, 5));
        }
    }

    @Test
    void theSameSeedAndRequestOrderGiveTheSameScript() throws Exception {
        SimProfile random = SimProfile.builder().ttft(Dist.logNormal(5, 0.5)).interTokenDelay(Dist.fixed(0))
                .outputTokens(Dist.normal(8, 3)).coldStart(Dist.normal(5, 2)).prefillMicrosPerToken(0).build();
        List<List<Long>> a = script(7L, random);
        List<List<Long>> b = script(7L, random);
        List<List<Long>> c = script(8L, random);
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    /** Scripted TTFT and output length of eight requests over two connections. */
    private static List<List<Long>> script(long seed, SimProfile profile) throws Exception {
        List<List<Long>> script = new ArrayList<>();
        try (Simulator sim = Simulator.builder().seed(seed).configuration(new Properties())
                .profile("t-seed", profile).build().start()) {
            for (int connection = 0; connection < 2; connection++) {
                try (RawHttp http = new RawHttp(sim.port())) {
                    for (int i = 0; i < 4; i++) {
                        String id = http.post("/v1/chat/completions",
                                "{\"model\":\"t-seed\",\"stream\":" + (i % 2 == 0) + ",\"messages\":[]}")
                                .read().header("x-request-id");
                        ServedRequest truth = sim.groundTruth().await(id, WAIT).orElseThrow();
                        script.add(List.of(truth.scriptedTtftNanos(), (long) truth.outputTokens()));
                    }
                }
            }
        }
        return script;
    }
}
