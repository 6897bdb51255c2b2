package dev.latencylens.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForkCommandTest {

    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    @Test
    void argumentsAreEncodingThenPropertiesThenJvmArgsThenClassPathThenMainClass() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("lens.simulate", "true");
        props.put("lens.iterations", "5");
        ForkCommand command = new ForkCommand(JAVA, props, List.of("-Xmx256m", "-Dlens.iterations=9"),
                List.of(Path.of("a", "classes"), Path.of("b.jar")), ForkCommand.MAIN_CLASS);

        List<String> args = command.arguments();

        assertThat(args).startsWith("-Dstdout.encoding=UTF-8");
        assertThat(args.subList(4, args.size())).containsExactly(
                "-Dlens.iterations=5", "-Dlens.simulate=true",
                "-Xmx256m", "-Dlens.iterations=9",
                "-classpath", Path.of("a", "classes") + File.pathSeparator + "b.jar",
                "dev.latencylens.internal.junit.LensLauncherMain");
        assertThat(command.command(Path.of("t", "java.args"))).containsExactly(JAVA.toString(),
                "@" + Path.of("t", "java.args"));
    }

    @Test
    void theArgumentFileQuotesEveryArgumentForTheJavaLauncher() {
        assertThat(ForkCommand.quote("plain")).isEqualTo("\"plain\"");
        assertThat(ForkCommand.quote("C:\\Users\\me\\my project\\x.jar")).isEqualTo(
                "\"C:\\\\Users\\\\me\\\\my project\\\\x.jar\"");
        assertThat(ForkCommand.quote("say \"hi\"\nnow\t#not a comment")).isEqualTo(
                "\"say \\\"hi\\\"\\nnow\\t#not a comment\"");
        String content = new ForkCommand(JAVA, Map.of("lens.tags", "a b"), List.of(), List.of(Path.of("x.jar")),
                "M").argFileContent();
        assertThat(content).contains("\"-Dlens.tags=a b\"\n").endsWith("\"-classpath\"\n\"x.jar\"\n\"M\"\n");
    }

    /** The real test of the quoting: a JVM started from the argument file sees every value exactly. */
    @Test
    void aJvmStartedFromTheArgumentFileSeesEveryValueExactly(@TempDir Path tmp) throws Exception {
        Path oddDir = Files.createDirectories(tmp.resolve("dir with space and 'quote' #hash"));
        Path testClasses = Path.of(PrintProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, String> props = new LinkedHashMap<>();
        props.put("lens.includes", "Support.*|Triage \"quoted\" \\d+");
        props.put("lens.empty", "");
        props.put("lens.baseline", oddDir.toString());
        ForkCommand command = new ForkCommand(JAVA, props, ForkCommand.splitJvmArgs("-Xss2m '-Dlens.x=a  b'"),
                List.of(oddDir, testClasses), PrintProperties.class.getName());
        Path argFile = tmp.resolve("java.args");
        Files.writeString(argFile, command.argFileContent(), StandardCharsets.UTF_8);

        List<String> out = new ArrayList<>();
        ForkProcess.Outcome outcome = ForkProcess.run(command.command(argFile), tmp, Optional.empty(), Map.of(),
                out::add, out::add);

        assertThat(outcome.exitCode()).as("output: %s", out).isZero();
        assertThat(out).containsExactly(
                "lens.includes=Support.*|Triage \"quoted\" \\d+",
                "lens.empty=",
                "lens.baseline=" + oddDir,
                "lens.x=a  b",
                "cp0=" + oddDir);
    }

    @Test
    void jvmArgsSplitOnWhitespaceAndQuotesKeepValuesTogether() {
        assertThat(ForkCommand.splitJvmArgs(null)).isEmpty();
        assertThat(ForkCommand.splitJvmArgs("  ")).isEmpty();
        assertThat(ForkCommand.splitJvmArgs(" -Xmx1g\t-XX:+UseSerialGC\n-ea ")).containsExactly("-Xmx1g",
                "-XX:+UseSerialGC", "-ea");
        assertThat(ForkCommand.splitJvmArgs("-Dx=\"a b\" '-Dy=c \"d\"' -Dz=\"\"")).containsExactly("-Dx=a b",
                "-Dy=c \"d\"", "-Dz=");
        assertThatThrownBy(() -> ForkCommand.splitJvmArgs("-Dx=\"open")).hasMessageContaining("unclosed");
    }

    @Test
    void theDebugDescriptionMasksSecrets() {
        ForkCommand command = new ForkCommand(JAVA, Map.of("lens.openai.apiKey", "sk-secret", "lens.seed", "7"),
                List.of("-Dlens.vllm.token=tok"), List.of(), "M");

        // lens.openai.apiKey is not among the arguments at all (it goes through the environment)
        assertThat(command.describe()).contains("-Dlens.vllm.token=****", "-Dlens.seed=7")
                .doesNotContain("sk-secret", "tok ");
    }

    @Test
    void secretBearingPropertiesGoThroughTheEnvironmentNeverTheArgumentFile() throws Exception {
        String url = "http://lens:s3cretpw@127.0.0.1:1/v1";
        ForkCommand command = new ForkCommand(JAVA, Map.of("lens.openai.baseUrl", url, "lens.openai.apiKey",
                "sk-secret", "lens.seed", "7"), List.of("-Dlens.x.baseUrl=" + url), List.of(), "M");

        assertThat(command.argFileContent()).contains("-Dlens.seed=7").doesNotContain("lens.openai.baseUrl",
                "sk-secret");
        assertThat(command.describe()).doesNotContain("s3cretpw", "sk-secret").contains("http://***@127.0.0.1:1/v1");
        java.util.Properties secret = new java.util.Properties();
        secret.load(new java.io.StringReader(command.environment().get(ForkCommand.SECRET_PROPERTIES_VARIABLE)));
        assertThat(secret).containsOnly(Map.entry("lens.openai.baseUrl", url), Map.entry("lens.openai.apiKey",
                "sk-secret"));
        assertThat(new ForkCommand(JAVA, Map.of("lens.seed", "7"), List.of(), List.of(), "M").environment())
                .isEmpty();
    }

    @Test
    void aPropertyNameMustBeOne() {
        assertThatThrownBy(() -> new ForkCommand(JAVA, Map.of("a=b", "c"), List.of(), List.of(), "M"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Run by the test above in a forked JVM. */
    public static final class PrintProperties {

        public static void main(String[] args) {
            for (String key : List.of("lens.includes", "lens.empty", "lens.baseline", "lens.x")) {
                System.out.println(key + "=" + System.getProperty(key));
            }
            System.out.println("cp0=" + System.getProperty("java.class.path").split(File.pathSeparator)[0]);
        }
    }
}
