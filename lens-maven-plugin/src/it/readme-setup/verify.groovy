// The project made of the README's snippets built and ran its benchmark on a Maven without any parent POM.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
def pom = new groovy.xml.XmlSlurper().parse(new File(basedir, 'pom.xml'))
assert pom.parent.isEmpty() : 'no parent POM: the snippets alone must do'
assert pom.build.plugins.plugin.every { !it.version.text().isEmpty() } : 'every plugin in the snippets has a version'

def results = new JsonSlurper().parse(new File(basedir, 'target/lens/results.json'))
assert results.benchmarks.size() >= 1
assert results.benchmarks.every { it.reliability.succeeded == 3 }
return true
