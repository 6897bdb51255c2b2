// Every request failed to connect: the build fails as "no successful request", naming the cause and the setting to
// check; the password of the base URL and the API key are in no file under target/ and not in the build log, though
// the fork got both (it tried 127.0.0.1:1 with the key).
def password = 's3cretpw'
def key = 'sk-it-FAKE-SECRET-42'
def log = new File(basedir, 'build.log').text
assert log.contains('all 2 requests failed: 2 × connection failed') : 'the fork should name the cause'
assert log.contains('lens.openai.baseUrl') : 'the fork should name the setting to check'
assert log.contains('a benchmark had no successful request') : "the plugin's failure should say so"
assert !log.contains(password) : 'the password is in the build log'
assert !log.contains(key) : 'the key is in the build log'

def args = new File(basedir, 'target/lens-fork/java.args')
assert args.isFile()
assert !args.text.contains(password) : 'the password is in the argument file'
assert !args.text.contains('lens.openai.baseUrl') : 'the secret-bearing property belongs in the environment'

def results = new File(basedir, 'target/lens/results.json').text
assert results.contains('http://***@127.0.0.1:1/v1') : 'the fork should have used the base URL it was given'
new File(basedir, 'target').eachFileRecurse(groovy.io.FileType.FILES) { f ->
    if (f.name.endsWith('.class') || f.name.endsWith('.jar')) {
        return
    }
    def text = f.getText('UTF-8')
    assert !text.contains(password) : "the password is in $f"
    assert !text.contains(key) : "the key is in $f"
    assert !text.contains('\u001b') && !text.contains('\u0007') : "a control character is in $f"
}
return true
