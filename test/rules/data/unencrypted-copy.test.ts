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
  ],
});
