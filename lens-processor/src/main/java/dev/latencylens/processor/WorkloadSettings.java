package dev.latencylens.processor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values of a benchmark's {@code @Workload}, defaults resolved and validated: what the generated descriptor's
 * {@code Workload} is built from.
 *
 * @param values every attribute by name, in declaration order: {@code Integer}, {@code Double}, {@code String} or an
 *               enum constant of lens-annotations
 * @param trace  whether it replays a trace (the pattern is then {@code TRACE})
 */
record WorkloadSettings(Map<String, Object> values, boolean trace) {

    WorkloadSettings {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
