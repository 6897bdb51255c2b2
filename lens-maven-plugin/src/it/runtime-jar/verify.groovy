// The lens-runtime jar as users get it (shaded): what it contains, what its POM passes on, and that its relocated
// libraries are complete and work from the jar alone.
import java.util.zip.ZipFile

def runtimeDir = new File(localRepositoryPath, "dev/latencylens/lens-runtime/$lensVersion")
def jar = new File(runtimeDir, "lens-runtime-${lensVersion}.jar")
def annotations = new File(localRepositoryPath,
        "dev/latencylens/lens-annotations/$lensVersion/lens-annotations-${lensVersion}.jar")

// What a user's class path gets from lens-runtime: the two Lens jars, nothing else.
def classpath = new File(basedir, 'target/classpath.txt').text.trim().split(File.pathSeparator)
        .collect { new File(it).name }
assert classpath.sort() == ["lens-annotations-${lensVersion}.jar", "lens-runtime-${lensVersion}.jar"]*.toString() :
        "lens-runtime must pass on lens-annotations only: $classpath"

// The POM: JUnit Platform provided (the user's own runs the engine); no shaded library left as a dependency; the
// cloud identity libraries optional (a user who wants them adds them), so never passed on.
def pom = new groovy.xml.XmlSlurper().parse(new File(runtimeDir, "lens-runtime-${lensVersion}.pom"))
def deps = pom.dependencies.dependency.findAll { it.optional.text() != 'true' }
        .collectEntries { ["${it.groupId}:${it.artifactId}".toString(), it.scope.text()] }
def passedOn = deps.findAll { k, scope -> scope in ['', 'compile', 'runtime'] }.keySet()
def optionalDeps = pom.dependencies.dependency.findAll { it.optional.text() == 'true' }
        .collect { "${it.groupId}:${it.artifactId}".toString() } as Set
assert optionalDeps == ['com.azure:azure-identity', 'com.google.auth:google-auth-library-oauth2-http'] as Set :
        "optional dependencies of lens-runtime: $optionalDeps"
assert passedOn == ['dev.latencylens:lens-annotations'] as Set : "lens-runtime's POM passes on $passedOn"
['engine', 'launcher'].each { assert deps["org.junit.platform:junit-platform-$it"] == 'provided' }
['okhttp', 'okio', 'kotlin', 'jackson', 'HdrHistogram', 'jtokkit', 'lens-simulator'].each { lib ->
    assert !deps.keySet().any { it.contains(lib) && deps[it] != 'test' } : "$lib must be shaded, not a dependency"
}

// The jar: every class and every resource outside META-INF under dev/latencylens; no module descriptor.
def entries = new ZipFile(jar).withCloseable { zip -> zip.entries().toList()*.name }
def foreign = entries.findAll { !it.endsWith('/') && !it.startsWith('META-INF/') && !it.startsWith('dev/latencylens/') }
assert foreign.isEmpty() : "entries outside dev/latencylens (not relocated): ${foreign.take(10)}"
assert !entries.any { it.endsWith('module-info.class') || it.endsWith('.kotlin_module') }
['dev/latencylens/internal/shaded/okhttp3/OkHttpClient.class', 'dev/latencylens/internal/shaded/okio/Buffer.class',
 'dev/latencylens/internal/shaded/kotlin/Unit.class',
 'dev/latencylens/internal/shaded/jackson/databind/ObjectMapper.class',
 'dev/latencylens/internal/shaded/hdrhistogram/Histogram.class',
 'dev/latencylens/internal/shaded/jtokkit/o200k_base.tiktoken',
 'dev/latencylens/internal/shaded/simulator/Simulator.class',
 'META-INF/LICENSE', 'META-INF/NOTICE', 'META-INF/THIRD-PARTY.txt',
 'META-INF/services/dev.latencylens.internal.shaded.jackson.core.JsonFactory'].each {
    assert entries.contains(it) : "missing from the jar: $it"
}
assert entries.findAll { it.startsWith('META-INF/services/') && !it.endsWith('/') }.every {
    it.startsWith('META-INF/services/dev.latencylens.')
            || it == 'META-INF/services/org.junit.platform.engine.TestEngine'
}

// Self-contained: in a class loader that sees only the two Lens jars and the JDK, every class (but the JUnit
// engine's, whose platform the user brings) loads and its members' types resolve. Only what OkHttp itself treats
// as optional may be missing: TLS providers (Conscrypt, BouncyCastle, OpenJSSE) and Android, which it looks for at
// run time, and GraalVM's native-image API, used only while building a native image; and the optional cloud
// identity libraries (azure-identity, google-auth), which only their isolated callers touch, once a user adds them.
def optional = ['org/conscrypt/', 'org/bouncycastle/', 'org/openjsse/', 'android/', 'dalvik/', 'org/graalvm/',
                'org/jetbrains/annotations/', 'com/azure/', 'com/google/auth/']
def loader = new URLClassLoader([jar.toURI().toURL(), annotations.toURI().toURL()] as URL[],
        ClassLoader.platformClassLoader)
def broken = []
// Compiled statically: dynamic Groovy would send c.getDeclaredFields() to a static method of the class c stands for.
@groovy.transform.CompileStatic
static void resolveMembers(Class<?> c) {
    c.getDeclaredFields(); c.getDeclaredMethods(); c.getDeclaredConstructors()
    c.getGenericSuperclass(); c.getGenericInterfaces()
}

entries.findAll { it.endsWith('.class') && !it.startsWith('dev/latencylens/internal/junit/') }.each { entry ->
    def name = entry.replace('/', '.') - '.class'
    try {
        resolveMembers(Class.forName(name, false, loader))
    } catch (LinkageError | TypeNotPresentException e) {
        def missing = (e.message ?: '').replace('.', '/')
        if (!optional.any { missing.contains(it) }) {
            broken << "$name: $e"
        }
    }
}
assert broken.isEmpty() : "classes of the jar that need what it lacks:\n${broken.take(20).join('\n')}"

// The relocated libraries work from the jar alone: JTokkit finds its tables (resources), Jackson reads and writes.
def estimator = loader.loadClass('dev.latencylens.internal.tokens.TokenEstimator')
def encoding = loader.loadClass('dev.latencylens.internal.tokens.TokenEstimator$Encoding')
Class.getMethod('getEnumConstants').invoke(encoding).each { e ->
    // "In| one| sentence|:| why| is| the| sky| blue|?" in both o200k_base and cl100k_base
    assert estimator.getMethod('of', encoding).invoke(null, e).count('In one sentence: why is the sky blue?') == 10 :
            "token count with $e"
}
def mapper = loader.loadClass('dev.latencylens.internal.shaded.jackson.databind.ObjectMapper')
        .getConstructor().newInstance()
assert mapper.writeValueAsString(mapper.readTree('{"a":[1,2]}')) == '{"a":[1,2]}'
return true
