// The shell-word view rules on scripts share: commands, their words with quotes removed and exact offsets,
// and the program behind wrappers (`sudo openssl` is openssl). It is built from tree-sitter trees, for
// bash by parsers/treeSitterShell.ts and for PowerShell by parsers/treeSitterPowershell.ts (`file.shell`);
// this module only holds the types and the program lookup both share.
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
]);

/** POSIX reserved words that may precede a simple command: `do openssl ...` in a loop runs openssl. */
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'while', 'until', 'do', '!', '{']);

export class ShellScript {
  constructor(
    readonly dialect: ShellDialect,
    readonly commands: ShellCommand[],
    readonly comments: ShellComment[],
  ) {}

  private byProgram?: Map<string, ShellCommand[]>;

  /** Commands whose program (basename, `.exe` dropped) is `name`, with the words after it. */
  *invocations(name: string): Generator<{ command: ShellCommand; program: ShellWord; args: ShellWord[] }> {
    // Several rules ask for their programs: the commands are grouped by program once per script.
    if (!this.byProgram) {
      this.byProgram = new Map();
      for (const command of this.commands) {
        const program = command.words[command.programIndex];
        if (!program) continue;
        const key = programName(program.value);
        const list = this.byProgram.get(key);
        if (list) list.push(command);
        else this.byProgram.set(key, [command]);
      }
    }
    for (const command of this.byProgram.get(name) ?? []) {
      yield { command, program: command.words[command.programIndex], args: command.words.slice(command.programIndex + 1) };
    }
  }
}

/** `/usr/bin/openssl`, `openssl.exe`, `& "C:\OpenSSL\bin\openssl.exe"` -> `openssl`. */
export function programName(word: string): string {
  // Asked for every command by several rules, of a few distinct words: each is worked out once.
  let name = PROGRAM_NAMES.get(word);
  if (name === undefined) {
    const base = word.slice(Math.max(word.lastIndexOf('/'), word.lastIndexOf('\\')) + 1);
    name = base.replace(/\.exe$/i, '').toLowerCase();
    if (PROGRAM_NAMES.size >= 1024) PROGRAM_NAMES.clear();
    PROGRAM_NAMES.set(word, name);
  }
  return name;
}

const PROGRAM_NAMES = new Map<string, string>();

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
