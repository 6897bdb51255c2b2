// @LlmBenchmark compiled with annotation processing off: the build fails and shows how to declare the processor.
def log = new File(basedir, 'build.log').text
assert log.contains('annotation processor did not run')
assert log.contains('it.UnprocessedBench')
assert log.contains('<annotationProcessorPaths>')
assert log.contains('<groupId>dev.latencylens</groupId>')
assert log.contains('<artifactId>lens-processor</artifactId>')
assert log =~ /<version>\d+\.\d+\.\d+(-SNAPSHOT)?<\/version>/
assert log.contains('-proc:full')
assert !new File(basedir, 'target/lens').exists() : 'nothing may run'
return true
