// JUnit 5.10 (Platform 1.10): the engine runs under Surefire's launcher when enabled, stays idle otherwise, and
// lens:bench forks on the project's own platform version.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def platformVersion = '1.' + junit510Version.substring(2)   // JUnit 5.x runs on Platform 1.x
assert !log.contains('BUILD FAILURE')
def jsonOf = { dir -> new JsonSlurper().parse(new File(basedir, "target/$dir/results.json")) }

// 1. Not enabled: the Jupiter test ran, no benchmark did.
assert !new File(basedir, 'target/lens-not-enabled').exists() : 'a plain mvn test must not run benchmarks'

// 2. Enabled: the benchmark is a test of the latency-lens engine in Surefire's report, and its results are written.
def suite = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/surefire-reports').listFiles()
        .find { it.name.startsWith('TEST-') && it.text.contains('Junit510Bench') })
assert suite.testcase*.@name*.text() == ['hello'] : 'the benchmark ran as a test (Surefire names it by its method)'
assert suite.@failures.toInteger() == 0 && suite.@errors.toInteger() == 0
assert jsonOf('lens-surefire').benchmarks*.name == ['Junit510Bench.hello']
assert jsonOf('lens-surefire').benchmarks[0].reliability.succeeded == 5

// 3. lens:bench: the fork runs on the project's Platform, never on the plugin's own 6.x.
def platform = new File(basedir, 'target/lens-fork/java.args').text
        .findAll(/junit-platform-[a-z-]+-[\d.]+(?:-[\w.]+)?\.jar/)
assert platform.contains("junit-platform-launcher-${platformVersion}.jar".toString())
assert !platform.any { it.startsWith("junit-platform-reporting") } // TEST-lens.xml is written by Lens
assert platform.every { it.endsWith("-${platformVersion}.jar") } : "one platform version in the fork: $platform"
assert log.contains("the fork runs on the project's JUnit Platform $platformVersion")
assert log.contains('[lens] running 1 of 1 benchmark(s)')
assert jsonOf('lens').benchmarks[0].reliability.succeeded == 5
assert new File(basedir, 'target/lens/TEST-lens.xml').isFile()
return true
