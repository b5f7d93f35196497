// Flags datasets and model files copied to another machine or a bucket (scp, rsync over ssh, sftp, aws s3
// cp/sync, gsutil cp, azcopy copy) without being encrypted client-side first. These tools do encrypt in
// transit; the point (the reference article's own) is what happens after: the file sits unencrypted at rest on
// the destination, in its backups and in the bucket, readable by whoever gets at any of them, and a checksum
// stored beside it proves nothing against someone who can change both. Files named `.enc/.gpg/.age`, or
// written by an encryption command earlier in the same script, are fine.
import { defineRule } from '../../defineRule';
import { shellScriptsOf } from '../../parsers/ciScripts';
import type { ShellCommand, ShellWord } from '../../parsers/shell';
import { programName } from '../../parsers/shell';
import type { Fix } from '../../types';

/** Dataset and model file extensions. */
const DATA_EXT = /\.(csv|tsv|parquet|jsonl|json|npz|npy|h5|hdf5|pkl|pickle|pt|pth|ckpt|onnx|safetensors|joblib|arrow|feather|xlsx)$/i;
/** Folders that hold datasets or models (a path segment). */
const DATA_DIR = /(^|\/)(data|datasets?|models?|checkpoints?)(\/|$)/i;
/** Client-side encrypted outputs. */
const ENCRYPTED = /\.(enc|gpg|pgp|age|aes|crypt)$/i;

/** Programs and how to read their sources and destination. */
type Copy = { sources: ShellWord[]; destination: ShellWord; tool: string };

/** Positional (non-option) words; options that take a value skip it. */
function positional(args: ShellWord[], valued: Set<string>): ShellWord[] {
  const out: ShellWord[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.value === '--') {
      out.push(...args.slice(i + 1));
      break;
    }
    if (a.value.startsWith('-') && a.value.length > 1) {
      if (valued.has(a.value)) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

const isRemoteSsh = (w: string) => /^([^/@:]+@)?[^/:]+:/.test(w) && !/^[a-z]+:\/\//i.test(w) && !w.includes('::');

function copyOf(command: ShellCommand): Copy | undefined {
  const program = command.words[command.programIndex];
  const args = command.words.slice(command.programIndex + 1);
  const name = programName(program.value);
  if (name === 'scp' || name === 'rsync') {
    const valued = name === 'scp' ? new Set(['-P', '-i', '-o', '-F', '-c', '-l', '-J', '-S']) : new Set(['-e', '--rsh', '--exclude', '--include', '--filter', '-f', '--port', '--password-file', '--chmod', '--chown']);
    const pos = positional(args, valued);
    if (pos.length < 2) return undefined;
    const destination = pos[pos.length - 1];
    if (!isRemoteSsh(destination.value)) return undefined;
    return { sources: pos.slice(0, -1).filter((s) => !isRemoteSsh(s.value)), destination, tool: name };
  }
  if (name === 'aws') {
    const pos = positional(args, new Set(['--profile', '--region', '--exclude', '--include', '--acl', '--sse', '--sse-kms-key-id', '--storage-class', '--endpoint-url', '--content-type']));
    if (pos[0]?.value !== 's3' || !['cp', 'sync', 'mv'].includes(pos[1]?.value ?? '') || pos.length < 4) return undefined;
    const [src, dst] = [pos[2], pos[3]];
    return /^s3:\/\//.test(dst.value) && !/^s3:\/\//.test(src.value) ? { sources: [src], destination: dst, tool: `aws s3 ${pos[1].value}` } : undefined;
  }
  if (name === 'gsutil' || name === 'gcloud') {
    const pos = positional(args, new Set(['-h', '-o', '-p', '--project']));
    const at = name === 'gsutil' ? (pos[0]?.value === 'cp' || pos[0]?.value === 'rsync' ? 1 : -1) : pos[0]?.value === 'storage' && pos[1]?.value === 'cp' ? 2 : -1;
    if (at === -1 || pos.length < at + 2) return undefined;
    const destination = pos[pos.length - 1];
    return /^gs:\/\//.test(destination.value) ? { sources: pos.slice(at, -1).filter((s) => !/^gs:\/\//.test(s.value)), destination, tool: name === 'gsutil' ? `gsutil ${pos[0].value}` : 'gcloud storage cp' } : undefined;
  }
  if (name === 'azcopy') {
    const pos = positional(args, new Set(['--include-pattern', '--exclude-pattern', '--log-level', '--from-to']));
    if (!['copy', 'cp', 'sync'].includes(pos[0]?.value ?? '') || pos.length < 3) return undefined;
    const [src, dst] = [pos[1], pos[2]];
    return /^https:\/\/[^/]+\.(blob|dfs|file)\.core\.windows\.net/i.test(dst.value) && !/^https?:\/\//.test(src.value) ? { sources: [src], destination: dst, tool: `azcopy ${pos[0].value}` } : undefined;
  }
  if (name === 'sftp') {
    // `sftp file user@host:dir` is not sftp syntax; `sftp user@host:/remote/file local` downloads. Only batch
    // uploads (`put FILE` lines) are uploads, and those live in a batch file or heredoc we do not read.
    return undefined;
  }
  return undefined;
}

/** Files an encryption command in the script writes: `gpg -o X`, `gpg --symmetric X` (X.gpg), `openssl enc -out X`, `age -o X`. */
function encryptedOutputs(commands: ShellCommand[]): Set<string> {
  const out = new Set<string>();
  for (const c of commands) {
    const name = programName(c.words[c.programIndex]?.value ?? '');
    const args = c.words.slice(c.programIndex + 1).map((w) => w.value);
    const after = (...opts: string[]) => {
      const i = args.findIndex((a) => opts.includes(a));
      return i === -1 ? undefined : args[i + 1];
    };
    if (name === 'gpg' || name === 'gpg2') {
      if (!args.some((a) => /^(-c|--symmetric|-e|--encrypt|-r|--recipient)$/.test(a))) continue;
      const o = after('-o', '--output');
      if (o) out.add(o);
      const input = args[args.length - 1];
      if (input && !input.startsWith('-')) out.add(`${input}.gpg`).add(`${input}.asc`);
    } else if (name === 'openssl' && args.includes('-out') && (args[0] === 'enc' || /^(aes|des|camellia|chacha)/i.test(args[0] ?? '')) && !args.includes('-d')) {
      out.add(after('-out')!);
    } else if (name === 'age' && !args.includes('-d') && !args.includes('--decrypt')) {
      const o = after('-o', '--output');
      if (o) out.add(o);
    }
  }
  return out;
}

export default defineRule({
  id: 'data/unencrypted-copy',
  title: 'Dataset or model copied without client-side encryption',
  description: 'A dataset or model file is copied to another host or a bucket (scp, rsync, aws s3 cp/sync, gsutil, azcopy) without being encrypted first, so it sits unencrypted at rest at the destination, in its backups and in the bucket.',
  severity: 'warning',
  appliesTo: ['shell', 'yaml', 'dockerfile'],
  fixKind: 'suggestion',
  keywords: ['scp', 'rsync', 'aws', 'gsutil', 'gcloud', 'azcopy'],
  messages: {
    unencrypted: '{{tool}} copies {{file}} unencrypted: the transfer itself is encrypted, but the file then sits in clear at rest on {{where}}, in its backups and snapshots, readable by anyone who gets at any of them (and a checksum beside it proves nothing to someone who can change both). Encrypt it client-side first (gpg --symmetric, age) and copy the encrypted file.',
  },
  check(file, report) {
    for (const { script } of shellScriptsOf(file)) {
      const encrypted = encryptedOutputs(script.commands);
      for (const command of script.commands) {
        const copy = copyOf(command);
        if (!copy) continue;
        for (const src of copy.sources) {
          if (src.dynamic && !DATA_EXT.test(src.value)) continue;
          const path = trimSlashes(src.value);
          if (ENCRYPTED.test(path) || encrypted.has(src.value) || encrypted.has(path)) continue;
          if (!DATA_EXT.test(path) && !DATA_DIR.test(`${path}/`)) continue;
          const where = /^s3:|^gs:|windows\.net/.test(copy.destination.value) ? 'the bucket' : 'the destination host';
          report({ messageId: 'unencrypted', span: src, data: { tool: copy.tool, file: src.value, where }, fixes: encryptFirst(file.text, command, src) });
        }
      }
    }
  },
});

/** Inserts `gpg --symmetric` for the file on the line before the copy and copies `<file>.gpg` instead (plain files only). */
function encryptFirst(text: string, command: ShellCommand, src: ShellWord): Fix[] {
  if (src.dynamic || src.raw !== src.value || !DATA_EXT.test(src.value) || /[\s'"$`\\]/.test(src.value)) return [];
  const lineStart = text.lastIndexOf('\n', command.start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  // Only when the command starts its line (not after `&&`, not inside `$(...)`): the inserted line runs just before it.
  if (text.slice(lineStart, command.start).trim() !== '') return [];
  return [
    {
      title: `Encrypt ${src.value} with gpg --symmetric first and copy ${src.value}.gpg`,
      kind: 'suggestion',
      edits: [
        { start: lineStart, end: lineStart, text: `${indent}gpg --symmetric --cipher-algo AES256 --output ${src.value}.gpg ${src.value}\n` },
        { start: src.start, end: src.end, text: `${src.value}.gpg` },
      ],
    },
  ];
}

/** `models///` -> `models` (a loop, not `/\/+$/`, which backtracks quadratically on long runs of slashes). */
function trimSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path[end - 1] === '/') end--;
  return path.slice(0, end);
}
