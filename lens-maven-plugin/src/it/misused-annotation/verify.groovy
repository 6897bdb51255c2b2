// A misused annotation is a compile error on the element, in the compilation lens:bench runs first.
def log = new File(basedir, 'build.log').text
assert log.contains('COMPILATION ERROR')
assert log.contains("MisusedBench.java")
assert log.contains("@LlmBenchmark method hidden is not public; declare it 'public'")
assert !new File(basedir, 'target/lens').exists() : 'nothing may run'
return true
