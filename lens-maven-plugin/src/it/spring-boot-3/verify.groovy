// A Spring Boot 3.5 service on OkHttp 4 with Lens: its test class path holds one OkHttp (4.12), one Kotlin, one
// Jackson and one JUnit Platform, Boot's; its own tests passed; lens:bench ran on Boot's platform, offline.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('enforce (one-copy-of-every-class)') : 'the enforcer (no class from two jars) must have run'

// The test class path, as dependency:build-classpath wrote it: jar file names and their versions.
def jars = new File(basedir, 'target/test-classpath.txt').text.trim().split(File.pathSeparator)
        .collect { new File(it).name }
def versionsOf = { prefix -> jars.findAll { it.startsWith(prefix) }
        .collect { (it =~ /-(\d[^-]*(?:-[A-Z][\w.]*)?)\.jar$/)[0][1] } as Set }

def okhttp = jars.findAll { it.startsWith('okhttp') }
assert okhttp == ['okhttp-4.12.0.jar'] : "one OkHttp, the service's own 4.12: $okhttp"
assert versionsOf('okio').size() == 1 : "one Okio: ${jars.findAll { it.startsWith('okio') }}"
def kotlin = versionsOf('kotlin-stdlib')
assert kotlin.size() == 1 && kotlin.first().startsWith('1.9.') : "one Kotlin, Boot's 1.9: $kotlin"
def jackson = versionsOf('jackson-')
assert jackson.size() == 1 && jackson.first().startsWith('2.19.') : "one Jackson, Boot's 2.19: $jackson"
assert !jars.any { it.startsWith('HdrHistogram') || it.startsWith('jtokkit') || it.startsWith('lens-simulator') }

// Boot's JUnit Platform, and nothing of Lens's own (6.x): JUnit 5.12.x runs on Platform 1.12.x.
def platform = versionsOf('junit-platform-')
assert platform.size() == 1 && platform.first().startsWith('1.') : "one JUnit Platform, Boot's: $platform"
def jupiter = versionsOf('junit-jupiter')
assert jupiter.size() == 1 && platform.first() == '1.' + jupiter.first().substring(2) :
        "Boot's Jupiter $jupiter and its Platform $platform"
assert jars.count { it.startsWith('lens-runtime-') } == 1 && jars.count { it.startsWith('lens-annotations-') } == 1

// The service's own JUnit 5 test ran and passed (surefire).
def report = new groovy.xml.XmlSlurper()
        .parse(new File(basedir, 'target/surefire-reports/TEST-it.boot.ApplicationTest.xml'))
assert report.@tests.toInteger() == 1 && report.@failures.toInteger() == 0 && report.@errors.toInteger() == 0

// lens:bench: the fork ran on Boot's platform (the launcher added in that version), against the simulator.
def platformVersion = platform.first()
assert log.contains("the fork runs on the project's JUnit Platform $platformVersion")
def forkJars = new File(basedir, 'target/lens-fork/java.args').text.findAll(/[\w.-]+\.jar/)
        .collect { it.replaceAll('.*/', '') }
assert forkJars.contains("junit-platform-launcher-${platformVersion}.jar".toString())
assert !forkJars.any { it.startsWith("junit-platform-reporting") } // TEST-lens.xml is written by Lens
assert !forkJars.any { it.startsWith('junit-platform-') && !it.contains(platformVersion) } :
        "one JUnit Platform in the fork too: ${forkJars.findAll { it.startsWith('junit-platform-') }}"
assert forkJars.findAll { it.startsWith('okhttp') } == ['okhttp-4.12.0.jar']
assert log.contains('[lens] running 1 of 1 benchmark(s)')
def results = new JsonSlurper().parse(new File(basedir, 'target/lens/results.json'))
assert results.benchmarks*.name == ['ChatLatency.shortAnswer']
assert results.benchmarks[0].reliability.succeeded == 5
return true
