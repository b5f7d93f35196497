// transport/tls-verification-disabled: certificate checks switched off in shell, CI, Python, PowerShell and env files.
import rule from '../../../server/src/engine/rules/transport/tls-verification-disabled';
import { ruleTester } from '../../helpers/ruleTester';

const lines = (...l: string[]) => l.join('\n') + '\n';

ruleTester(rule, {
  valid: [
    { name: 'curl with a CA bundle', code: lines('curl --cacert /etc/ssl/private-ca.pem -fsS https://registry.internal/model.pt -o model.pt') },
    { name: 'uppercase -K is --config, not --insecure', code: lines('curl -K /etc/curl/upload.cfg') },
    { name: 'k inside the value of -o (output file "k")', code: lines('curl -sSok https://example.com/x') },
    { name: 'a comment that mentions curl -k', code: lines('# never use curl -k here', 'curl -fsS https://example.com') },
    { name: 'a string that mentions curl -k is not a command', code: lines('echo "do not run curl -k"') },
    { name: 'heredoc text is data', code: lines('cat <<EOF', 'curl -k https://x', 'EOF') },
    { name: 'git -c http.sslVerify=true', code: lines('git -c http.sslVerify=true clone https://example.com/r.git') },
    { name: 'NODE_TLS_REJECT_UNAUTHORIZED=1 keeps checks on', code: lines('export NODE_TLS_REJECT_UNAUTHORIZED=1') },
    { name: 'Python: verify=True and a CA bundle', path: 'fetch.py', code: lines('import requests', 'requests.get(u, verify=True)', 'requests.get(u, verify="/etc/ssl/ca.pem")') },
    { name: 'Python: verify=False in a comment or string', path: 'fetch.py', code: lines('# requests.get(u, verify=False)', 'print("verify=False")') },
    { name: 'Python: ssl.create_default_context', path: 'fetch.py', code: lines('import ssl', 'ctx = ssl.create_default_context()') },
    { name: 'PowerShell: -SkipCertificateCheck:$false keeps checks on', path: 'fetch.ps1', code: lines('Invoke-WebRequest -Uri https://x -SkipCertificateCheck:$false') },
    { name: 'PowerShell: a comment', path: 'fetch.ps1', code: lines('# Invoke-WebRequest -SkipCertificateCheck', 'Invoke-WebRequest -Uri https://x') },
    { name: 'workflow without insecure flags', path: '.github/workflows/ci.yml', code: lines('on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', '      - run: curl -fsS https://x') },
  ],
  invalid: [
    {
      name: 'curl -sSk: k inside a cluster of short options',
      code: lines('curl -sSk https://example.com/data.csv -o data.csv'),
      errors: [{ messageId: 'option', line: 1, column: 9, endColumn: 10, data: { tool: 'curl', option: '-k (in -sSk)' }, fixes: [{ output: lines('curl -sS https://example.com/data.csv -o data.csv') }] }],
    },
    {
      name: 'curl -k continued over lines',
      code: lines('curl \\', '  -k \\', '  https://example.com/x'),
      errors: [{ messageId: 'option', line: 2, column: 3, endColumn: 5, fixes: [{ output: lines('curl \\', ' \\', '  https://example.com/x') }] }],
    },
    {
      name: 'curl --insecure inside $(...)',
      code: lines('TOKEN=$(curl --insecure https://vault/token)'),
      errors: [{ messageId: 'option', line: 1, column: 14, endColumn: 24, fixes: [{ output: lines('TOKEN=$(curl https://vault/token)') }] }],
    },
    {
      name: 'wget --no-check-certificate',
      code: lines('wget --no-check-certificate https://example.com/m.pt'),
      errors: [{ messageId: 'option', line: 1, column: 6, endColumn: 28, fixes: [{ output: lines('wget https://example.com/m.pt') }] }],
    },
    {
      name: 'git -c http.sslVerify=false',
      code: lines('git -c http.sslVerify=false clone https://example.com/r.git'),
      errors: [{ messageId: 'option', line: 1, column: 8, endColumn: 28, fixes: [{ output: lines('git -c http.sslVerify=true clone https://example.com/r.git') }] }],
    },
    {
      name: 'git config --global http.sslVerify false',
      code: lines('git config --global http.sslVerify false'),
      errors: [{ messageId: 'option', line: 1, column: 21, endColumn: 41, fixes: [{ output: lines('git config --global http.sslVerify true') }] }],
    },
    {
      name: 'aws --no-verify-ssl',
      code: lines('aws s3 cp s3://bucket/m.pt . --no-verify-ssl'),
      errors: [{ messageId: 'option', line: 1, column: 30, endColumn: 45, fixes: [{ output: lines('aws s3 cp s3://bucket/m.pt .') }] }],
    },
    {
      name: 'exported NODE_TLS_REJECT_UNAUTHORIZED=0 and a PYTHONHTTPSVERIFY=0 prefix',
      code: lines('export NODE_TLS_REJECT_UNAUTHORIZED=0', 'PYTHONHTTPSVERIFY=0 python fetch.py'),
      errors: [
        { messageId: 'envVariable', line: 1, column: 8, endColumn: 38, data: { name: 'NODE_TLS_REJECT_UNAUTHORIZED', value: '0', tool: 'Node.js' } },
        { messageId: 'envVariable', line: 2, column: 1, endColumn: 20 },
      ],
    },
    {
      name: 'Python: requests.post(..., verify=False) through an import alias',
      path: 'upload.py',
      code: lines('import requests as rq', 'rq.post("https://x", files={"f": fh}, verify=False)'),
      errors: [{ messageId: 'pythonVerify', line: 2, column: 39, endColumn: 51, data: { call: 'rq.post' }, fixes: [{ output: lines('import requests as rq', 'rq.post("https://x", files={"f": fh}, verify=True)') }] }],
    },
    {
      name: 'Python: ssl._create_unverified_context, called and assigned',
      path: 'fetch.py',
      code: lines('import ssl', 'ssl._create_default_https_context = ssl._create_unverified_context'),
      errors: [
        { messageId: 'unverifiedContext', line: 2, column: 37, endColumn: 67, fixes: [{ output: lines('import ssl', 'ssl._create_default_https_context = ssl.create_default_context') }] },
      ],
    },
    {
      name: 'Python: os.environ["PYTHONHTTPSVERIFY"] = "0"',
      path: 'fetch.py',
      code: lines('import os', 'os.environ["PYTHONHTTPSVERIFY"] = "0"'),
      errors: [{ messageId: 'envVariable', line: 2, column: 1, endColumn: 38 }],
    },
    {
      name: 'PowerShell: Invoke-WebRequest -SkipCertificateCheck',
      path: 'fetch.ps1',
      code: lines('Invoke-WebRequest -Uri https://example.com/m.onnx -SkipCertificateCheck -OutFile m.onnx'),
      errors: [{ messageId: 'skipCertificateCheck', line: 1, column: 51, endColumn: 72, data: { cmdlet: 'Invoke-WebRequest' }, fixes: [{ output: lines('Invoke-WebRequest -Uri https://example.com/m.onnx -OutFile m.onnx') }] }],
    },
    {
      // Found by the fuzz test: only the first was reported, so removing it uncovered the second.
      name: 'PowerShell: the switch given twice is two findings, each removed by its own fix',
      path: 'fetch.ps1',
      code: lines('iwr https://example.com/m.onnx -SkipC -OutFile m.onnx -SkipCertificateCheck'),
      errors: [
        { messageId: 'skipCertificateCheck', line: 1, column: 32, endColumn: 38, fixes: [{ output: lines('iwr https://example.com/m.onnx -OutFile m.onnx -SkipCertificateCheck') }] },
        { messageId: 'skipCertificateCheck', line: 1, column: 55, endColumn: 76, fixes: [{ output: lines('iwr https://example.com/m.onnx -SkipC -OutFile m.onnx') }] },
      ],
    },
    {
      name: 'PowerShell: an unambiguous prefix with a colon value (irm -SkipCert:$true)',
      path: 'fetch.ps1',
      code: lines('irm https://example.com/api -SkipCert:$true'),
      errors: [{ messageId: 'skipCertificateCheck', line: 1, column: 29, endColumn: 44, fixes: [{ output: lines('irm https://example.com/api') }] }],
    },
    {
      name: 'PowerShell: $env:NODE_TLS_REJECT_UNAUTHORIZED = "0"',
      path: 'fetch.ps1',
      code: lines('$env:NODE_TLS_REJECT_UNAUTHORIZED = "0"'),
      errors: [{ messageId: 'envVariable', line: 1, column: 1, endColumn: 40 }],
    },
    {
      name: 'GitHub Actions: env GIT_SSL_NO_VERIFY and curl -fsSk in a run block',
      path: '.github/workflows/ci.yml',
      code: lines('on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    env:', '      GIT_SSL_NO_VERIFY: "true"', '    steps:', '      - run: |', '          curl -fsSk https://x \\', '            -T data.csv'),
      errors: [
        { messageId: 'envVariable', line: 6, column: 7, endColumn: 32 },
        { messageId: 'option', line: 9, column: 20, endColumn: 21, fixes: [{ output: lines('on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    env:', '      GIT_SSL_NO_VERIFY: "true"', '    steps:', '      - run: |', '          curl -fsS https://x \\', '            -T data.csv') }] },
      ],
    },
    {
      name: '.env: PYTHONHTTPSVERIFY=0',
      path: '.env',
      code: lines('PYTHONHTTPSVERIFY=0'),
      errors: [{ messageId: 'envVariable', line: 1, column: 1, endColumn: 20 }],
    },
  ],
});
