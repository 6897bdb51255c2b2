package dev.latencylens.internal.config;

/**
 * A configuration file that cannot be used: the message names what is wrong, where ({@code lens.yaml:7:5}) and what
 * is allowed. The command line exits 2 on it; {@code mvn lens:bench} fails as a configuration error.
 */
public final class ConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    ConfigException(String problem, ConfigNode.Location at) {
        super(problem + " at " + at);
    }

    /** {@code "unknown key 'x' at lens.yaml:7:5 — did you mean 'y'?"}: the hint after the place. */
    ConfigException(String problem, ConfigNode.Location at, String hint) {
        super(problem + " at " + at + hint);
    }

    ConfigException(String problem, ConfigNode.Location at, Throwable cause) {
        super(problem + " at " + at, cause);
    }
}
