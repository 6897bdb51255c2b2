package dev.latencylens.internal.merge;

import dev.latencylens.internal.metrics.Histograms;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.Shard;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Whether the shards measured the same thing: a shard whose TTFT p50 lies outside what the other shards' TTFTs allow
 * for the median of that many requests gets a warning ({@link #RULE}). Shards on machines in different regions, or a
 * shard on a busy machine, measure different latencies, and a merge would blend them into figures no user sees.
 *
 * <p>Why this bound: if a shard's n requests and the others' m come from one distribution F, the share of the
 * others' TTFTs below the shard's sample median is about 0.5 with variance {@code 0.25/n} (the median's rank) plus
 * {@code 0.25/m} (the others' empirical distribution), by the normal approximation to the binomial behind
 * Mood's median test. So with 99 % probability the shard's p50 lies between the others' quantiles
 * {@code 0.5 ± 2.576 · 0.5 · sqrt(1/n + 1/m)}; outside them (by more than a histogram bucket) the shard disagrees.
 * With three shards each is tested, so the chance of a warning when nothing differs is up to 3 %: a warning, never
 * a failure.
 */
final class ShardAgreement {

    static final String RULE = "a shard disagrees when its TTFT p50 lies outside the other shards' TTFT quantiles"
            + " 0.5 ± 2.576 × 0.5 × √(1/n + 1/m) (n its successful requests, m theirs; 99 % under one distribution)";
    /** Below this many requests on either side the median says too little to judge. */
    static final long MIN_REQUESTS = 10;
    private static final double Z_99 = 2.576;

    private ShardAgreement() {
    }

    /**
     * @param ttft   each shard's TTFT distribution, in the order of {@code shards}
     * @return a warning for each shard that disagrees with the others
     */
    static List<String> disagreements(List<Distribution> ttft, List<Shard> shards) {
        List<String> warnings = new ArrayList<>();
        for (int s = 0; s < ttft.size(); s++) {
            Distribution mine = ttft.get(s);
            List<Distribution> others = new ArrayList<>(ttft);
            others.remove(s);
            Distribution rest = Histograms.sum(others, "ttft");
            if (mine.n() < MIN_REQUESTS || rest.n() < MIN_REQUESTS) {
                continue;
            }
            double half = Z_99 * 0.5 * Math.sqrt(1.0 / mine.n() + 1.0 / rest.n());
            Histogram h = Histograms.decode(rest.histogram());
            double low = h.lowestEquivalentValue(h.getValueAtPercentile(100 * Math.max(0, 0.5 - half)))
                    / rest.scale();
            double high = h.highestEquivalentValue(h.getValueAtPercentile(100 * Math.min(1, 0.5 + half)))
                    / rest.scale();
            if (mine.p50() < low || mine.p50() > high) {
                warnings.add(String.format(Locale.ROOT, "shard %d (%s) disagrees with the others: its TTFT p50 %.1f ms"
                        + " of %d requests is outside %.1f-%.1f ms, where one distribution would put it; it measured"
                        + " something else (another region or network, a busy machine?) and the merged figures mix it"
                        + " in", shards.get(s).index(), shards.get(s).host(), mine.p50(), mine.n(), low, high));
            }
        }
        return warnings;
    }
}
