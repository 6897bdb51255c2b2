// lens.includes and lens.excludes are regular expressions on the benchmark name.
import groovy.json.JsonSlurper

def names = { dir -> new JsonSlurper().parse(new File(basedir, "target/$dir/results.json")).benchmarks*.name }
assert names('lens-includes') == ['TwoBenchmarks.first']
assert names('lens-excludes') == ['TwoBenchmarks.second']
return true
