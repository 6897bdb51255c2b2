// lens.includes and lens.excludes are regular expressions on the benchmark name.
import groovy.json.JsonSlurper

def names = { dir -> new JsonSlurper().parse(new File(basedir, "target/$dir/results.json")).benchmarks*.name }
assert names('lens-includes') == ['TwoBenchmarks.first']
assert names('lens-excludes') == ['TwoBenchmarks.second']

// Each run announces what it runs of what is listed, not what is listed.
def log = new File(basedir, 'build.log').text
assert log.contains('[lens] running 1 of 2 benchmark(s) (lens.includes=.*first)')
assert log.contains('[lens] running 1 of 2 benchmark(s) (lens.excludes=.*first)')
return true
