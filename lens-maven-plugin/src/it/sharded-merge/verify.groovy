// Two shards of one Poisson benchmark merged by lens:merge: one run's figures, each shard beside them, the request
// logs concatenated; a merge with a shard missing fails, naming it.
import groovy.json.JsonSlurper

def json = new JsonSlurper()
def shard0 = json.parse(new File(basedir, 'target/lens/shard-0/results.json'))
assert shard0.shard.index == 0 && shard0.shard.count == 2
assert shard0.benchmarks[0].config.iterations == 6 && shard0.benchmarks[0].config.concurrency == 2

def merged = json.parse(new File(basedir, 'target/lens/merged/results.json'))
assert merged.shard == null : 'the merged run is no shard'
def b = merged.benchmarks[0]
assert b.config.iterations == 12 && b.config.concurrency == 4
assert b.reliability.attempted == 12
assert b.metrics.ttft.n == 12
assert b.shards.collect { it.index } == [0, 1]
assert b.throughput.firstSend != null && b.throughput.lastEnd != null
['summary.md', 'report.html', 'results.csv', 'jmh-result.json', 'TEST-lens.xml'].each {
    assert new File(basedir, "target/lens/merged/$it").isFile() : "merged $it"
}
def measured = new File(basedir, 'target/lens/merged/requests.jsonl').readLines().collect { json.parseText(it) }
        .findAll { it.phase == 'measured' }
assert measured.collect { it.index }.sort() == (0..11).toList()
assert measured.every { it.index % 2 == it.shard }

def log = new File(basedir, 'build.log').text
assert log.contains('the run had 2 shards; missing shard [1]')
return true
