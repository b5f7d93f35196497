// data/plaintext-protocol: FTP, TFTP, rsync daemon URLs and http:// uploads to other hosts.
import rule from '../../../server/src/engine/rules/data/plaintext-protocol';
import { ruleTester } from '../../helpers/ruleTester';

const lines = (...l: string[]) => l.join('\n') + '\n';

ruleTester(rule, {
  valid: [
    { name: 'https upload', code: lines('curl -T data.csv https://ingest.example.com/upload') },
    { name: 'http upload to loopback never crosses a network', code: lines('curl -T model.pt http://localhost:8080/upload', 'curl -d @batch.json http://127.0.0.1:8000/predict') },
    { name: 'an http:// GET with curl moves no local file', code: lines('curl -fsS http://example.com/health') },
    { name: 'rsync over ssh (host:path) is encrypted', code: lines('rsync -av data/ user@backup.example.com:/srv/ml/') },
    { name: 'sftp and lftp over sftp', code: lines('sftp user@files.example.com', 'lftp sftp://files.example.com') },
    { name: 'a comment mentioning ftp://', code: lines('# was: curl -T data.csv ftp://files.example.com/', 'true') },
    { name: 'Python: https and loopback uploads', path: 'upload.py', code: lines('import requests', 'requests.post("https://api.example.com/up", files={"f": fh})', 'requests.post("http://localhost:8000/up", files={"f": fh})') },
    { name: 'Python: ftplib.FTP_TLS is encrypted', path: 'upload.py', code: lines('import ftplib', 'ftplib.FTP_TLS("files.example.com")') },
    { name: 'PowerShell: -InFile over https', path: 'upload.ps1', code: lines('Invoke-WebRequest -Uri https://api.example.com/up -Method Post -InFile data.csv') },
  ],
  invalid: [
    {
      name: 'curl -T to a plain http:// host',
      code: lines('curl -T data.csv http://10.0.0.5/upload'),
      errors: [{ messageId: 'httpUpload', line: 1, column: 18, endColumn: 40, data: { what: 'curl uploads a file to', host: '10.0.0.5' }, fixes: [{ output: lines('curl -T data.csv https://10.0.0.5/upload') }] }],
    },
    {
      name: 'curl -d @file over http://, continued over lines',
      code: lines('curl -X POST \\', '  -d @train.jsonl \\', '  http://api.example.com/ingest'),
      errors: [{ messageId: 'httpUpload', line: 3, column: 3, endColumn: 32, fixes: [{ output: lines('curl -X POST \\', '  -d @train.jsonl \\', '  https://api.example.com/ingest') }] }],
    },
    {
      name: 'curl to ftp://',
      code: lines('curl -T model.pt ftp://files.example.com/models/'),
      errors: [{ messageId: 'protocol', line: 1, column: 18, endColumn: 49, data: { what: 'curl transfers data', protocol: 'FTP', instead: 'SFTP or HTTPS' } }],
    },
    {
      name: 'wget over http://',
      code: lines('wget http://data.example.com/train.parquet'),
      errors: [{ messageId: 'httpUpload', line: 1, column: 6, endColumn: 43, data: { what: 'wget downloads a file from', host: 'data.example.com' }, fixes: [{ output: lines('wget https://data.example.com/train.parquet') }] }],
    },
    {
      name: 'rsync daemon URLs (rsync:// and host::module)',
      code: lines('rsync -av data/ rsync://backup.example.com/ml/', 'rsync -av models/ backup::ml'),
      errors: [
        { messageId: 'protocol', line: 1, column: 17, endColumn: 47, data: { what: 'rsync transfers data', protocol: 'the rsync daemon protocol', instead: 'rsync over SSH (host:path)' } },
        { messageId: 'protocol', line: 2, column: 19, endColumn: 29 },
      ],
    },
    {
      name: 'tftp client',
      code: lines('tftp 10.0.0.9 -c put model.onnx'),
      errors: [{ messageId: 'protocol', line: 1, column: 1, endColumn: 5, data: { what: 'tftp transfers data', protocol: 'TFTP', instead: 'SFTP or HTTPS' } }],
    },
    {
      name: 'Python: requests.post(..., files=...) over http://',
      path: 'upload.py',
      code: lines('import requests', 'requests.post("http://api.example.com/upload", files={"f": fh})'),
      errors: [{ messageId: 'httpUpload', line: 2, column: 16, endColumn: 45, data: { what: 'requests.post sends data to', host: 'api.example.com' }, fixes: [{ output: lines('import requests', 'requests.post("https://api.example.com/upload", files={"f": fh})') }] }],
    },
    {
      name: 'Python: ftplib.FTP',
      path: 'upload.py',
      code: lines('from ftplib import FTP', 'FTP("files.example.com")'),
      errors: [{ messageId: 'protocol', line: 2, column: 1, endColumn: 4 }],
    },
    {
      name: 'PowerShell: Invoke-WebRequest -InFile over http://',
      path: 'upload.ps1',
      code: lines('Invoke-WebRequest -Uri http://api.example.com/up -Method Post -InFile data.csv'),
      errors: [{ messageId: 'httpUpload', line: 1, column: 24, endColumn: 49, data: { what: 'Invoke-WebRequest -InFile uploads a file to', host: 'api.example.com' }, fixes: [{ output: lines('Invoke-WebRequest -Uri https://api.example.com/up -Method Post -InFile data.csv') }] }],
    },
    {
      name: 'GitHub Actions: curl upload in a run step',
      path: '.github/workflows/ci.yml',
      code: lines('on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', '      - run: curl -T scores.csv http://metrics.example.com/'),
      errors: [{ messageId: 'httpUpload', line: 6, column: 33, endColumn: 60, fixes: [{ output: lines('on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', '      - run: curl -T scores.csv https://metrics.example.com/') }] }],
    },
  ],
});
