// Reads `openssl` command lines out of shell and PowerShell scripts, for the openssl/* rules.
import type { ShellCommand, ShellWord } from '../../parsers/shell';
import type { SourceFile } from '../../types';

/** `openssl aes-256-cbc ...` (and `openssl aes256`) is `openssl enc -aes-256-cbc ...`: cipher names work as subcommands. */
const CIPHER_COMMAND = /^(aes|aria|bf|blowfish|camellia|cast5?|chacha20|des|des3|desx|idea|rc2|rc4|rc5|seed|sm4)\d*(-|$)/i;

export interface OpensslCall {
  command: ShellCommand;
  /** The subcommand word (`enc`, `aes-256-cbc`, `pkcs12`...). */
  subcommand: ShellWord;
  /** Words after the subcommand. */
  args: ShellWord[];
  /** Whether this is symmetric encryption/decryption (`enc` or a cipher name). */
  isEnc: boolean;
  /**
   * The cipher of an `enc` call: the subcommand (`openssl aes-256-cbc`) or a `-aes-256-cbc` option (a dynamic
   * `-$CIPHER` counts). Undefined for `enc -base64` or `enc -ciphers`, which encode or list and derive no key.
   */
  cipher?: ShellWord;
}

/**
 * openssl's option parser (apps/lib/opt.c, opt_next) also accepts `--opt` and `-opt=value`. Such words
 * become an option word and a value word with their own spans, so rules only ever see `-opt value`.
 * Only an unquoted option name is split (`-pass='pass:x'` is; `"-pass=pass:x"` is left whole).
 */
function splitOption(w: ShellWord): ShellWord[] {
  const m = /^--?([A-Za-z0-9][A-Za-z0-9_-]*)(=|$)/.exec(w.raw);
  if (!m) return [w];
  const name = `-${m[1]}`;
  if (m[2] === '') return w.value === name ? [w] : [{ ...w, value: name }];
  const eq = m[0].length - 1;
  return [
    { start: w.start, end: w.start + eq, raw: w.raw.slice(0, eq), value: name, dynamic: false },
    { start: w.start + eq + 1, end: w.end, raw: w.raw.slice(eq + 1), value: w.value.slice(eq + 1), dynamic: w.dynamic },
  ];
}

const callsOfScript = new WeakMap<object, OpensslCall[]>();

/** The openssl calls of a script, read once per script for the three openssl rules. */
export function opensslCalls(file: SourceFile): OpensslCall[] {
  const script = file.shell;
  let calls = callsOfScript.get(script);
  if (!calls) {
    calls = [...readCalls(file)];
    callsOfScript.set(script, calls);
  }
  return calls;
}

function* readCalls(file: SourceFile): Generator<OpensslCall> {
  for (const { command, args } of file.shell.invocations('openssl')) {
    const [subcommand, ...words] = args;
    if (!subcommand) continue;
    const rest = words.flatMap(splitOption);
    const isEnc = subcommand.value === 'enc' || CIPHER_COMMAND.test(subcommand.value);
    const cipher = !isEnc
      ? undefined
      : subcommand.value !== 'enc'
        ? subcommand
        : rest.find((a) => a.value.startsWith('-') && (CIPHER_COMMAND.test(a.value.slice(1)) || (a.dynamic && a.value.startsWith('-$'))));
    yield { command, subcommand, args: rest, isEnc, cipher };
  }
}

/** The value of an option given as `-opt value` (`-opt=value` and `--opt` arrive split, see splitOption). */
export function optionValue(args: ShellWord[], ...names: string[]): { option: ShellWord; value?: ShellWord } | undefined {
  const i = args.findIndex((a) => names.includes(a.value));
  return i === -1 ? undefined : { option: args[i], value: args[i + 1] };
}

export function hasOption(args: ShellWord[], ...names: string[]): boolean {
  return args.some((a) => names.includes(a.value));
}
