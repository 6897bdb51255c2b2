package dev.latencylens.internal.provider.aws;

import dev.latencylens.spi.ProviderSettings;
import java.util.Optional;

/**
 * The AWS region a provider calls: {@code lens.<id>.region}, else the system property {@code aws.region}, else
 * {@code AWS_REGION}, else {@code AWS_DEFAULT_REGION} (the CLI's), else the {@code region} of the chosen profile in
 * {@code ~/.aws/config} ({@link AwsProfiles}), as the AWS SDKs look for it (the instance's own region is not
 * asked for: set one of these on EC2 too). Stateless.
 */
final class AwsRegion {

    private AwsRegion() {
    }

    static Optional<String> resolve(String providerId, ProviderSettings settings, AwsProfiles profiles) {
        String region = settings.property("lens." + providerId + ".region");
        if (region == null) {
            region = settings.property("aws.region");
        }
        if (region == null) {
            region = settings.env("AWS_REGION");
        }
        if (region == null) {
            region = settings.env("AWS_DEFAULT_REGION");
        }
        if (region == null) {
            region = profiles.profile(profiles.profileName()).map(p -> p.get("region")).orElse(null);
        }
        return Optional.ofNullable(region);
    }

    /** Where {@link #resolve} looked, for the message of a run without a region. */
    static String lookedIn(String providerId, AwsProfiles profiles) {
        return "lens." + providerId + ".region, aws.region, AWS_REGION, AWS_DEFAULT_REGION and the region of "
                + profiles.describe();
    }
}
