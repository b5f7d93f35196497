// Flags datasets and model files copied to another machine or a bucket (scp, rsync over ssh, sftp batch `put`
// lines fed by a heredoc or a pipe, aws s3 cp/sync, gsutil cp, azcopy copy; in PowerShell also Copy-Item
// -ToSession and Write-S3Object) without being encrypted client-side first. These tools do encrypt in
// transit; the point (the reference article's own) is what happens after: the file sits unencrypted at rest on
// the destination, in its backups and in the bucket, readable by whoever gets at any of them, and a checksum
// stored beside it proves nothing against someone who can change both. Files named `.enc/.gpg/.age/.cms`, or
// written by an encryption command earlier in the same script, are fine.
import { defineRule } from '../../defineRule';
import { shellScriptsOf, type EmbeddedScript } from '../../parsers/ciScripts';
import type { ShellCommand, ShellWord } from '../../parsers/shell';
import { programName } from '../../parsers/shell';
import { descendants, namedChildren, parseSyntax, type SyntaxNode } from '../../parsers/treeSitter';
import { commandOf } from '../../parsers/treeSitterShell';
import type { Fix, SourceFile } from '../../types';

/** Dataset and model file extensions. */
const DATA_EXT = /\.(csv|tsv|parquet|jsonl|json|npz|npy|h5|hdf5|pkl|pickle|pt|pth|ckpt|onnx|safetensors|joblib|arrow|feather|xlsx)$/i;
/** Folders that hold datasets or models (a path segment; `\` separates them in PowerShell). */
const DATA_DIR = /(^|[\\/])(data|datasets?|models?|checkpoints?)([\\/]|$)/i;
/** Client-side encrypted outputs. */
const ENCRYPTED = /\.(enc|gpg|pgp|age|aes|crypt|cms)$/i;

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

/** `host:path`, `user@host:path`; not a URL, an rsync daemon `host::module` or a Windows drive (`C:\data`). */
const isRemoteSsh = (w: string) => /^([^/@:]+@)?[^/:]+:/.test(w) && !/^[a-z]+:\/\//i.test(w) && !w.includes('::') && !/^[A-Za-z]:[\\/]/.test(w);

/** Each tool's options that take a separate value (built once: copyOf runs for every command of a script). */
const VALUED = {
  scp: new Set(['-P', '-i', '-o', '-F', '-c', '-l', '-J', '-S']),
  rsync: new Set(['-e', '--rsh', '--exclude', '--include', '--filter', '-f', '--port', '--password-file', '--chmod', '--chown']),
  aws: new Set(['--profile', '--region', '--exclude', '--include', '--acl', '--sse', '--sse-kms-key-id', '--storage-class', '--endpoint-url', '--content-type']),
  gsutil: new Set(['-h', '-o', '-p', '--project']),
  azcopy: new Set(['--include-pattern', '--exclude-pattern', '--log-level', '--from-to']),
};

const COPY_TOOLS = new Set(['scp', 'rsync', 'aws', 'gsutil', 'gcloud', 'azcopy', 'copy-item', 'cpi', 'copy', 'write-s3object']);

function copyOf(command: ShellCommand): Copy | undefined {
  const program = command.words[command.programIndex];
  const name = programName(program.value);
  if (!COPY_TOOLS.has(name)) return undefined;
  const args = command.words.slice(command.programIndex + 1);
  if (name === 'scp' || name === 'rsync') {
    const pos = positional(args, name === 'scp' ? VALUED.scp : VALUED.rsync);
    if (pos.length < 2) return undefined;
    const destination = pos[pos.length - 1];
    if (!isRemoteSsh(destination.value)) return undefined;
    return { sources: pos.slice(0, -1).filter((s) => !isRemoteSsh(s.value)), destination, tool: name };
  }
  if (name === 'aws') {
    const pos = positional(args, VALUED.aws);
    if (pos[0]?.value !== 's3' || !['cp', 'sync', 'mv'].includes(pos[1]?.value ?? '') || pos.length < 4) return undefined;
    const [src, dst] = [pos[2], pos[3]];
    return /^s3:\/\//.test(dst.value) && !/^s3:\/\//.test(src.value) ? { sources: [src], destination: dst, tool: `aws s3 ${pos[1].value}` } : undefined;
  }
  if (name === 'gsutil' || name === 'gcloud') {
    const pos = positional(args, VALUED.gsutil);
    const at = name === 'gsutil' ? (pos[0]?.value === 'cp' || pos[0]?.value === 'rsync' ? 1 : -1) : pos[0]?.value === 'storage' && pos[1]?.value === 'cp' ? 2 : -1;
    if (at === -1 || pos.length < at + 2) return undefined;
    const destination = pos[pos.length - 1];
    return /^gs:\/\//.test(destination.value) ? { sources: pos.slice(at, -1).filter((s) => !/^gs:\/\//.test(s.value)), destination, tool: name === 'gsutil' ? `gsutil ${pos[0].value}` : 'gcloud storage cp' } : undefined;
  }
  if (name === 'azcopy') {
    const pos = positional(args, VALUED.azcopy);
    if (!['copy', 'cp', 'sync'].includes(pos[0]?.value ?? '') || pos.length < 3) return undefined;
    const [src, dst] = [pos[1], pos[2]];
    return /^https:\/\/[^/]+\.(blob|dfs|file)\.core\.windows\.net/i.test(dst.value) && !/^https?:\/\//.test(src.value) ? { sources: [src], destination: dst, tool: `azcopy ${pos[0].value}` } : undefined;
  }
  // `sftp file user@host:dir` is not sftp syntax; `sftp user@host:/remote/file local` downloads. Its uploads
  // are `put FILE` lines on its standard input: see sftpUploads. PowerShell cmdlets that copy off the machine:
  if (name === 'copy-item' || name === 'cpi' || name === 'copy') {
    // Only a copy into a remote session leaves the machine; the source is -Path/-LiteralPath or the first positional.
    if (!args.some((a) => /^-tosession$/i.test(a.value))) return undefined;
    const src = paramValue(args, /^-(path|literalpath|lp|pspath)$/i) ?? args.find((a, i) => !a.value.startsWith('-') && !/^-(destination|tosession|filter|include|exclude|credential)$/i.test(args[i - 1]?.value ?? ''));
    return src ? { sources: [src], destination: args.find((a) => /^-tosession$/i.test(a.value))!, tool: 'Copy-Item -ToSession' } : undefined;
  }
  if (name === 'write-s3object') {
    const src = paramValue(args, /^-(file|folder|directory)$/i);
    const bucket = paramValue(args, /^-bucketname$/i);
    return src && bucket ? { sources: [src], destination: { ...bucket, value: `s3://${bucket.value}` }, tool: 'Write-S3Object' } : undefined;
  }
  return undefined;
}

/** The word after a PowerShell parameter matching `name` (parameter names are case-insensitive). */
function paramValue(args: ShellWord[], name: RegExp): ShellWord | undefined {
  const i = args.findIndex((a) => name.test(a.value));
  const v = i === -1 ? undefined : args[i + 1];
  return v && !v.value.startsWith('-') ? v : undefined;
}

const ENCRYPTING = new Set(['gpg', 'gpg2', 'openssl', 'age', 'protect-cmsmessage']);

/** Files an encryption command in the script writes: `gpg -o X`, `gpg --symmetric X` (X.gpg), `openssl enc -out X`, `age -o X`. */
function encryptedOutputs(commands: ShellCommand[]): Set<string> {
  const out = new Set<string>();
  for (const c of commands) {
    const name = programName(c.words[c.programIndex]?.value ?? '');
    if (!ENCRYPTING.has(name)) continue;
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
    } else if (name === 'protect-cmsmessage') {
      // PowerShell: Protect-CmsMessage -To $cert -Path data.csv -OutFile data.csv.cms
      const i = args.findIndex((a) => /^-outfile$/i.test(a));
      if (i !== -1 && args[i + 1]) out.add(args[i + 1]);
    }
  }
  return out;
}

export default defineRule({
  id: 'data/unencrypted-copy',
  title: 'Dataset or model copied without client-side encryption',
  description: 'A dataset or model file is copied to another host or a bucket (scp, rsync, sftp, aws s3 cp/sync, gsutil, azcopy, PowerShell Copy-Item -ToSession and Write-S3Object) without being encrypted first, so it sits unencrypted at rest at the destination, in its backups and in the bucket.',
  severity: 'warning',
  appliesTo: ['shell', 'yaml', 'dockerfile', 'powershell'],
  fixKind: 'suggestion',
  keywords: ['scp', 'rsync', 'sftp', 'aws', 'gsutil', 'gcloud', 'azcopy', 'Copy-Item', 'cpi', 'Write-S3Object'],
  messages: {
    unencrypted: '{{tool}} copies {{file}} unencrypted: the transfer itself is encrypted, but the file then sits in clear at rest on {{where}}, in its backups and snapshots, readable by anyone who gets at any of them (and a checksum beside it proves nothing to someone who can change both). Encrypt it client-side first (gpg --symmetric, age) and copy the encrypted file.',
  },
  check(file, report) {
    for (const embedded of scriptsOf(file)) {
      const { script } = embedded;
      const encrypted = encryptedOutputs(script.commands);
      const copies = script.commands.flatMap((command) => {
        const copy = copyOf(command);
        return copy ? [{ command, copy }] : [];
      });
      if (file.kind !== 'powershell' && embedded.text.includes('sftp')) copies.push(...sftpUploads(embedded));
      for (const { command, copy } of copies) {
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

/**
 * Inserts `gpg --symmetric` for the file on the line before the copy and copies `<file>.gpg` instead (plain files
 * only; for an sftp heredoc the line goes before `sftp` and the `put` line names the .gpg file).
 */
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

/** The scripts of a file: a PowerShell file's commands (tree-sitter-powershell), or bash scripts (files, CI steps, RUN). */
function scriptsOf(file: SourceFile): EmbeddedScript[] {
  return file.kind === 'powershell' ? [{ script: file.shell, text: file.text }] : shellScriptsOf(file);
}

/**
 * `put`/`mput` lines an sftp command reads on its standard input: a heredoc (`sftp host <<EOF ... EOF`), a
 * here-string (`<<< "put x"`) or a pipe from `echo`/`printf` with literal text. Each source becomes a word
 * with its exact span in the file. A batch file (`sftp -b batch.txt`) is another file and is not read.
 */
function sftpUploads({ text, at = (o) => o }: EmbeddedScript): { command: ShellCommand; copy: Copy }[] {
  const out: { command: ShellCommand; copy: Copy }[] = [];
  for (const node of descendants(parseSyntax('shell', text).rootNode, 'command')) {
    const command = commandOf(node);
    const program = command.words[command.programIndex];
    if (!program || programName(program.value) !== 'sftp') continue;
    const host = command.words.slice(command.programIndex + 1).find((w) => !w.value.startsWith('-'));
    if (!host) continue;
    const sources = stdinOf(node).flatMap(putSources);
    if (sources.length === 0) continue;
    const shift = (w: ShellWord): ShellWord => ({ ...w, start: at(w.start), end: at(w.end) });
    out.push({ command: { ...command, start: at(command.start), end: at(command.end), words: command.words.map(shift) }, copy: { sources: sources.map(shift), destination: shift(host), tool: 'sftp put' } });
  }
  return out;
}

/** Literal text on a command's standard input, each piece with the offset of its first character. */
function stdinOf(node: SyntaxNode): { text: string; start: number }[] {
  const parent = node.parent;
  const heredoc = parent?.type === 'redirected_statement' ? namedChildren(parent).find((c) => c.type === 'heredoc_redirect') : undefined;
  const body = heredoc && namedChildren(heredoc).find((c) => c.type === 'heredoc_body');
  if (body) return [{ text: body.text, start: body.startIndex }];
  const pieces: { text: string; start: number }[] = [];
  for (const c of namedChildren(node).filter((c) => c.type === 'herestring_redirect')) pieces.push(...literalPieces(namedChildren(c)));
  if (parent?.type === 'pipeline') {
    const cmds = namedChildren(parent).filter((c) => c.type === 'command');
    // Node objects are fresh wrappers on each access: compare positions, not identity.
    const before = cmds[cmds.findIndex((c) => c.startIndex === node.startIndex) - 1];
    const feeder = before && commandOf(before);
    if (feeder && /^(echo|printf)$/.test(feeder.words[0]?.value ?? '')) pieces.push(...literalPieces(namedChildren(before).slice(1)));
  }
  return pieces;
}

/** Word nodes as text pieces: quoted strings without their quotes; a `\n` (echo -e, printf) splits lines. */
function literalPieces(nodes: SyntaxNode[]): { text: string; start: number }[] {
  return nodes.flatMap((n) => {
    const quoted = n.type === 'string' || n.type === 'raw_string';
    const start = quoted ? n.startIndex + 1 : n.startIndex;
    const t = quoted ? n.text.slice(1, -1) : n.text;
    return t.split(/\\n/).map((line, i, all) => ({ text: line, start: start + all.slice(0, i).reduce((sum, l) => sum + l.length + 2, 0) }));
  });
}

/** The local files of `put`/`mput` lines (options such as `-r`, `-p` skipped); the remote path after them is not one. */
function putSources(piece: { text: string; start: number }): ShellWord[] {
  const out: ShellWord[] = [];
  let lineStart = 0;
  for (const line of piece.text.split('\n')) {
    const words = [...line.matchAll(/\S+/g)];
    if (/^m?put$/i.test(words[0]?.[0] ?? '')) {
      const file = words.slice(1).find((w) => !w[0].startsWith('-'));
      if (file) {
        const start = piece.start + lineStart + file.index!;
        out.push({ start, end: start + file[0].length, raw: file[0], value: file[0], dynamic: file[0].includes('$') });
      }
    }
    lineStart += line.length + 1;
  }
  return out;
}
