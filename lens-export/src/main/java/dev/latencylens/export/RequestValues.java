package dev.latencylens.export;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One line of {@code requests.jsonl} as the exporters see it (built by {@link LensResults#forEachRequest}).
 *
 * @param benchmark the benchmark (or sweep step) it belongs to
 * @param phase     {@code probe}, {@code warmup}, {@code measured} or {@code cooldown}
 * @param outcome   {@code success} or the error class in lower case ({@code timeout}, {@code http_5xx}, ...)
 * @param index     its index within the phase
 * @param time      when it was sent (its {@code t_send}; {@code t_sched} when it never was), to the microsecond
 * @param fields    its figures: {@code ttft_ms}, {@code ttfo_ms}, {@code ttfb_ms}, {@code e2e_ms}, {@code tpot_ms},
 *                  {@code schedule_lag_ms} (each when measured), {@code input_tokens}, {@code output_tokens},
 *                  {@code http_status}, {@code attempt}, {@code index} (whole numbers as {@code Long}),
 *                  {@code finish_reason} and {@code request_id} when known
 */
public record RequestValues(String benchmark, String phase, String outcome, int index, Instant time,
                            Map<String, Object> fields) {

    public RequestValues {
        Objects.requireNonNull(benchmark, "benchmark");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(time, "time");
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
