package dev.latencylens.internal.pricing;

import dev.latencylens.results.Price;
import dev.latencylens.results.TokenCounts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** User price files: our CSV and JSON, LiteLLM's JSON, and how they override the built-in table. */
class PriceFilesTest {

    @TempDir
    Path dir;

    /** A few entries in the shape of LiteLLM's model_prices_and_context_window.json. */
    private static final String LITELLM = """
            {
              "sample_spec": {
                "max_tokens": "LEGACY parameter. set to max_output_tokens if provider specifies it.",
                "input_cost_per_token": 0.0,
                "output_cost_per_token": 0.0,
                "litellm_provider": "one of https://docs.litellm.ai/docs/providers",
                "mode": "one of: chat, embedding, completion, image_generation, audio_transcription, audio_speech"
              },
              "gpt-4o": {
                "max_tokens": 16384, "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05,
                "cache_read_input_token_cost": 1.25e-06, "litellm_provider": "openai", "mode": "chat",
                "supports_prompt_caching": true
              },
              "o3-mini": {
                "input_cost_per_token": 1.1e-06, "output_cost_per_token": 4.4e-06,
                "output_cost_per_reasoning_token": 5e-06, "litellm_provider": "openai", "mode": "chat"
              },
              "claude-sonnet-4-5-20250929": {
                "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05,
                "cache_creation_input_token_cost": 3.75e-06, "cache_read_input_token_cost": 3e-07,
                "input_cost_per_token_above_200k_tokens": 6e-06,
                "litellm_provider": "anthropic", "mode": "chat"
              },
              "gemini/gemini-2.5-flash": {
                "input_cost_per_token": 3e-07, "output_cost_per_token": 2.5e-06, "cache_read_input_token_cost": 3e-08,
                "litellm_provider": "gemini", "mode": "chat"
              },
              "bedrock/us.amazon.nova-lite-v1:0": {
                "input_cost_per_token": 6e-08, "output_cost_per_token": 2.4e-07,
                "litellm_provider": "bedrock_converse", "mode": "chat"
              },
              "openrouter/openai/gpt-4o-mini": {
                "input_cost_per_token": 1.5e-07, "output_cost_per_token": 6e-07,
                "litellm_provider": "openrouter", "mode": "chat"
              },
              "azure/gpt-4o": {
                "input_cost_per_token": 2.75e-06, "output_cost_per_token": 1.1e-05,
                "litellm_provider": "azure", "mode": "chat"
              },
              "together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo": {
                "input_cost_per_token": 8.8e-07, "output_cost_per_token": 8.8e-07,
                "litellm_provider": "together_ai", "mode": "chat"
              },
              "text-embedding-3-small": {
                "input_cost_per_token": 2e-08, "output_cost_per_token": 0.0,
                "litellm_provider": "openai", "mode": "embedding"
              },
              "dall-e-3": { "output_cost_per_image": 0.04, "litellm_provider": "openai", "mode": "image_generation" }
            }
            """;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void liteLlmFileIsReadByShape() throws IOException {
        Path file = write("model_prices_and_context_window.json", LITELLM);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2025-10-01T12:00:00Z")));
        PriceTable t = PriceTable.load(file);

        assertThat(t.size()).isEqualTo(8);   // sample_spec, the embedding and the image model skipped
        Price gpt4o = t.find("openai", "gpt-4o").orElseThrow();
        assertThat(gpt4o.inputPerMillion()).isEqualTo(new BigDecimal("2.5"));
        assertThat(gpt4o.cachedInputPerMillion()).contains(new BigDecimal("1.25"));
        assertThat(gpt4o.outputPerMillion()).isEqualTo(new BigDecimal("10"));
        assertThat(gpt4o.effectiveDate()).isEqualTo(LocalDate.of(2025, 10, 1));
        assertThat(gpt4o.source()).isEqualTo("litellm:" + file + "#gpt-4o");
        assertThat(gpt4o).usingRecursiveComparison().comparingOnlyFields("inputPerMillion", "cachedInputPerMillion",
                "outputPerMillion", "cacheWritePerMillion").isEqualTo(PriceTable.builtIn().find("openai", "gpt-4o").orElseThrow());

        Price sonnet = t.find("anthropic", "claude-sonnet-4-5-20250929").orElseThrow();
        assertThat(sonnet.cacheWritePerMillion()).contains(new BigDecimal("3.75"));
        assertThat(sonnet.cachedInputPerMillion()).contains(new BigDecimal("0.3"));

        assertThat(t.find("gemini", "models/gemini-2.5-flash").orElseThrow().cachedInputPerMillion())
                .contains(new BigDecimal("0.03"));
        assertThat(t.find("bedrock", "us.amazon.nova-lite-v1:0").orElseThrow().inputPerMillion())
                .isEqualTo(new BigDecimal("0.06"));
        assertThat(t.find("openrouter", "openai/gpt-4o-mini")).isPresent();
        assertThat(t.find("azure-openai", "gpt-4o").orElseThrow().inputPerMillion()).isEqualTo(new BigDecimal("2.75"));
        assertThat(t.find("together", "meta-llama/Llama-3.3-70B-Instruct-Turbo")).isPresent();
        assertThat(t.find("openai", "text-embedding-3-small")).isEmpty();
        assertThat(t.find("openai", "dall-e-3")).isEmpty();
        assertThat(t.sources()).singleElement().asString().endsWith("(litellm, 8 rows)");

        // a reasoning price of its own: 1,000 output of which 400 reasoning: 600 × 4.40 + 400 × 5.00
        Price o3mini = t.find("openai", "o3-mini").orElseThrow();
        assertThat(o3mini.reasoningPerMillion()).contains(new BigDecimal("5"));
        assertThat(CostCalculator.cost(o3mini, new TokenCounts(0, 0, 0, 1_000, 400))).isEqualByComparingTo("0.00464");
    }

    @Test
    void csvFileOverridesTheBuiltInTable() throws IOException {
        Path csv = write("prices.csv", """
                # our negotiated prices
                provider,model,input,output,cached_input,effective_date,source
                openai,gpt-4o,2.00,8.00,,2025-11-01,contract 42
                vllm,my-llama,0.10,0.10,,,
                "acme","acme-1",1.5,3,,2025-11-01,"quoted, with ""comma""\"
                """);
        Properties props = new Properties();
        props.setProperty("lens.prices", csv.toString());
        PriceTable t = PriceTable.fromProperties(props);

        Price gpt4o = t.find("openai", "gpt-4o").orElseThrow();
        assertThat(gpt4o.inputPerMillion()).isEqualTo(new BigDecimal("2"));
        assertThat(gpt4o.cachedInputPerMillion()).isEmpty();     // the override row replaces the whole row
        assertThat(gpt4o.source()).isEqualTo("contract 42");
        assertThat(t.find("openai", "gpt-4o-2024-11-20").orElseThrow()).isEqualTo(gpt4o);
        assertThat(t.find("openai", "gpt-4o-mini")).isEqualTo(PriceTable.builtIn().find("openai", "gpt-4o-mini"));

        Price mine = t.find("vllm", "my-llama").orElseThrow();   // a named row wins over the * row
        assertThat(mine.inputPerMillion()).isEqualTo(new BigDecimal("0.1"));
        assertThat(mine.currency()).isEqualTo("USD");
        assertThat(mine.source()).isEqualTo(csv.toString());
        assertThat(t.match("vllm", "other").orElseThrow().rule()).isEqualTo(PriceMatch.Rule.PROVIDER_WILDCARD);

        assertThat(t.find("acme", "acme-1").orElseThrow().source()).isEqualTo("quoted, with \"comma\"");
        assertThat(t.sources()).hasSize(2);
        assertThat(t.size()).isEqualTo(PriceTable.builtIn().size() + 2);
    }

    @Test
    void laterFilesWin() throws IOException {
        Path first = write("a.csv", "provider,model,input,output\nopenai,gpt-4o,1,2\n");
        Path second = write("b.json", """
                [ {"provider": "openai", "model": "gpt-4o", "input": 3, "output": "4.5",
                   "cached_input": 0.5, "effective_date": "2025-11-02", "source": "b"} ]
                """);
        Properties props = new Properties();
        props.setProperty("lens.prices", first + " , " + second);
        Price p = PriceTable.fromProperties(props).find("openai", "gpt-4o").orElseThrow();
        assertThat(p.inputPerMillion()).isEqualTo(new BigDecimal("3"));
        assertThat(p.outputPerMillion()).isEqualTo(new BigDecimal("4.5"));
        assertThat(p.cachedInputPerMillion()).contains(new BigDecimal("0.5"));
        assertThat(p.effectiveDate()).isEqualTo(LocalDate.of(2025, 11, 2));
    }

    @Test
    void withOverridesKeepsOtherRows() {
        PriceTable base = PriceTable.of("base", java.util.List.of(
                Price.of("p", "a", "1", "1", LocalDate.EPOCH, "base"),
                Price.of("p", "b", "2", "2", LocalDate.EPOCH, "base")));
        PriceTable over = PriceTable.of("over", java.util.List.of(Price.of("P", "A", "9", "9", LocalDate.EPOCH, "over")));
        PriceTable t = base.withOverrides(over);
        assertThat(t.find("p", "a").orElseThrow().source()).isEqualTo("over");
        assertThat(t.find("p", "b").orElseThrow().source()).isEqualTo("base");
        assertThat(t.sources()).containsExactly("base", "over");
        assertThat(base.find("p", "a").orElseThrow().source()).isEqualTo("base");   // immutable
    }

    @Test
    void unsetPropertyIsTheBuiltInTable() {
        assertThat(PriceTable.fromProperties(new Properties())).isSameAs(PriceTable.builtIn());
    }

    @Test
    void missingFileIsAnError() {
        Properties props = new Properties();
        props.setProperty("lens.prices", dir.resolve("nope.csv").toString());
        assertThatIllegalArgumentException().isThrownBy(() -> PriceTable.fromProperties(props))
                .withMessageStartingWith("lens.prices=")
                .withMessageContaining("does not exist");
        assertThatThrownBy(() -> PriceTable.load(dir.resolve("nope.csv"))).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void malformedRowsNameTheLine() throws IOException {
        Path bad = write("bad.csv", "provider,model,input,output\nopenai,gpt-4o,cheap,2\n");
        assertThatIllegalArgumentException().isThrownBy(() -> PriceTable.load(bad))
                .withMessageContaining("bad.csv line 2")
                .withMessageContaining("input 'cheap' is not a decimal number");

        Path missing = write("missing.csv", "provider,model,input,output\nopenai,gpt-4o,1,\n");
        assertThatIllegalArgumentException().isThrownBy(() -> PriceTable.load(missing))
                .withMessageContaining("line 2").withMessageContaining("'output' is required");

        Path negative = write("neg.csv", "provider,model,input,output\nopenai,gpt-4o,-1,2\n");
        assertThatIllegalArgumentException().isThrownBy(() -> PriceTable.load(negative))
                .withMessageContaining("line 2").withMessageContaining("negative");

        Path column = write("col.csv", "provider,model,input,output,discount\n");
        assertThatIllegalArgumentException().isThrownBy(() -> PriceTable.load(column))
                .withMessageContaining("unknown column 'discount'");

        Path dup = write("dup.csv", "provider,model,input,output\nopenai,gpt-4o,1,2\nopenai,GPT-4o,1,2\n");
        assertThatIllegalArgumentException().isThrownBy(() -> PriceTable.load(dup))
                .withMessageContaining("two rows for openai/GPT-4o");

        Path json = write("bad.json", "[ {\"provider\": \"openai\", \"model\": \"x\", \"input\": 1, \"ouput\": 2} ]");
        assertThatIllegalArgumentException().isThrownBy(() -> PriceTable.load(json))
                .withMessageContaining("[0]").withMessageContaining("unknown field 'ouput'");

        Path broken = write("broken.json", "{ \"gpt-4o\": ");
        assertThatIllegalArgumentException().isThrownBy(() -> PriceTable.load(broken))
                .withMessageContaining("not valid JSON");
    }

    @Test
    void formatIsDetectedByShape() {
        assertThat(PriceFiles.detect("\uFEFF  [ ]")).isEqualTo(PriceFiles.Format.JSON);
        assertThat(PriceFiles.detect("\n{ }")).isEqualTo(PriceFiles.Format.LITELLM);
        assertThat(PriceFiles.detect("provider,model,input,output")).isEqualTo(PriceFiles.Format.CSV);
        assertThat(PriceFiles.detect("# comment\nprovider,model,input,output")).isEqualTo(PriceFiles.Format.CSV);
    }
}
