package dev.latencylens.internal.junit;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;

/** The benchmarks of one class, grouped as IDEs and reports show test classes. */
final class BenchmarkClassDescriptor extends AbstractTestDescriptor {

    static final String SEGMENT = "class";

    BenchmarkClassDescriptor(UniqueId parent, String className) {
        super(parent.append(SEGMENT, className), simpleName(className), ClassSource.from(className));
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }
}
