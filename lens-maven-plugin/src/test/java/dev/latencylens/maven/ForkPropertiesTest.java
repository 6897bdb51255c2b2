package dev.latencylens.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ForkPropertiesTest {

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void everyLensKeyOfEverySourceReachesTheFork() {
        Map<String, String> merged = ForkProperties.collect(
                props("lens.sim.profile.gpt-4o.ttftMs", "400", "project.build.sourceEncoding", "UTF-8"),
                props("lens.openai.baseUrl", "http://localhost:9", "java.home", "/jdk", "env.OPENAI_API_KEY", "x"),
                props("lens.captureText", "true", "skipTests", "true"),
                Map.of());

        assertThat(merged).containsExactly(
                entry("lens.captureText", "true"),
                entry("lens.openai.baseUrl", "http://localhost:9"),
                entry("lens.progress", "plain"),
                entry("lens.sim.profile.gpt-4o.ttftMs", "400"));
    }

    @Test
    void laterSourcesWinAndExplicitParametersWinOverAll() {
        Map<String, String> explicit = new HashMap<>();
        explicit.put("lens.iterations", "7");
        Map<String, String> merged = ForkProperties.collect(
                props("lens.iterations", "1", "lens.seed", "1", "lens.warmup", "1", "lens.tags", "p"),
                props("lens.iterations", "2", "lens.seed", "2", "lens.warmup", "2"),
                props("lens.iterations", "3", "lens.seed", "3"),
                explicit);

        assertThat(merged).containsEntry("lens.iterations", "7") // explicit parameter
                .containsEntry("lens.seed", "3")                   // user property over system and project
                .containsEntry("lens.warmup", "2")                 // system property over project
                .containsEntry("lens.tags", "p");                  // project property alone
    }

    @Test
    void anUnsetParameterLeavesTheOtherSourcesAlone() {
        Map<String, String> explicit = new HashMap<>();
        explicit.put("lens.simulate", null);
        explicit.put("lens.includes", null);

        Map<String, String> merged = ForkProperties.collect(props(), props(), props("lens.simulate", "true"),
                explicit);

        assertThat(merged).containsExactly(entry("lens.progress", "plain"), entry("lens.simulate", "true"));
    }

    @Test
    void keysThatOnlySteerThePluginStayBehind() {
        Map<String, String> merged = ForkProperties.collect(props(), props(),
                props("lens.skip", "false", "lens.fork", "true", "lens.jvmArgs", "-Xmx1g", "lens.timeoutSeconds", "9",
                        "lens.seed", "5", "lens.", "x"),
                Map.of());

        assertThat(merged).containsOnlyKeys("lens.progress", "lens.seed");
    }

    @Test
    void progressIsPlainUnlessTheUserAsksOtherwise() {
        assertThat(ForkProperties.collect(props(), props(), props(), Map.of()))
                .containsExactly(entry("lens.progress", "plain"));
        assertThat(ForkProperties.collect(props(), props(), props("lens.progress", "live"), Map.of()))
                .containsExactly(entry("lens.progress", "live"));
    }

    @Test
    void secretLookingKeysAreMaskedInLogs() {
        assertThat(ForkProperties.printable("lens.openai.apiKey", "sk-123")).isEqualTo("****");
        assertThat(ForkProperties.printable("lens.vllm.token", "t")).isEqualTo("****");
        assertThat(ForkProperties.printable("lens.proxy.password", "p")).isEqualTo("****");
        assertThat(ForkProperties.printable("lens.iterations", "5")).isEqualTo("5");
        assertThat(ForkProperties.printable("lens.openai.baseUrl", "http://x")).isEqualTo("http://x");
    }
}
