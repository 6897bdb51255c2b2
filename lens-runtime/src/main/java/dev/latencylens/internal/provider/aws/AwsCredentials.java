package dev.latencylens.internal.provider.aws;

import java.util.Objects;
import java.util.Optional;

/**
 * Static AWS credentials, as the AWS SDKs read them from {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}
 * and the optional {@code AWS_SESSION_TOKEN} of temporary credentials. {@link #toString()} shows the access key id
 * only.
 */
public record AwsCredentials(String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {

    public AwsCredentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(sessionToken, "sessionToken");
    }

    @Override
    public String toString() {
        return "AwsCredentials[" + accessKeyId + ", secret=***" + (sessionToken.isPresent() ? ", session token" : "")
                + "]";
    }
}
