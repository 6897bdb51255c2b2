package dev.latencylens.internal.load;

import java.util.SplittableRandom;

/** Gamma(shape, 1) samples: Marsaglia and Tsang's method (2000), with the boost for shape below 1. */
final class Gamma {

    private Gamma() {
    }

    static double sample(SplittableRandom random, double shape) {
        if (shape < 1) {
            // Gamma(a) = Gamma(a + 1) × U^(1/a)
            return sample(random, shape + 1) * Math.pow(random.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = gaussian(random);
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    private static double gaussian(SplittableRandom random) {
        // Box–Muller written out, so a seed gives the same schedule whatever the JDK's nextGaussian does.
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
