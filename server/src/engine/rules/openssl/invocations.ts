// Reads `openssl` command lines out of shell and PowerShell scripts, for the openssl/* rules.
import type { ShellCommand, ShellWord } from '../../parsers/shell';
import type { SourceFile } from '../../types';

/** `openssl aes-256-cbc ...` is `openssl enc -aes-256-cbc ...`: cipher names work as subcommands. */
const CIPHER_COMMAND = /^(aes|aria|bf|blowfish|camellia|cast5?|chacha20|des|des3|desx|idea|rc2|rc4|rc5|seed|sm4)(-|$)/i;

export interface OpensslCall {
  command: ShellCommand;
  /** The subcommand word (`enc`, `aes-256-cbc`, `pkcs12`...). */
  subcommand: ShellWord;
  /** Words after the subcommand. */
  args: ShellWord[];
  /** Whether this is symmetric encryption/decryption (`enc` or a cipher name). */
  isEnc: boolean;
}

export function* opensslCalls(file: SourceFile): Generator<OpensslCall> {
  for (const { command, args } of file.shell.invocations('openssl')) {
    const [subcommand, ...rest] = args;
    if (!subcommand) continue;
    const isEnc = subcommand.value === 'enc' || CIPHER_COMMAND.test(subcommand.value);
    yield { command, subcommand, args: rest, isEnc };
  }
}

/** The value of an option given as `-opt value` (openssl takes no `-opt=value` form). */
export function optionValue(args: ShellWord[], ...names: string[]): { option: ShellWord; value?: ShellWord } | undefined {
  const i = args.findIndex((a) => names.includes(a.value));
  return i === -1 ? undefined : { option: args[i], value: args[i + 1] };
}

export function hasOption(args: ShellWord[], ...names: string[]): boolean {
  return args.some((a) => names.includes(a.value));
}
