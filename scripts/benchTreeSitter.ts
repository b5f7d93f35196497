// `npm run bench` section (issue 5 A): tree-sitter parse and rule times per language for 100 / 1,000 /
// 10,000-line files, the keyword prefilter's cost, and incremental re-parsing after a one-character edit.
import { performance } from 'node:perf_hooks';
import { loadGrammars, rules, scan } from '../server/src/engine/index';
import { parseSyntax, parserFor, type SyntaxKind } from '../server/src/engine/parsers/treeSitter';
import { prefilter } from '../server/src/engine/prefilter';
import { useDiskGrammars } from '../server/src/files/grammars';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void, runs = 5): number {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    xs.push(performance.now() - t);
  }
  return median(xs);
}

/** Realistic lines per language, cycled to the wanted length; a few trip rules, most do not. */
const LINES: Record<SyntaxKind, { path: string; lines: string[] }> = {
  shell: {
    path: 'bench.sh',
    lines: [
      'set -euo pipefail',
      'for f in data/*.csv; do',
      '  echo "processing $f" >&2',
      '  python3 preprocess.py --input "$f" --output "${f%.csv}.parquet"',
      'done',
      'openssl enc -aes-256-cbc -pbkdf2 -iter 600000 -in a.csv -out a.csv.enc -pass env:PW',
      'curl -fsS https://registry.example.com/model.pt -o model.pt',
      'if [ -f model.pt ]; then sha256sum model.pt > model.pt.sha256; fi',
      'aws s3 cp a.csv.enc s3://training-data/ --sse aws:kms',
      '# a comment about scp and rsync',
    ],
  },
  python: {
    path: 'bench.py',
    lines: [
      'import requests',
      'import torch',
      'def load(path):',
      '    model = torch.load(path, weights_only=True)',
      '    return model',
      'resp = requests.get("https://api.example.com/data", timeout=30)',
      'rows = [r for r in resp.json()["rows"] if r["label"] is not None]',
      'print(f"{len(rows)} rows")',
      'with open("out.csv", "w") as fh:',
      '    fh.write("\\n".join(map(str, rows)))',
    ],
  },
  powershell: {
    path: 'bench.ps1',
    lines: [
      '$ErrorActionPreference = "Stop"',
      'Get-ChildItem -Path D:\\data -Filter *.csv | ForEach-Object {',
      '    Write-Output "processing $($_.Name)"',
      '}',
      'Invoke-WebRequest -Uri https://registry.example.com/model.onnx -OutFile model.onnx',
      'Set-MpPreference -DisableRealtimeMonitoring $false',
      'New-NetFirewallRule -DisplayName "Jupyter" -Direction Inbound -LocalPort 8888 -Protocol TCP -RemoteAddress 10.0.0.0/8 -Action Allow',
      '$hash = Get-FileHash -Algorithm SHA256 model.onnx',
      'if ($hash.Hash -ne $expected) { throw "hash mismatch" }',
      '# a comment mentioning -SkipCertificateCheck',
    ],
  },
  terraform: {
    path: 'bench.tf',
    lines: [
      'resource "aws_s3_bucket" "b" {',
      '  bucket = "training-data"',
      '  tags = { team = "ml", env = var.env }',
      '}',
      'resource "aws_s3_bucket_public_access_block" "b" {',
      '  bucket                  = aws_s3_bucket.b.id',
      '  block_public_acls       = true',
      '  restrict_public_buckets = true',
      '}',
      '',
    ],
  },
};

function textOf(kind: SyntaxKind, n: number): string {
  const { lines } = LINES[kind];
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) {
    // Terraform resource names must differ; the others repeat as is.
    out.push(kind === 'terraform' ? lines[i % lines.length].replace(/"b"/g, `"b${Math.floor(i / lines.length)}"`) : lines[i % lines.length]);
  }
  return out.join('\n') + '\n';
}

export async function treeSitterBench(): Promise<void> {
  useDiskGrammars();
  let t = performance.now();
  await loadGrammars();
  console.log(`tree-sitter: loading the runtime and 4 grammars (WebAssembly, Liftoff only): ${(performance.now() - t).toFixed(0)} ms`);
  console.log('kind        lines   regex prefilter   parse (cold)   rules on the parsed tree   scan() total');
  for (const kind of Object.keys(LINES) as SyntaxKind[]) {
    for (const n of [100, 1_000, 10_000]) {
      const text = textOf(kind, n);
      const pre = time(() => prefilter(rules, text), 9);
      // A distinct text per run, so the parse cache never answers.
      let k = 0;
      const parse = time(() => parseSyntax(kind, `${text}# ${k++}\n`), n >= 10_000 ? 3 : 5);
      // scan() on a text the cache holds: what the rules cost on a shared tree.
      const cached = `${text}# cached\n`;
      scan({ path: LINES[kind].path, text: cached });
      const rulesOnly = time(() => scan({ path: LINES[kind].path, text: cached }), n >= 10_000 ? 3 : 5);
      let j = 0;
      const total = time(() => scan({ path: LINES[kind].path, text: `${text}# total ${j++}\n` }), n >= 10_000 ? 3 : 5);
      console.log(`${kind.padEnd(11)} ${String(n).padStart(6)}   ${pre.toFixed(2).padStart(10)} ms   ${parse.toFixed(1).padStart(9)} ms   ${rulesOnly.toFixed(1).padStart(18)} ms   ${total.toFixed(1).padStart(9)} ms`);
    }
  }
  incremental();
}

/**
 * Why an incremental re-parse after a one-character edit was "no faster" in the quick test: measured
 * here four ways on a 10,000-line bash script. tree-sitter reuses subtrees only when it is told where the
 * text changed (`tree.edit(...)` before `parse(newText, oldTree)`); without the edit the old tree is useless.
 */
function incremental(): void {
  const parser = parserFor('shell')!;
  const text = textOf('shell', 10_000);
  const at = text.indexOf('processing', Math.floor(text.length / 2));
  const edited = text.slice(0, at) + 'X' + text.slice(at);
  const position = (offset: number) => {
    const before = text.slice(0, offset);
    const row = before.split('\n').length - 1;
    return { row, column: offset - before.lastIndexOf('\n') - 1 };
  };
  const full = time(() => parser.parse(edited)!.delete(), 5);
  // Only the re-parse is timed below: the old tree is made outside the measured span.
  const timed = (withEdit: boolean) => {
    const xs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const old = parser.parse(text)!;
      if (withEdit) old.edit({ startIndex: at, oldEndIndex: at, newEndIndex: at + 1, startPosition: position(at), oldEndPosition: position(at), newEndPosition: { ...position(at), column: position(at).column + 1 } });
      const t = performance.now();
      parser.parse(edited, old)!.delete();
      xs.push(performance.now() - t);
      old.delete();
    }
    return median(xs);
  };
  const withoutEdit = timed(false);
  const withEdit = timed(true);
  console.log(`tree-sitter incremental, 10,000-line bash script, one character inserted mid-file: full parse ${full.toFixed(1)} ms; parse(new, oldTree) without tree.edit() ${withoutEdit.toFixed(1)} ms; with tree.edit() ${withEdit.toFixed(1)} ms`);
}
