// An impossible SLA: the first build fails with the breach named by the fork and the plugin's gate message, and the
// reports are still written; the second build, with failOnSlaViolation=false, passes.
def log = new File(basedir, 'build.log').text
assert log.contains('Latency Lens: a benchmark gate failed')
assert log.contains('SlaBench.tooFast breached its @Sla') : 'the fork should name the breached benchmark'
assert log.contains('ttftP50Ms') : 'the fork should name the breached bound'

assert new File(basedir, 'target/lens/summary.md').isFile()
assert new File(basedir, 'target/lens/results.json').isFile()

assert new File(basedir, 'target/lens-no-gate/results.json').isFile()
assert log.contains('BUILD SUCCESS') : 'the second build, without the gate, should pass'
assert log.contains('not failing the build: failOnSlaViolation=false')
return true
