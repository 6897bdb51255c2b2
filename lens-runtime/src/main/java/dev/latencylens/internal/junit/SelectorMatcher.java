package dev.latencylens.internal.junit;

import java.util.List;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.discovery.ClasspathRootSelector;
import org.junit.platform.engine.discovery.MethodSelector;
import org.junit.platform.engine.discovery.ModuleSelector;
import org.junit.platform.engine.discovery.PackageSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;

/**
 * Whether a benchmark is among what the launcher asked for: a class path root or module selects everything, a
 * package its classes, a class (the benchmark class) its benchmarks, a method one benchmark, a unique id the
 * benchmarks under it (the engine's own id selects all).
 */
final class SelectorMatcher {

    private final List<DiscoverySelector> selectors;

    SelectorMatcher(EngineDiscoveryRequest request, UniqueId engineId) {
        this.selectors = request.getSelectorsByType(DiscoverySelector.class).stream()
                .filter(s -> !(s instanceof UniqueIdSelector u) || u.getUniqueId().hasPrefix(engineId))
                .toList();
    }

    boolean selects(String className, String methodName, UniqueId testId) {
        for (DiscoverySelector s : selectors) {
            if (s instanceof ClasspathRootSelector || s instanceof ModuleSelector) {
                return true;
            }
            if (s instanceof PackageSelector p && (p.getPackageName().isEmpty()
                    || className.startsWith(p.getPackageName() + "."))) {
                return true;
            }
            if (s instanceof ClassSelector c && c.getClassName().equals(className)) {
                return true;
            }
            if (s instanceof MethodSelector m && m.getClassName().equals(className)
                    && m.getMethodName().equals(methodName)) {
                return true;
            }
            if (s instanceof UniqueIdSelector u && testId.hasPrefix(u.getUniqueId())) {
                return true;
            }
        }
        return false;
    }
}
