// Much slower than the committed baseline: with failOnRegression the build fails, without it it passes, writes the
// comparison, and install publishes it under the classifier lens-regression.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('Latency Lens: a benchmark gate failed')
assert log.contains('regressed against the baseline') : 'the fork should list the regressions'
assert log.contains('RegressionBench.answer ttft p50')
assert new File(basedir, 'target/lens-gated/regression.md').isFile()
assert new File(basedir, 'target/lens-gated/regression.json').isFile()

assert log.contains('BUILD SUCCESS') : 'the second build, without failOnRegression, should pass'
def regression = new File(basedir, 'target/lens/regression.json')
assert regression.isFile()
assert regression.text.contains('RegressionBench.answer')
new JsonSlurper().parse(regression)

def dir = new File(localRepositoryPath, 'dev/latencylens/it/regression-baseline/1.0-SNAPSHOT')
assert new File(dir, 'regression-baseline-1.0-SNAPSHOT-lens-results.json').isFile()
assert new File(dir, 'regression-baseline-1.0-SNAPSHOT-lens-regression.json').isFile()
return true
