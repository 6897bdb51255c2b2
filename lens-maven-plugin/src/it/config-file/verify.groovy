// The file's benchmarks ran in the fork beside the annotated one, into the same reports, its dataset path
// resolved against the file's directory.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('[lens] running 3 of 3 benchmark(s)')
def lens = new File(basedir, 'target/lens')
['results.json', 'requests.jsonl', 'results.csv', 'summary.md', 'jmh-result.json', 'report.html', 'TEST-lens.xml'].each {
    assert new File(lens, it).length() > 0 : "missing report: $it"
}
def results = new JsonSlurper().parse(new File(lens, 'results.json'))
assert results.benchmarks*.name as Set == ['PassingBench.hello', 'synthetic-40', 'faq'] as Set
def synthetic = results.benchmarks.find { it.name == 'synthetic-40' }
assert synthetic.reliability.succeeded == 4
assert synthetic.config.workload.inputTokens == 40
def faq = results.benchmarks.find { it.name == 'faq' }
assert faq.config.workload.dataset.endsWith('data/prompts.jsonl') : 'relative to the configuration file'
assert new File(lens, 'TEST-lens.xml').text.contains('synthetic-40')
return true
