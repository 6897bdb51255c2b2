def log = new File(basedir, 'build.log').text
assert log.contains('Latency Lens: skipped (lens.skip)')
assert log.contains('BUILD SUCCESS')
assert !new File(basedir, 'target/lens').exists() : 'nothing may run'
return true
