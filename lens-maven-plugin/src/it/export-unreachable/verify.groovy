// Exports to an unreachable target: lens-export was added to the fork (and only here: passing-simulated has none),
// each exporter said once that it failed, naming its target without the password, and the build passed.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')

def forkJars = new File(basedir, 'target/lens-fork/java.args').text.findAll(/[\w.-]+\.jar/)
assert forkJars.any { it.startsWith('lens-export-') } : "lens-export in the fork: $forkJars"

def warnings = log.readLines().findAll { it.contains('[lens] WARNING export to ') }
assert warnings.size() == 3 : warnings
assert warnings.any { it.contains('export to Prometheus Pushgateway at http://127.0.0.1:9 failed') }
assert warnings.any { it.contains('export to OTLP at http://127.0.0.1:9 failed') }
assert warnings.any { it.contains('export to InfluxDB at http://127.0.0.1:9/write failed') }
assert warnings.every { !it.contains('pw-s3cret') && !it.contains('lens:') }
assert !log.readLines().findAll { it.contains('[lens]') }.any { it.contains('pw-s3cret') }

assert new File(basedir, 'target/lens/results.json').isFile()
