// Makes this project out of the README, as a new user would: the XML snippets of "Using it in your project" become
// the POM (no parent, so Maven's own default plugin versions apply wherever the snippets name none), and the first
// Java snippet becomes the benchmark. Only the Latency Lens version is set to the one under test; the README's own
// must be the only place it is written. When the README changes so that this no longer builds, this test fails.
def readme = new File(readmeFile).text.replace('\r\n', '\n')

def heading = '## Using it in your project\n'
int start = readme.indexOf(heading)
assert start >= 0 : "README.md has no section '${heading.trim()}'"
int end = readme.indexOf('\n#', start + heading.length())
def setup = readme.substring(start, end < 0 ? readme.length() : end)

def xml = (setup =~ /(?ms)^```xml\n(.*?)^```/).collect { it[1].trim() }
def block = { String root ->
    def found = xml.findAll { it.startsWith("<$root>") }
    assert found.size() == 1 : "the setup section should have one <$root> snippet, has ${found.size()}"
    found[0]
}
def properties = block('properties')
def version = properties =~ /<lens\.version>([^<]+)<\/lens\.version>/
assert version.find() : 'the <properties> snippet should set lens.version'
def lensVersions = (setup =~ /<artifactId>(lens-[\w-]+)<\/artifactId>\s*<version>([^<]*)<\/version>/)
        .collect { it[1] + ' ' + it[2] }
assert !lensVersions.isEmpty() && lensVersions.every { it.endsWith(' ${lens.version}') } :
        "every Latency Lens artifact of the snippets should have the version \${lens.version}: $lensVersions"
properties = properties.replace(version.group(0), "<lens.version>$lensVersion</lens.version>")

new File(basedir, 'pom.xml').text = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.latencylens.it</groupId>
  <artifactId>readme-setup</artifactId>
  <version>1.0-SNAPSHOT</version>

${properties}

${block('dependencies')}

${block('build')}
</project>
"""

def java = (readme =~ /(?ms)^```java\n(.*?)^```/).collect { it[1] }
assert !java.isEmpty() : 'README.md has no Java snippet'
def benchmark = java[0]
def className = (benchmark =~ /public class (\w+)/)[0][1]
def source = new File(basedir, "src/test/java/${className}.java")
source.parentFile.mkdirs()
source.text = benchmark
return true
