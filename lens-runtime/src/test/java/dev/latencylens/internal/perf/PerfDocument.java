package dev.latencylens.internal.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Assembles docs/PERFORMANCE.md from the sections the measurements wrote ({@link PerfSection}): a headline table of
 * every figure beside its target and the SDK's, then each section in the order of {@link #ORDER}. Nothing in the
 * document is written by hand, so a verdict cannot disagree with its figure or with another part of the page.
 */
final class PerfDocument {

    /** Section ids, in document order; a section that was not measured is left out (and said so). */
    static final List<String> ORDER = List.of("machine", "overhead-in-process", "overhead-own-jvm", "capacity",
            "floor", "profile", "schedule", "startup", "reports", "memory");

    private PerfDocument() {
    }

    static void assemble(Path dir, Path out) throws IOException {
        List<PerfSection.Figure> figures = new ArrayList<>();
        StringBuilder sections = new StringBuilder();
        List<String> missing = new ArrayList<>();
        for (String id : ORDER) {
            Path md = dir.resolve(id + ".md");
            if (!Files.exists(md)) {
                missing.add(id);
                continue;
            }
            sections.append(Files.readString(md, StandardCharsets.UTF_8));
            Path tsv = dir.resolve(id + ".tsv");
            if (Files.exists(tsv)) {
                Files.readAllLines(tsv, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
                        .map(PerfSection.Figure::parse).forEach(figures::add);
            }
        }
        StringBuilder doc = new StringBuilder("""
                # Performance of Latency Lens

                What the harness itself costs, how much load it drives, how punctual its scheduler is, how fast it
                starts and how big a run it reports, each beside its target and beside the official OpenAI Java SDK
                measured in the same run. **Generated** by `scripts/performance.sh` (sources:
                `lens-runtime/src/test/java/dev/latencylens/internal/perf/`); do not edit by hand, run the script.

                ## Headline

                """);
        long met = figures.stream().filter(PerfSection.Figure::met).count();
        doc.append(met).append(" of ").append(figures.size()).append(" targets met.\n\n");
        doc.append("| figure | target | Lens | SDK | verdict |\n|---|---|---|---|---|\n");
        for (PerfSection.Figure f : figures) {
            doc.append("| ").append(f.what()).append(" | ").append(f.target()).append(" | ").append(f.lens())
                    .append(" | ").append(f.sdk()).append(" | ").append(f.met() ? "met" : "**missed**").append(" |\n");
        }
        doc.append('\n');
        if (!missing.isEmpty()) {
            doc.append("Not measured in this run: ").append(String.join(", ", missing)).append(".\n\n");
        }
        doc.append(sections);
        Files.writeString(out, doc.toString().replaceAll("\n{3,}", "\n\n"), StandardCharsets.UTF_8);
        System.out.println("wrote " + out + ": " + met + "/" + figures.size() + " targets met");
    }
}
