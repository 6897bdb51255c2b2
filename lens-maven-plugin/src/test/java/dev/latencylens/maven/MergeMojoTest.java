package dev.latencylens.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;

/** lens.merge.inputs as a user types it. */
class MergeMojoTest {

    @Test
    void inputsAreCommaSeparatedAndTrimmed() throws Exception {
        assertThat(MergeMojo.paths(" shards/a , shards/b,,/abs/c ")).containsExactly(Path.of("shards/a"),
                Path.of("shards/b"), Path.of("/abs/c"));
    }

    @Test
    void noInputIsAnErrorShowingTheForm() {
        assertThatThrownBy(() -> MergeMojo.paths(" , ")).isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("lens.merge.inputs names no shard directory")
                .hasMessageContaining("-Dlens.merge.inputs=shard-0,shard-1,shard-2");
        assertThatThrownBy(() -> MergeMojo.paths(null)).isInstanceOf(MojoExecutionException.class);
    }
}
