package dev.latencylens.internal.provider.credentials;

/**
 * Whether an optional library (azure-identity, google-auth-library) is on the class path. A provider checks first
 * and only then calls the one class of its own that imports the library, so that class, and the library, are
 * loaded only when present (the JVM links a class when it is first used, not when a class that names it is
 * loaded). Stateless.
 */
public final class OptionalLibrary {

    private OptionalLibrary() {
    }

    /** Whether {@code className} can be loaded by the context class loader (or this class's). */
    public static boolean present(String className) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            Class.forName(className, false, loader != null ? loader : OptionalLibrary.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
