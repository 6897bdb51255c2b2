package dev.latencylens.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SimulatorMainTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

    @Test
    void parsesPortAndSeed() {
        assertThat(SimulatorMain.parse(new String[] {"--port", "8090", "--seed", "7"}, errStream))
                .isEqualTo(new SimulatorMain.Options(8090, 7));
        assertThat(SimulatorMain.parse(new String[0], errStream)).isEqualTo(new SimulatorMain.Options(8089, 42));
    }

    @Test
    void anUnknownArgumentPrintsTheUsage() {
        assertThat(SimulatorMain.parse(new String[] {"--verbose"}, errStream)).isNull();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("unknown argument: --verbose")
                .contains("usage: java dev.latencylens.simulator.SimulatorMain");
    }

    @Test
    void aBadPortPrintsWhatIsAllowed() {
        assertThat(SimulatorMain.parse(new String[] {"--port", "70000"}, errStream)).isNull();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("--port 70000: expected a port 0..65535");
    }

    @Test
    void aMissingValueIsNamed() {
        assertThat(SimulatorMain.parse(new String[] {"--seed"}, errStream)).isNull();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("--seed needs a value");
    }
}
