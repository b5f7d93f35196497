// A shell-word tokenizer shared by rules on shell and PowerShell scripts: commands, words, exact offsets.
// It is not a full shell parser: it splits a script into simple commands (at newlines, `;`, `&`, `|`,
// `&&`, `||`, parentheses and braces) and each command into words with their quoting removed, which is
// what rules need to read a command line such as `openssl enc -pass pass:x`. Substitutions (`$(...)`,
// backticks) stay inside their word, and the commands inside them are listed too (they run as well:
// `KEY=$(openssl enc -d -pass pass:x ...)`); heredoc bodies and comments are skipped.
import type { Span } from '../types';

export type ShellDialect = 'posix' | 'powershell';

export interface ShellWord extends Span {
  /** The word with quotes and escapes removed; expansions (`$X`, `$(...)`) are kept as written. */
  value: string;
  raw: string;
  /** True if any part of the word is expanded at run time (a variable or a substitution). */
  dynamic: boolean;
}

export interface ShellCommand extends Span {
  words: ShellWord[];
  /** Index in `words` of the program, after `VAR=x` assignments and wrappers such as `sudo` or `env`. */
  programIndex: number;
}

export interface ShellComment extends Span {
  text: string;
}

/**
 * Programs that run the command after them (`sudo openssl ...` is still openssl), each with its options
 * that take a separate value: `sudo -u www-data openssl` runs openssl, not `www-data`.
 */
const WRAPPERS = new Map<string, Set<string>>([
  ['sudo', new Set(['-u', '-g', '-h', '-p', '-C', '-D', '-R', '-T', '-U', '-r', '-t', '--user', '--group', '--host', '--prompt', '--chdir'])],
  ['doas', new Set(['-u', '-C'])],
  ['env', new Set(['-u', '-C', '-P', '--unset', '--chdir'])],
  ['exec', new Set(['-a'])],
  ['nice', new Set(['-n', '--adjustment'])],
  ['time', new Set(['-f', '-o', '--format', '--output'])],
  ['xargs', new Set(['-I', '-n', '-P', '-L', '-s', '-d', '-E', '-a'])],
  ['nohup', new Set()],
  ['command', new Set()],
  ['&', new Set()],
]);

/** POSIX reserved words that may precede a simple command: `do openssl ...` in a loop runs openssl. */
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'while', 'until', 'do', '!', '{']);

export class ShellScript {
  constructor(
    readonly dialect: ShellDialect,
    readonly commands: ShellCommand[],
    readonly comments: ShellComment[],
  ) {}

  /** Commands whose program (basename, `.exe` dropped) is `name`, with the words after it. */
  *invocations(name: string): Generator<{ command: ShellCommand; program: ShellWord; args: ShellWord[] }> {
    for (const command of this.commands) {
      const program = command.words[command.programIndex];
      if (program && programName(program.value) === name) {
        yield { command, program, args: command.words.slice(command.programIndex + 1) };
      }
    }
  }
}

/** `/usr/bin/openssl`, `openssl.exe`, `& "C:\OpenSSL\bin\openssl.exe"` -> `openssl`. */
export function programName(word: string): string {
  const base = word.slice(Math.max(word.lastIndexOf('/'), word.lastIndexOf('\\')) + 1);
  return base.replace(/\.exe$/i, '').toLowerCase();
}

export function findProgramIndex(words: ShellWord[], dialect: ShellDialect): number {
  let i = 0;
  while (i < words.length) {
    const w = words[i];
    // `VAR=x cmd` and `VAR=$(...) cmd`: an assignment prefix, whatever its value (the name is unquoted).
    if (dialect === 'posix' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w.raw)) {
      i++;
      continue;
    }
    if (dialect === 'posix' && KEYWORDS.has(w.raw)) {
      i++;
      continue;
    }
    const takesValue = WRAPPERS.get(w.value);
    if (takesValue) {
      i++;
      // Skip the wrapper's own options (`sudo -u root`, `env -i`); options with a separate value skip it too.
      while (i < words.length && words[i].value.startsWith('-') && words[i].value !== '--') {
        i += takesValue.has(words[i].value) ? 2 : 1;
      }
      if (words[i]?.value === '--') i++;
      continue;
    }
    break;
  }
  return Math.min(i, Math.max(words.length - 1, 0));
}

const SEPARATORS_POSIX = new Set([';', '&', '|', '(', ')', '\n']);
const SEPARATORS_PS = new Set([';', '|', '\n', '{', '}', '(', ')']);

/** How deep substitutions inside substitutions are tokenized: each level re-reads its text once. */
const MAX_SUBSTITUTION_DEPTH = 4;

/**
 * Tokenizes a script. Never throws; an unterminated quote runs to the end of the text. Commands are in
 * order of their start; a substitution's commands lie inside the span of the command that contains it.
 */
export function parseShell(text: string, dialect: ShellDialect = 'posix'): ShellScript {
  return parse(text, dialect, 0);
}

function parse(text: string, dialect: ShellDialect, depth: number): ShellScript {
  const ps = dialect === 'powershell';
  const escapeChar = ps ? '`' : '\\';
  const separators = ps ? SEPARATORS_PS : SEPARATORS_POSIX;
  const commands: ShellCommand[] = [];
  const comments: ShellComment[] = [];
  const pendingHeredocs: { delimiter: string }[] = [];
  let words: ShellWord[] = [];
  const n = text.length;
  let i = 0;

  /** Lists the commands of a substitution's body `text[from, to)`, with offsets into the whole text. */
  const substitution = (from: number, to: number) => {
    if (depth >= MAX_SUBSTITUTION_DEPTH || to <= from) return;
    const inner = parse(text.slice(from, to), dialect, depth + 1);
    const shift = <T extends Span>(x: T): T => ({ ...x, start: x.start + from, end: x.end + from });
    for (const c of inner.commands) commands.push({ ...shift(c), words: c.words.map(shift) });
    for (const c of inner.comments) comments.push(shift(c));
  };
  /** The body of `$(...)` read from `open` (the offset of `(`) to `end` (after the group, or the end of text). */
  const commandSubstitution = (open: number, end: number) => substitution(open + 1, text[end - 1] === ')' && end - 1 > open ? end - 1 : end);

  const endCommand = () => {
    if (words.length > 0) {
      commands.push({
        words,
        start: words[0].start,
        end: words[words.length - 1].end,
        programIndex: findProgramIndex(words, dialect),
      });
    }
    words = [];
  };

  /** Skips heredoc bodies that start after the newline at `i - 1`. */
  const skipHeredocs = () => {
    for (const { delimiter } of pendingHeredocs) {
      while (i < n) {
        const eol = text.indexOf('\n', i);
        const line = text.slice(i, eol === -1 ? n : eol);
        i = eol === -1 ? n : eol + 1;
        if (line.replace(/^\t+/, '').replace(/\r$/, '') === delimiter) break;
      }
    }
    pendingHeredocs.length = 0;
  };

  /** Reads a `$(...)`, `${...}` or `(...)` group with nesting and quotes; returns the offset after it. */
  const skipGroup = (from: number, open: string, close: string): number => {
    let depth = 0;
    let j = from;
    while (j < n) {
      const ch = text[j];
      if (ch === escapeChar) {
        j += 2;
        continue;
      }
      if (ch === "'" || ch === '"') {
        const q = text.indexOf(ch, j + 1);
        j = q === -1 ? n : q + 1;
        continue;
      }
      if (ch === open) depth++;
      else if (ch === close && --depth === 0) return j + 1;
      j++;
    }
    return n;
  };

  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    // Line continuation: escape + newline joins lines.
    if (c === escapeChar && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\n' ? 2 : 3;
      continue;
    }
    if (ps && c === '<' && text[i + 1] === '#') {
      const close = text.indexOf('#>', i + 2);
      const end = close === -1 ? n : close + 2;
      comments.push({ start: i, end, text: text.slice(i, end) });
      i = end;
      continue;
    }
    if (c === '#') {
      const eol = text.indexOf('\n', i);
      const end = eol === -1 ? n : eol;
      comments.push({ start: i, end, text: text.slice(i, end) });
      i = end;
      continue;
    }
    if (ps && c === '&' && text[i + 1] === '&') {
      // PowerShell 7 pipeline chain operator
      endCommand();
      i += 2;
      continue;
    }
    if (separators.has(c)) {
      endCommand();
      i++;
      if (c === '\n' && pendingHeredocs.length > 0) skipHeredocs();
      continue;
    }
    if (!ps && c === '<' && text[i + 1] === '<' && text[i + 2] !== '<') {
      // Heredoc operator: `<<EOF`, `<<-'EOF'`, `<< "EOF"`; its body starts on the next line.
      let j = i + 2;
      if (text[j] === '-') j++;
      while (text[j] === ' ' || text[j] === '\t') j++;
      const m = /^(['"]?)([A-Za-z0-9_.-]+)\1/.exec(text.slice(j, j + 256));
      if (m) {
        pendingHeredocs.push({ delimiter: m[2] });
        i = j + m[0].length;
        continue;
      }
    }
    // A word: runs until whitespace or a separator outside quotes and groups.
    const start = i;
    let value = '';
    let dynamic = false;
    while (i < n) {
      const ch = text[i];
      if (ch === ' ' || ch === '\t' || ch === '\r' || separators.has(ch)) {
        // `&&`/`||` are separators too; a lone `&` in PowerShell is the call operator (handled as a word).
        break;
      }
      if (ps && ch === '&' && text[i + 1] === '&') break;
      if (!ps && (ch === '<' || ch === '>') && value === '' && i === start) {
        // redirections become their own words so `>file` does not glue to the command name
        value += ch;
        i++;
        while (text[i] === '>' || text[i] === '&' || text[i] === '<') value += text[i++];
        break;
      }
      if (!ps && (ch === '>' || ch === '<') && text[i + 1] === '&') {
        // `2>&1`, `<&3`: the `&` duplicates a descriptor, it does not end the command.
        value += ch + '&';
        i += 2;
        continue;
      }
      if (ch === escapeChar) {
        const nl = text[i + 1] === '\n' ? 1 : text[i + 1] === '\r' && text[i + 2] === '\n' ? 2 : 0;
        if (nl > 0) {
          // A continuation right before whitespace ends the word: leave it between words, out of the word's span.
          const after = text[i + 1 + nl];
          if (after === undefined || after === ' ' || after === '\t' || after === '\r' || separators.has(after)) break;
          i += 1 + nl;
          continue;
        }
        value += i + 1 < n ? text[i + 1] : '';
        i = Math.min(i + 2, n); // an escape as the last character must not push the word past the text
        continue;
      }
      if (ch === "'") {
        // Literal in both dialects; PowerShell doubles a quote to escape it.
        let j = i + 1;
        while (j < n) {
          if (text[j] === "'") {
            if (ps && text[j + 1] === "'") {
              value += "'";
              j += 2;
              continue;
            }
            break;
          }
          value += text[j];
          j++;
        }
        i = Math.min(j + 1, n);
        continue;
      }
      if (ch === '"') {
        let j = i + 1;
        while (j < n && text[j] !== '"') {
          if (text[j] === '$' && text[j + 1] === '(') {
            // `"$(cmd "quoted arg")"`: the substitution's own quotes do not end the string
            const end = skipGroup(j + 1, '(', ')');
            if (text[j + 2] !== '(') commandSubstitution(j + 1, end);
            value += text.slice(j, end);
            dynamic = true;
            j = end;
            continue;
          }
          if (!ps && text[j] === '`') {
            const close = text.indexOf('`', j + 1);
            const end = close === -1 ? n : close + 1;
            substitution(j + 1, close === -1 ? n : close);
            value += text.slice(j, end);
            dynamic = true;
            j = end;
            continue;
          }
          if (text[j] === escapeChar && j + 1 < n) {
            const next = text[j + 1];
            // In POSIX double quotes `\` escapes only $ ` " \ and newline.
            if (ps || '$`"\\\n'.includes(next)) {
              if (next !== '\n') value += next;
              j += 2;
              continue;
            }
          }
          if (text[j] === '$' && /[A-Za-z_{(]/.test(text[j + 1] ?? '')) dynamic = true;
          value += text[j];
          j++;
        }
        i = Math.min(j + 1, n);
        continue;
      }
      if (ch === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
        const end = skipGroup(i + 1, text[i + 1], text[i + 1] === '(' ? ')' : '}');
        // `$((...))` is arithmetic, not a command
        if (text[i + 1] === '(' && text[i + 2] !== '(') commandSubstitution(i + 1, end);
        value += text.slice(i, end);
        dynamic = true;
        i = end;
        continue;
      }
      if (!ps && ch === '`') {
        const close = text.indexOf('`', i + 1);
        const end = close === -1 ? n : close + 1;
        substitution(i + 1, close === -1 ? n : close);
        value += text.slice(i, end);
        dynamic = true;
        i = end;
        continue;
      }
      if (ch === '$' && /[A-Za-z_?@#*0-9!:]/.test(text[i + 1] ?? '')) dynamic = true;
      value += ch;
      i++;
    }
    if (i === start) {
      i++; // defensive: never loop without progress
      continue;
    }
    words.push({ start, end: i, value, raw: text.slice(start, i), dynamic });
  }
  endCommand();
  // A substitution's commands were listed when it was read, before the command around it ended.
  commands.sort((a, b) => a.start - b.start || b.end - a.end);
  comments.sort((a, b) => a.start - b.start);
  return new ShellScript(dialect, commands, comments);
}
