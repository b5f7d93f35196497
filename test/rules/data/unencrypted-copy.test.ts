// data/unencrypted-copy: datasets and models copied off the machine without client-side encryption.
import rule from '../../../server/src/engine/rules/data/unencrypted-copy';
import { ruleTester } from '../../helpers/ruleTester';

const lines = (...l: string[]) => l.join('\n') + '\n';
const enc = (f: string) => `gpg --symmetric --cipher-algo AES256 --output ${f}.gpg ${f}`;

ruleTester(rule, {
  valid: [
    { name: 'the article: the .enc file is copied', code: lines('scp audience_data.csv.enc user@model-server:/data/ingest/') },
    { name: 'encrypted by gpg earlier in the script', code: lines('gpg --symmetric --output train.pt.gpg train.pt', 'scp train.pt.gpg host:/models/') },
    { name: 'age output copied to a bucket', code: lines('age -p -o features.parquet.age features.parquet', 'aws s3 cp features.parquet.age s3://training-data/') },
    { name: 'a download (remote source) is not an upload', code: lines('scp host:/data/train.csv .', 'aws s3 cp s3://bucket/model.pt model.pt') },
    { name: 'a file that is neither a dataset nor a model', code: lines('scp report.txt host:/tmp/', 'aws s3 cp build.log s3://logs/') },
    { name: 'a local copy', code: lines('cp data.csv /mnt/backup/', 'rsync -a models/ /mnt/backup/models/') },
    { name: 'a comment', code: lines('# scp train.csv host:/data/', 'true') },
    { name: 'sftp: a heredoc putting only encrypted files, and a download', code: lines('gpg --symmetric --output train.csv.gpg train.csv', 'sftp host <<EOF', 'put train.csv.gpg', 'put model.pt.age', 'get results.csv', 'EOF', 'sftp host:/data/file.csv .') },
    { name: 'sftp: a heredoc fed to another program mentions put', code: lines('cat <<EOF', 'put train.csv', 'EOF') },
    { name: 'sftp: a batch file in the workspace is another file (not read)', code: lines('sftp -b upload.batch host') },
    { name: 'PowerShell: Copy-Item on the same machine', path: 'ship.ps1', code: lines('Copy-Item -Path .\\data\\train.csv -Destination D:\\backup\\') },
    { name: 'PowerShell: Protect-CmsMessage output uploaded with Write-S3Object', path: 'ship.ps1', code: lines('Protect-CmsMessage -To $cert -Path .\\holdout.csv -OutFile .\\holdout.csv.cms', 'Write-S3Object -BucketName training-data -File .\\holdout.csv.cms -Key holdout.csv.cms') },
    { name: 'PowerShell: a here-string mentioning scp', path: 'ship.ps1', code: lines('$help = @"', 'scp train.csv host:/data/', '"@') },
  ],
  invalid: [
    {
      name: 'scp of a csv',
      code: lines('scp train.csv user@host:/data/'),
      errors: [
        {
          messageId: 'unencrypted',
          line: 1,
          column: 5,
          endColumn: 14,
          data: { tool: 'scp', file: 'train.csv', where: 'the destination host' },
          fixes: [{ output: lines(enc('train.csv'), 'scp train.csv.gpg user@host:/data/') }],
        },
      ],
    },
    {
      name: 'rsync of a models folder over ssh',
      code: lines('rsync -avz -e "ssh -p 2222" models/ backup@host:/srv/models/'),
      errors: [{ messageId: 'unencrypted', line: 1, column: 29, endColumn: 36, data: { tool: 'rsync', file: 'models/', where: 'the destination host' } }],
    },
    {
      name: 'aws s3 sync of a datasets folder and aws s3 cp of a checkpoint',
      code: lines('aws s3 sync ./datasets s3://training-data/datasets/', '  aws s3 cp model.safetensors s3://models/'),
      errors: [
        { messageId: 'unencrypted', line: 1, column: 13, endColumn: 23, data: { tool: 'aws s3 sync', file: './datasets', where: 'the bucket' } },
        { messageId: 'unencrypted', line: 2, column: 13, endColumn: 30, fixes: [{ output: lines('aws s3 sync ./datasets s3://training-data/datasets/', `  ${enc('model.safetensors')}`, '  aws s3 cp model.safetensors.gpg s3://models/') }] },
      ],
    },
    {
      name: 'gsutil cp and azcopy copy',
      code: lines('gsutil cp features.parquet gs://training/', 'azcopy copy data.jsonl "https://acct.blob.core.windows.net/c/data.jsonl"'),
      errors: [
        { messageId: 'unencrypted', line: 1, column: 11, endColumn: 27, data: { tool: 'gsutil cp', file: 'features.parquet', where: 'the bucket' }, fixes: [{ output: lines(enc('features.parquet'), 'gsutil cp features.parquet.gpg gs://training/', 'azcopy copy data.jsonl "https://acct.blob.core.windows.net/c/data.jsonl"') }] },
        { messageId: 'unencrypted', line: 2, column: 13, endColumn: 23, fixes: [{ output: lines('gsutil cp features.parquet gs://training/', enc('data.jsonl'), 'azcopy copy data.jsonl.gpg "https://acct.blob.core.windows.net/c/data.jsonl"') }] },
      ],
    },
    {
      name: 'GitHub Actions: a run step uploading the dataset',
      path: '.github/workflows/ci.yml',
      code: lines('on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', '      - run: aws s3 cp data/train.csv s3://bucket/ && echo done'),
      errors: [{ messageId: 'unencrypted', line: 6, column: 24, endColumn: 38, data: { tool: 'aws s3 cp', file: 'data/train.csv', where: 'the bucket' } }],
    },
    {
      name: 'sftp: put lines in a heredoc (the gpg line goes before sftp)',
      code: lines('sftp -oPort=22 user@model-server <<EOF', 'cd /data/ingest', 'put audience_data.csv', 'put -r models/', 'EOF'),
      errors: [
        { messageId: 'unencrypted', line: 3, column: 5, endColumn: 22, data: { tool: 'sftp put', file: 'audience_data.csv', where: 'the destination host' }, fixes: [{ output: lines(enc('audience_data.csv'), 'sftp -oPort=22 user@model-server <<EOF', 'cd /data/ingest', 'put audience_data.csv.gpg', 'put -r models/', 'EOF') }] },
        { messageId: 'unencrypted', line: 4, column: 8, endColumn: 15, data: { tool: 'sftp put', file: 'models/', where: 'the destination host' } },
      ],
    },
    {
      name: 'sftp: put piped in by echo and printf, and a here-string',
      code: lines('echo "put train.csv" | sftp host', "printf 'put a.parquet\\nput b.pt\\n' | sftp -b - host", 'sftp host <<< "put y.npz"'),
      errors: [
        { messageId: 'unencrypted', line: 1, column: 11, endColumn: 20, data: { tool: 'sftp put', file: 'train.csv', where: 'the destination host' } },
        { messageId: 'unencrypted', line: 2, column: 13, endColumn: 22 },
        { messageId: 'unencrypted', line: 2, column: 28, endColumn: 32 },
        { messageId: 'unencrypted', line: 3, column: 20, endColumn: 25, fixes: [{ output: lines('echo "put train.csv" | sftp host', "printf 'put a.parquet\\nput b.pt\\n' | sftp -b - host", enc('y.npz'), 'sftp host <<< "put y.npz.gpg"') }] },
      ],
    },
    {
      name: 'GitHub Actions: sftp heredoc in a run block',
      path: '.github/workflows/ship.yml',
      code: lines('on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', '      - run: |', '          sftp deploy@host <<EOF', '          put data/train.csv', '          EOF'),
      errors: [
        {
          messageId: 'unencrypted',
          line: 8,
          column: 15,
          endColumn: 29,
          data: { tool: 'sftp put', file: 'data/train.csv', where: 'the destination host' },
          fixes: [{ output: lines('on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', '      - run: |', `          ${enc('data/train.csv')}`, '          sftp deploy@host <<EOF', '          put data/train.csv.gpg', '          EOF') }],
        },
      ],
    },
    {
      name: 'PowerShell: scp.exe from a drive path, aws s3 cp, gsutil cp',
      path: 'ship.ps1',
      code: lines('scp.exe C:\\data\\train.csv user@host:/data/', 'aws s3 cp .\\features.parquet s3://training-data/', 'gsutil cp model.onnx gs://models/'),
      errors: [
        { messageId: 'unencrypted', line: 1, column: 9, endColumn: 26, data: { tool: 'scp', file: 'C:\\data\\train.csv', where: 'the destination host' } },
        { messageId: 'unencrypted', line: 2, column: 11, endColumn: 29, data: { tool: 'aws s3 cp', file: '.\\features.parquet', where: 'the bucket' } },
        { messageId: 'unencrypted', line: 3, column: 11, endColumn: 21, fixes: [{ output: lines('scp.exe C:\\data\\train.csv user@host:/data/', 'aws s3 cp .\\features.parquet s3://training-data/', enc('model.onnx'), 'gsutil cp model.onnx.gpg gs://models/') }] },
      ],
    },
    {
      // tree-sitter-powershell alone reads `--sse=AES256` as a parameter and an error that swallows the next line.
      name: 'PowerShell: a GNU-style --option=value does not hide the next command',
      path: 'ship.ps1',
      code: lines('aws s3 cp .\\train.csv s3://training-data/ --sse=AES256', 'aws s3 cp .\\test.csv s3://training-data/ --region=eu-west-1'),
      errors: [
        { messageId: 'unencrypted', line: 1, column: 11, endColumn: 22, data: { tool: 'aws s3 cp', file: '.\\train.csv', where: 'the bucket' } },
        { messageId: 'unencrypted', line: 2, column: 11, endColumn: 21, data: { tool: 'aws s3 cp', file: '.\\test.csv', where: 'the bucket' } },
      ],
    },
    {
      name: 'PowerShell: Copy-Item -ToSession, Write-S3Object -File and azcopy of a folder',
      path: 'ship.ps1',
      code: lines('Copy-Item -Path .\\model.safetensors -Destination C:\\models -ToSession $s', 'Write-S3Object -BucketName training-data -File .\\train.jsonl -Key train.jsonl', 'azcopy copy .\\datasets "https://acct.blob.core.windows.net/c/datasets" --recursive'),
      errors: [
        { messageId: 'unencrypted', line: 1, column: 17, endColumn: 36, data: { tool: 'Copy-Item -ToSession', file: '.\\model.safetensors', where: 'the destination host' } },
        { messageId: 'unencrypted', line: 2, column: 48, endColumn: 61, data: { tool: 'Write-S3Object', file: '.\\train.jsonl', where: 'the bucket' } },
        { messageId: 'unencrypted', line: 3, column: 13, endColumn: 23, data: { tool: 'azcopy copy', file: '.\\datasets', where: 'the bucket' } },
      ],
    },
  ],
});
