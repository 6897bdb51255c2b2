package dev.latencylens.api;

import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.Phase;
import dev.latencylens.results.SlaSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latencylens.annotations.LoadPattern;
import java.util.OptionalDouble;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The public API types generated code and library users build on. */
class ApiTypesTest {

    @Test
    void iterationsAreReproducibleAndIndependent() {
        Iteration a = Iteration.seeded(42, Phase.MEASURED, 7);
        Iteration b = Iteration.seeded(42, Phase.MEASURED, 7);
        assertThat(a.random().nextLong()).isEqualTo(b.random().nextLong());
        assertThat(Iteration.seeded(42, Phase.MEASURED, 8).random().nextLong())
                .isNotEqualTo(Iteration.seeded(42, Phase.MEASURED, 7).random().nextLong());
        assertThat(Iteration.seeded(42, Phase.WARMUP, 7).random().nextLong())
                .isNotEqualTo(Iteration.seeded(42, Phase.MEASURED, 7).random().nextLong());
        assertThat(Iteration.seeded(43, Phase.MEASURED, 7).random().nextLong())
                .isNotEqualTo(Iteration.seeded(42, Phase.MEASURED, 7).random().nextLong());
        assertThat(a.index()).isEqualTo(7);
        assertThat(a.phase()).isEqualTo(Phase.MEASURED);
    }

    @Test
    void chatRequestBuilderKeepsEverythingAndIsImmutable() {
        ChatRequest r = ChatRequest.builder().system("sys").user("u1").assistant("a1").user("u2").maxTokens(9)
                .temperature(0.5).stop("END").extra("seed", 3).build();
        assertThat(r.system()).contains("sys");
        assertThat(r.messages()).containsExactly(Message.user("u1"), Message.assistant("a1"), Message.user("u2"));
        assertThat(r.maxTokens()).hasValue(9);
        assertThat(r.temperature()).hasValue(0.5);
        assertThat(r.stop()).containsExactly("END");
        assertThat(r.extra()).containsEntry("seed", 3);
        assertThat(r.toBuilder().build()).isEqualTo(r);
        assertThatThrownBy(() -> r.messages().add(Message.user("x"))).isInstanceOf(UnsupportedOperationException.class);
        assertThat(ChatRequest.ofUser("hi").messages()).containsExactly(Message.user("hi"));
    }

    @Test
    void chatRequestRejectsNonsense() {
        assertThatThrownBy(() -> ChatRequest.builder().build()).hasMessageContaining("at least one message");
        assertThatThrownBy(() -> ChatRequest.builder().maxTokens(0)).hasMessageContaining("maxTokens");
        assertThatThrownBy(() -> ChatRequest.builder().temperature(2.5)).hasMessageContaining("temperature");
    }

    @Test
    void descriptorDefaultsAreTheAnnotations() {
        BenchmarkDescriptor d = BenchmarkDescriptor.builder("openai", "gpt-4o-mini").build();
        assertThat(d.name()).isEqualTo("gpt-4o-mini@openai");
        assertThat(d.iterations()).isEqualTo(100);
        assertThat(d.warmup()).isEqualTo(3);
        assertThat(d.pattern()).isEqualTo(LoadPattern.SEQUENTIAL);
        assertThat(d.concurrency()).isEqualTo(1);
        assertThat(d.maxTokens()).isEqualTo(256);
        assertThat(d.temperature()).isEmpty();
        assertThat(d.timeoutMs()).isEqualTo(60_000);
        assertThat(d.sla().isEmpty()).isTrue();
        assertThat(d.toBuilder().iterations(5).build().iterations()).isEqualTo(5);
    }

    @Test
    void descriptorNamesTheKeyThatIsWrong() {
        var b = BenchmarkDescriptor.builder("openai", "m");
        assertThatThrownBy(() -> b.iterations(0).build()).hasMessageContaining("iterations");
        assertThatThrownBy(() -> BenchmarkDescriptor.builder("openai", "m").concurrency(2).build())
                .hasMessageContaining("concurrency").hasMessageContaining("CONCURRENT");
        assertThatThrownBy(() -> BenchmarkDescriptor.builder("openai", "m").pattern(LoadPattern.POISSON).build())
                .hasMessageContaining("rate").hasMessageContaining("POISSON");
        assertThatThrownBy(() -> BenchmarkDescriptor.builder(" ", "m").build()).hasMessageContaining("provider");
        assertThatThrownBy(() -> BenchmarkDescriptor.builder("openai", "m").temperature(3).build())
                .hasMessageContaining("temperature");
    }

    @Test
    void slaBoundsAreOptionalAndNeverNegative() {
        SlaSpec sla = SlaSpec.none().withTtftP95Ms(900).withMaxErrorRate(0.01);
        assertThat(sla.ttftP95Ms()).isEqualTo(OptionalDouble.of(900));
        assertThat(sla.ttftP50Ms()).isEmpty();
        assertThat(sla.bounds()).hasSize(8).containsKeys("ttftP95Ms", "maxErrorRate");
        assertThatThrownBy(() -> SlaSpec.none().withE2eP99Ms(-1)).hasMessageContaining("e2eP99Ms");
        assertThatThrownBy(() -> SlaSpec.none().withMaxErrorRate(1.5)).hasMessageContaining("maxErrorRate");
    }

    @Test
    void runOptionsComeFromProperties() {
        Properties p = new Properties();
        p.setProperty("lens.simulate", "");
        p.setProperty("lens.seed", "7");
        p.setProperty("lens.reportsDirectory", "out");
        RunOptions o = RunOptions.from(p);
        assertThat(o.simulate()).isTrue();
        assertThat(o.seed()).isEqualTo(7);
        assertThat(o.outputDirectory()).hasValueSatisfying(d -> assertThat(d.toString()).isEqualTo("out"));

        p.setProperty("lens.simulate", "yes");
        assertThatThrownBy(() -> RunOptions.from(p)).hasMessageContaining("lens.simulate")
                .hasMessageContaining("true or false");
        p.setProperty("lens.simulate", "false");
        p.setProperty("lens.seed", "x");
        assertThatThrownBy(() -> RunOptions.from(p)).hasMessageContaining("lens.seed");
    }
}
