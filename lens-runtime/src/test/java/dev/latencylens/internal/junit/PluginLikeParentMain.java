package dev.latencylens.internal.junit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code mvn lens:bench} does with its fork, in a JVM of its own for {@link ParentWatchTest} to kill: starts
 * {@link LensLauncherMain} with {@code lens.stopWhenParentExits}, keeps the child's standard input open and silent,
 * writes the child's pid, then waits for it. Args: the child's class path, the simulator's OpenAI base URL, the
 * output directory.
 */
public final class PluginLikeParentMain {

    private PluginLikeParentMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[2]);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder fork = new ProcessBuilder(List.of(java, "-cp", args[0],
                "-Dlens.stopWhenParentExits=true", "-Dlens.progress=plain", "-Dlens.includes=parentwatch\\..*",
                "-Dlens.openai.baseUrl=" + args[1], "-Dlens.reportsDirectory=" + dir.resolve("lens"),
                LensLauncherMain.class.getName()));
        fork.environment().put("OPENAI_API_KEY", "fake-key-for-the-simulator");
        fork.redirectErrorStream(true).redirectOutput(dir.resolve("fork.log").toFile());
        Process child = fork.start(); // its standard input: a pipe this JVM holds open and never writes to
        Files.writeString(dir.resolve("fork.pid"), Long.toString(child.pid()));
        child.waitFor();
    }

    /** The class path of this JVM with {@code extra} in front. */
    static String classPath(Path extra) {
        return extra + File.pathSeparator + System.getProperty("java.class.path");
    }
}
