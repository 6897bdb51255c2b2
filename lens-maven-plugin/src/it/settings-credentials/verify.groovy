// The key of server lens-fireworks, decrypted by Maven, reached the fork's environment as FIREWORKS_API_KEY
// (the benchmark's @Setup wrote its SHA-256), while neither the argument file nor the debug build log holds it.
import java.security.MessageDigest

def key = 'fw-it-key-2f7c9e1d5b'
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('[DEBUG]') : 'the build ran with -X'
assert log.contains("FIREWORKS_API_KEY from settings.xml server 'lens-fireworks'")
assert log.contains('fork environment, added from settings.xml (values not shown): [FIREWORKS_API_KEY]')
assert !log.contains(key) : 'the key is in the build log'

def args = new File(basedir, 'target/lens-fork/java.args')
assert args.isFile()
assert !args.text.contains(key) : 'the key is in the argument file'

def seen = new File(basedir, 'target/key-seen.txt').text
assert seen == MessageDigest.getInstance('SHA-256').digest(key.getBytes('UTF-8')).encodeHex().toString() :
        "the fork did not get the key (it saw: $seen)"
lens = new File(basedir, 'target/lens')
assert !new File(lens, 'results.json').text.contains(key)
assert !new File(lens, 'requests.jsonl').text.contains(key)
