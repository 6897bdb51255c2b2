// A passing run against the simulator: every report is there and well-formed, the fork's progress was streamed
// into the build log, and install published results.json under the classifier lens-results.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('Latency Lens: benchmarks run in a forked JVM')
assert log.contains('[lens] running 1 of 1 benchmark(s)')

// No JUnit in the project: the fork gets the plugin's own platform (the launcher and what it needs).
def forkJars = new File(basedir, 'target/lens-fork/java.args').text.findAll(/[\w.-]+\.jar/)
assert forkJars.any { it.startsWith('junit-platform-launcher-') }
assert !forkJars.any { it.startsWith('lens-export-') } : 'no export asked for, no lens-export in the fork'
assert forkJars.any { it.startsWith('junit-platform-engine-') }
assert forkJars.findAll { it.startsWith('junit-platform-') }
        .collect { it.replaceAll(/.*-([\d.]+(-[\w.]+)?)\.jar/, '$1') }
        .unique().size() == 1 : "one JUnit Platform version in the fork: $forkJars"
assert log.contains('[lens]') : 'the fork\'s own output should be in the build log'

def lens = new File(basedir, 'target/lens')
['results.json', 'requests.jsonl', 'results.csv', 'summary.md', 'jmh-result.json', 'report.html', 'TEST-lens.xml'].each {
    def report = new File(lens, it)
    assert report.isFile() : "missing report: $report"
    assert report.length() > 0 : "empty report: $report"
}
assert !new File(lens, 'regression.json').exists() : 'no baseline, no regression report'

def json = new JsonSlurper()
def results = json.parse(new File(lens, 'results.json'))
assert results.benchmarks*.name == ['PassingBench.hello']
assert results.benchmarks[0].reliability.succeeded == 5
assert !results.partial

def requests = new File(lens, 'requests.jsonl').readLines().findAll { it.trim() }
assert requests.size() >= 5
requests.each { json.parseText(it) }

json.parse(new File(lens, 'jmh-result.json'))
def junit = new groovy.xml.XmlSlurper().parse(new File(lens, 'TEST-lens.xml'))
assert junit.name() in ['testsuite', 'testsuites']
assert new File(lens, 'report.html').text.toLowerCase().contains('<html')
assert new File(lens, 'results.csv').readLines().size() >= 2
assert new File(lens, 'summary.md').text.contains('PassingBench.hello')

def installed = new File(localRepositoryPath,
        'dev/latencylens/it/passing-simulated/1.0-SNAPSHOT/passing-simulated-1.0-SNAPSHOT-lens-results.json')
assert installed.isFile() : "results.json was not attached and installed: $installed"
assert json.parse(installed).benchmarks*.name == ['PassingBench.hello']
return true
