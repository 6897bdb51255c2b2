// lens:monitor ran the selected benchmark only, round after round, stopped by itself after lens.monitor.duration
// and left a complete interval log; lens-export joined the fork (the monitor lives there).
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')

def forkJars = new File(basedir, 'target/lens-fork/java.args').text.findAll(/[\w.-]+\.jar/)
assert forkJars.any { it.startsWith('lens-export-') } : "lens-export in the fork: $forkJars"

assert log.contains('[lens] monitoring 1 benchmark(s) every 200 ms')
def rounds = log.readLines().findAll { it.contains("[lens] round ") && it.contains("'MonitoredBench.probed': 3/3 probe(s) succeeded") }
assert rounds.size() >= 3 : "rounds logged: $rounds"
assert !log.contains("'MonitoredBench.ignored'")
assert log.contains('[lens] monitor stopped after')

def hlog = new File(basedir, 'target/lens/monitor.hlog')
assert hlog.isFile()
def intervals = hlog.readLines().findAll { it.startsWith('Tag=MonitoredBench.probed/ttft,') }
assert intervals.size() == rounds.size() : "one TTFT interval per round: ${intervals.size()} vs ${rounds.size()}"
