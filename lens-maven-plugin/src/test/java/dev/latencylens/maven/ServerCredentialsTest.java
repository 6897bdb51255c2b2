package dev.latencylens.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerCredentialsTest {

    private static final Map<String, String> KEYS = ServerCredentials.keyVariables();

    @Test
    void everyProviderThatTakesAKeyHasAServerIdNamingItsVariable() {
        assertThat(KEYS).containsEntry("openai", "OPENAI_API_KEY").containsEntry("anthropic", "ANTHROPIC_API_KEY")
                .containsEntry("gemini", "GEMINI_API_KEY").containsEntry("bedrock", "AWS_BEARER_TOKEN_BEDROCK")
                .containsEntry("azure-openai", "AZURE_OPENAI_API_KEY").containsEntry("cohere", "CO_API_KEY")
                .containsEntry("groq", "GROQ_API_KEY").containsEntry("vllm", "VLLM_API_KEY")
                .doesNotContainKeys("vertex", "ollama", "simulated"); // no key: nothing a server could fill
    }

    @Test
    void aServersPasswordFillsItsProvidersVariableAndOnlyNamesAreNoted() {
        ServerCredentials.Result r = ServerCredentials.resolve(List.of(
                new ServerCredentials.Server("lens-openai", null, "sk-openai-secret"),
                new ServerCredentials.Server("lens-anthropic", "ignored", " sk-ant-secret\n"),
                new ServerCredentials.Server("nexus-releases", "deploy", "nexus-secret")), Map.of(), KEYS);
        assertThat(r.environment()).containsExactly(Map.entry("OPENAI_API_KEY", "sk-openai-secret"),
                Map.entry("ANTHROPIC_API_KEY", "sk-ant-secret"));
        assertThat(r.notes()).containsExactly("OPENAI_API_KEY from settings.xml server 'lens-openai'",
                "ANTHROPIC_API_KEY from settings.xml server 'lens-anthropic'");
        assertThat(r.toString()).doesNotContain("secret");
    }

    @Test
    void theEnvironmentWinsOverSettingsXml() {
        ServerCredentials.Result r = ServerCredentials.resolve(List.of(
                new ServerCredentials.Server("lens-openai", null, "sk-from-settings")),
                Map.of("OPENAI_API_KEY", "sk-from-ci"), KEYS);
        assertThat(r.environment()).isEmpty();
        assertThat(r.notes()).containsExactly("OPENAI_API_KEY is set in the environment, which wins over"
                + " settings.xml server 'lens-openai'");
    }

    @Test
    void aBedrockServerWithAUsernameIsAnAccessKeyAndWithoutOneABedrockApiKey() {
        assertThat(ServerCredentials.resolve(List.of(new ServerCredentials.Server("lens-bedrock", "AKIAEXAMPLE",
                "wJalr-secret")), Map.of(), KEYS).environment()).containsExactly(
                Map.entry("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE"), Map.entry("AWS_SECRET_ACCESS_KEY", "wJalr-secret"));
        assertThat(ServerCredentials.resolve(List.of(new ServerCredentials.Server("lens-bedrock-invoke", null,
                "bedrock-api-key")), Map.of(), KEYS).environment())
                .containsExactly(Map.entry("AWS_BEARER_TOKEN_BEDROCK", "bedrock-api-key"));
    }

    @Test
    void unknownIdsAndEmptyPasswordsAreReportedNotPassed() {
        ServerCredentials.Result r = ServerCredentials.resolve(List.of(
                new ServerCredentials.Server("lens-opnai", null, "sk-typo"),
                new ServerCredentials.Server("lens-groq", "user", null)), Map.of(), KEYS);
        assertThat(r.environment()).isEmpty();
        assertThat(r.notes()).hasSize(2);
        assertThat(r.notes().get(0)).startsWith("settings.xml server 'lens-opnai' is not used: no provider 'opnai'"
                + " takes a key (server ids: lens-anthropic, lens-azure-openai, lens-bedrock,");
        assertThat(r.notes().get(1)).isEqualTo("settings.xml server 'lens-groq' has no password: nothing to pass on");
        assertThat(String.join("\n", r.notes())).doesNotContain("sk-typo");
    }
}
