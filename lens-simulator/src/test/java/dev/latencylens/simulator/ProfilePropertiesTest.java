package dev.latencylens.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Custom profiles from {@code lens.sim.profile.*}; one misuse per test, asserting on the message. */
class ProfilePropertiesTest {

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void aProfileOverridesItsBaseKeyByKey() {
        Map<String, SimProfile> profiles = ProfileProperties.parse(props(
                "lens.sim.profile.gpt-4.1-mini.base", "sim-slow",
                "lens.sim.profile.gpt-4.1-mini.ttftMs", "400",
                "lens.sim.profile.gpt-4.1-mini.ttftSigma", "0.3",
                "lens.sim.profile.gpt-4.1-mini.itlMs", "12",
                "lens.sim.profile.gpt-4.1-mini.tokensPerEvent", "2",
                "lens.sim.profile.gpt-4.1-mini.outputTokens", "99",
                "lens.sim.profile.gpt-4.1-mini.fault.429", "0.05",
                "lens.sim.profile.gpt-4.1-mini.stallMs", "2500",
                "lens.sim.profile.gpt-4.1-mini.idleMs", "1000",
                "lens.sim.profile.gpt-4.1-mini.capacity", "16",
                "lens.sim.profile.gpt-4.1-mini.closeAfterResponse", "true",
                "lens.other", "ignored"));
        SimProfile p = profiles.get("gpt-4.1-mini");
        assertThat(profiles).containsOnlyKeys("gpt-4.1-mini");
        assertThat(p.ttft()).isEqualTo(Dist.logNormal(400, 0.3));
        assertThat(p.interTokenDelay()).isEqualTo(Dist.fixed(12));
        assertThat(p.tokensPerEvent()).isEqualTo(2);
        assertThat(p.outputTokens()).isEqualTo(Dist.fixed(99));
        assertThat(p.faultRate(Fault.HTTP_429)).isEqualTo(0.05);
        assertThat(p.stall()).isEqualTo(Duration.ofMillis(2500));
        assertThat(p.idleThreshold()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.capacity()).isEqualTo(16);
        assertThat(SimPresets.FAST.capacity()).as("unlimited unless configured").isZero();
        assertThat(p.closeAfterResponse()).isTrue();
        assertThat(SimPresets.SLOW.closeAfterResponse()).as("connections are kept unless configured").isFalse();
        assertThat(p.coldStart()).isEqualTo(SimPresets.SLOW.coldStart()); // from the base
    }

    @Test
    void theSimulatorServesAConfiguredProfile() throws Exception {
        Properties config = props("lens.sim.profile.my-model.outputTokens", "4",
                "lens.sim.profile.my-model.ttftMs", "1", "lens.sim.profile.my-model.itlMs", "0");
        try (Simulator sim = Simulator.builder().configuration(config).build().start();
             RawHttp http = new RawHttp(sim.port())) {
            RawHttp.Response r = http.post("/v1/chat/completions",
                    "{\"model\":\"my-model\",\"stream\":true,\"messages\":[]}").read();
            assertThat(r.data()).hasSize(1 + 4 + 1 + 1);
            assertThat(sim.profile("my-model").outputTokens()).isEqualTo(Dist.fixed(4));
        }
    }

    @Test
    void aBadNumberNamesTheFullKeyAndWhatIsAllowed() {
        assertThatThrownBy(() -> ProfileProperties.parse(props("lens.sim.profile.gpt-4o.ttftMs", "fast")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lens.sim.profile.gpt-4o.ttftMs=fast: expected a number >= 0");
    }

    @Test
    void aBadProbabilityNamesTheFullKeyAndTheRange() {
        assertThatThrownBy(() -> ProfileProperties.parse(props("lens.sim.profile.gpt-4o.fault.drop", "3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("lens.sim.profile.gpt-4o.fault.drop=3: expected a probability between 0 and 1");
    }

    @Test
    void aBadBooleanNamesTheFullKeyAndWhatIsAllowed() {
        assertThatThrownBy(() -> ProfileProperties.parse(props("lens.sim.profile.m.closeAfterResponse", "yes")))
                .hasMessage("lens.sim.profile.m.closeAfterResponse=yes: expected true or false");
    }

    @Test
    void aBadIntegerNamesTheFullKeyAndTheRange() {
        assertThatThrownBy(() -> ProfileProperties.parse(props("lens.sim.profile.m.tokensPerEvent", "0")))
                .hasMessage("lens.sim.profile.m.tokensPerEvent=0: expected an integer between 1 and 2147483647");
    }

    @Test
    void anUnknownKeyListsTheKnownOnes() {
        assertThatThrownBy(() -> ProfileProperties.parse(props("lens.sim.profile.gpt-4o.ttft", "100")))
                .hasMessageStartingWith("lens.sim.profile.gpt-4o.ttft: expected lens.sim.profile.<model>.<key>")
                .hasMessageContaining("ttftMs").hasMessageContaining("fault.malformed");
    }

    @Test
    void anUnknownBaseListsThePresets() {
        assertThatThrownBy(() -> ProfileProperties.parse(props("lens.sim.profile.m.base", "sim-huge")))
                .hasMessage("lens.sim.profile.m.base=sim-huge: expected one of [sim-fast, sim-slow, sim-flaky, "
                        + "sim-instant]");
    }

    @Test
    void faultRatesAddingUpToMoreThanOneAreRefused() {
        assertThatThrownBy(() -> ProfileProperties.parse(props("lens.sim.profile.m.fault.429", "0.7",
                "lens.sim.profile.m.fault.500", "0.7")))
                .hasMessageStartingWith("lens.sim.profile.m.*: fault rates add up to 1.4");
    }

    @Test
    void aSpreadNeedsItsCenter() {
        assertThatThrownBy(() -> ProfileProperties.parse(props("lens.sim.profile.m.ttftSdMs", "10")))
                .hasMessage("lens.sim.profile.m.ttftSdMs: needs lens.sim.profile.m.ttftMs (the mean or median)");
    }

    @Test
    void startingASimulatorWithABadPropertyFails() {
        Simulator sim = Simulator.builder().configuration(props("lens.sim.profile.m.idleMs", "-1")).build();
        assertThatThrownBy(sim::start).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lens.sim.profile.m.idleMs=-1");
    }

    @Test
    void theShapeOfTheResponseIsConfiguredToo() {
        SimProfile p = ProfileProperties.parse(props(
                "lens.sim.profile.o3.reasoningTokens", "20",
                "lens.sim.profile.o3.hiddenReasoningTokens", "200",
                "lens.sim.profile.o3.toolCalls", "2",
                "lens.sim.profile.o3.outputTokens", "0",
                "lens.sim.profile.o3.endWithoutBlankLine", "CRLF",
                "lens.sim.profile.o3.contentParts", "true")).get("o3");
        assertThat(p.reasoningTokens()).isEqualTo(20);
        assertThat(p.hiddenReasoningTokens()).isEqualTo(200);
        assertThat(p.toolCalls()).isEqualTo(2);
        assertThat(p.outputTokens()).isEqualTo(Dist.fixed(0));
        assertThat(p.streamEnd()).isEqualTo(StreamEnd.CRLF);
        assertThat(p.contentParts()).isTrue();
        assertThat(SimPresets.FAST.streamEnd()).as("a blank line unless configured").isEqualTo(StreamEnd.BLANK_LINE);
    }

    @Test
    void aStreamEndNamesTheAllowedValues() {
        assertThatThrownBy(() -> ProfileProperties.parse(props("lens.sim.profile.m.endWithoutBlankLine", "cr")))
                .hasMessage("lens.sim.profile.m.endWithoutBlankLine=cr: expected lf, crlf or none (how the last"
                        + " event ends instead of with a blank line)");
    }

    @Test
    void contentPartsIsTrueOrFalse() {
        assertThatThrownBy(() -> ProfileProperties.parse(props("lens.sim.profile.m.contentParts", "yes")))
                .hasMessage("lens.sim.profile.m.contentParts=yes: expected true or false");
    }

    @Test
    void toolCallsAreNeverNegative() {
        assertThatThrownBy(() -> ProfileProperties.parse(props("lens.sim.profile.m.toolCalls", "-1")))
                .hasMessage("lens.sim.profile.m.toolCalls=-1: expected an integer between 0 and 2147483647");
    }

    @Test
    void anAnswerOfNothingNeedsToolCalls() {
        assertThatThrownBy(() -> ProfileProperties.parse(props("lens.sim.profile.m.outputTokens", "0")))
                .hasMessage("lens.sim.profile.m.*: outputTokens must be >= 1 unless the response is tool calls alone"
                        + " (toolCalls >= 1), was 0");
    }
}
