package dev.latencylens.internal.junit;

import dev.latencylens.api.BenchmarkHarness;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;

/** One benchmark as a test: it passes when the benchmark ran and met its {@code @Sla}. */
final class BenchmarkTestDescriptor extends AbstractTestDescriptor {

    static final String SEGMENT = "benchmark";

    private final BenchmarkHarness harness;

    BenchmarkTestDescriptor(UniqueId parent, BenchmarkHarness harness) {
        super(parent.append(SEGMENT, harness.descriptor().name()), harness.descriptor().name(), source(harness));
        this.harness = harness;
    }

    private static TestSource source(BenchmarkHarness harness) {
        var d = harness.descriptor();
        return d.className().isEmpty() ? null : MethodSource.from(d.className(), d.methodName());
    }

    BenchmarkHarness harness() {
        return harness;
    }

    @Override
    public Set<TestTag> getTags() {
        return harness.descriptor().tags().stream().filter(TestTag::isValid).map(TestTag::create)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Type getType() {
        return Type.TEST;
    }
}
