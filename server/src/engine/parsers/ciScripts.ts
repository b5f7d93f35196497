// Shell scripts embedded in CI YAML (GitHub Actions `run:`, GitLab `script:`/`before_script:`/`after_script:`)
// and Dockerfile `RUN` lines, parsed with tree-sitter-bash and mapped back to offsets in the file, so the
// same command rules judge `curl -k` in a script and in a workflow step, with the exact range.
import { isMap, isPair, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { SourceFile } from '../types';
import { ShellScript, type ShellCommand, type ShellWord } from './shell';
import { shellScriptOfText } from './treeSitterShell';

/** Keys whose string value (or sequence of strings) is a shell script. */
const SCRIPT_KEYS = new Set(['run', 'script', 'before_script', 'after_script']);

export interface EmbeddedScript {
  /** The script's commands, with offsets into the whole file. */
  script: ShellScript;
  /** The script text as the shell sees it. */
  text: string;
  /** Offset in `text` -> offset in the file (identity when absent: the file is the script). */
  at?: (offset: number) => number;
}

/**
 * For a block scalar (`run: |`), value offset -> source offset, line by line (each value line is its source
 * line without the block's indentation); for a one-line plain or quoted scalar, a constant shift. Undefined
 * when the value cannot be located in the source (folded scalars, escapes): such a script is skipped rather
 * than reported at wrong places.
 */
function offsetMap(scalar: Scalar, source: string): ((offset: number) => number) | undefined {
  const value = String(scalar.value);
  const [start, end] = scalar.range ?? [0, 0];
  const raw = source.slice(start, end);
  if (scalar.type === 'BLOCK_LITERAL') {
    const headerEnd = raw.indexOf('\n');
    if (headerEnd === -1) return undefined;
    const bases: number[] = [];
    let at = start + headerEnd + 1;
    let indent = -1;
    const lines = value.split('\n');
    for (let i = 0; i < lines.length; i++) {
      // The value's final newline leaves an empty last line that has no source line of its own.
      if (at >= end || (i === lines.length - 1 && lines[i] === '')) {
        bases.push(Math.min(at, end));
        break;
      }
      const eol = source.indexOf('\n', at);
      // CRLF files: the source line keeps its `\r`, the parsed value does not.
      const lineEnd = eol === -1 ? end : eol > at && source[eol - 1] === '\r' && !lines[i].endsWith('\r') ? eol - 1 : eol;
      const line = source.slice(at, lineEnd);
      if (indent === -1 && line.trim() !== '') indent = line.length - line.trimStart().length;
      const skip = Math.min(Math.max(indent, 0), line.length - line.trimStart().length);
      if (line.slice(skip) !== lines[i] && !(lines[i] === '' && line.trim() === '')) return undefined;
      bases.push(at + skip);
      if (eol === -1) break;
      at = eol + 1;
    }
    const lineStarts: number[] = [0];
    for (let i = 0; i < value.length; i++) if (value[i] === '\n') lineStarts.push(i + 1);
    return (offset) => {
      let lo = 0;
      while (lo + 1 < lineStarts.length && lineStarts[lo + 1] <= offset) lo++;
      return (bases[lo] ?? bases[bases.length - 1] ?? start) + (offset - lineStarts[lo]);
    };
  }
  if (value.includes('\n')) return undefined;
  const inner = scalar.type === 'PLAIN' ? raw : raw.slice(1, -1);
  if (inner !== value) return undefined;
  const base = scalar.type === 'PLAIN' ? start : start + 1;
  return (offset) => base + offset;
}

function shiftScript(script: ShellScript, map: (offset: number) => number): ShellScript {
  const word = (w: ShellWord): ShellWord => ({ ...w, start: map(w.start), end: map(w.end) });
  const commands: ShellCommand[] = script.commands.map((c) => ({ ...c, start: map(c.start), end: map(c.end), words: c.words.map(word) }));
  return new ShellScript('posix', commands, script.comments.map((c) => ({ ...c, start: map(c.start), end: map(c.end) })));
}

/** A YAML string scalar read as a bash script, offsets into the file; undefined when the value cannot be located. */
export function yamlScalarScript(scalar: Scalar, source: string): EmbeddedScript | undefined {
  const map = offsetMap(scalar, source);
  if (!map) return undefined;
  const text = String(scalar.value);
  return { script: shiftScript(shellScriptOfText(text), map), text, at: map };
}

/** `text` (which starts at offset `base` of a file: a Dockerfile instruction's body) read as a bash script. */
export function shellScriptAt(text: string, base: number): ShellScript {
  return shiftScript(shellScriptOfText(text), (o) => base + o);
}

function collect(node: unknown, out: Scalar[]): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if (typeof key === 'string' && SCRIPT_KEYS.has(key)) {
        if (isScalar(pair.value) && typeof pair.value.value === 'string') out.push(pair.value as Scalar);
        else if (isSeq(pair.value)) for (const item of pair.value.items) if (isScalar(item) && typeof item.value === 'string') out.push(item as Scalar);
      } else collect(pair.value, out);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) collect(item as Node, out);
  }
}

const cache = new WeakMap<SourceFile, EmbeddedScript[]>();

/** Shell scripts inside a YAML file (CI `run:`/`script:` values); a shell file is its own single script. */
export function shellScriptsOf(file: SourceFile): EmbeddedScript[] {
  if (file.kind === 'shell') return [{ script: file.shell, text: file.text }];
  if (file.kind !== 'yaml' && file.kind !== 'dockerfile') return [];
  let scripts = cache.get(file);
  if (scripts) return scripts;
  scripts = [];
  // A YAML file without the text `run` or `script` has no script key (and with no `\`, none spelt with an
  // escape): it is not parsed for them.
  if (file.kind === 'yaml' && (file.text.includes('run') || file.text.includes('script') || file.text.includes('\\'))) {
    const scalars: Scalar[] = [];
    for (const doc of file.yaml.documents) collect(doc.contents, scalars);
    for (const scalar of scalars) {
      const embedded = yamlScalarScript(scalar, file.text);
      if (embedded) scripts.push(embedded);
    }
  } else if (file.kind === 'dockerfile') {
    // Dockerfile: each `RUN` instruction in shell form (not the `RUN ["exec", "form"]`), with the lines a
    // trailing backslash continues. Read line by line: no regex spans lines (linear time).
    const text = file.text;
    let at = 0;
    while (at < text.length) {
      const eol = text.indexOf('\n', at);
      const line = text.slice(at, eol === -1 ? text.length : eol);
      const m = /^[ \t]*RUN[ \t]/i.exec(line);
      if (m) {
        let base = at + m[0].length;
        while (text[base] === ' ' || text[base] === '\t') base++;
        let end = eol === -1 ? text.length : eol;
        while (end < text.length && /\\\r?$/.test(text.slice(Math.max(base, end - 2), end))) {
          const next = text.indexOf('\n', end + 1);
          end = next === -1 ? text.length : next;
        }
        const body = text.slice(base, end);
        if (!body.startsWith('[')) scripts.push({ script: shellScriptAt(body, base), text: body, at: (o) => base + o });
        at = end + 1;
        continue;
      }
      if (eol === -1) break;
      at = eol + 1;
    }
  }
  cache.set(file, scripts);
  return scripts;
}

/** Every command of every script of the file whose program is `name`. */
export function* invocationsIn(file: SourceFile, ...names: string[]): Generator<{ command: ShellCommand; program: ShellWord; args: ShellWord[] }> {
  for (const { script } of shellScriptsOf(file)) for (const name of names) yield* script.invocations(name);
}
