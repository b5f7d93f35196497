// Flags openssl passwords written into a script: `-pass pass:secret`, `-passin/-passout pass:secret`, `enc -k secret`.
// The password is then in the repository and, while openssl runs, in every user's `ps` output.
import { defineRule } from '../../defineRule';
import type { ShellWord } from '../../parsers/shell';
import type { Fix, Span } from '../../types';
import { opensslCalls } from './invocations';

export const ENV_VARIABLE = 'OPENSSL_PASSWORD';
export const PASSWORD_FILE = '/run/secrets/openssl_password';

const PASS_OPTIONS = new Set(['-pass', '-passin', '-passout']);

/** Span of the literal inside `pass:LITERAL`, when the word is written without quotes. */
function literalSpan(word: ShellWord): Span {
  return word.raw === word.value ? { start: word.start + 'pass:'.length, end: word.end } : word;
}

/** Rewrites `option value` (e.g. `-passin pass:x`, `-k x`) to read the password from outside the script. */
function fixes(replace: Span, option: string): Fix[] {
  return [
    {
      title: `Read the password from the environment variable ${ENV_VARIABLE}`,
      kind: 'suggestion',
      edits: [{ ...replace, text: `${option} env:${ENV_VARIABLE}` }],
    },
    {
      title: `Read the password from the file ${PASSWORD_FILE}`,
      kind: 'suggestion',
      edits: [{ ...replace, text: `${option} file:${PASSWORD_FILE}` }],
    },
  ];
}

export default defineRule({
  id: 'openssl/literal-password',
  title: 'openssl password written in the script',
  description: 'An openssl command takes its password as a literal (`pass:...` or `-k`), so it is stored in the repository and visible in the process list.',
  severity: 'error',
  appliesTo: ['shell', 'powershell'],
  fixKind: 'suggestion',
  // Prefilter: a script that never names openssl is neither tokenized nor parsed for these rules.
  keywords: ['openssl'],
  messages: {
    passLiteral: 'openssl {{option}} gives the password as a literal ({{secret}}): it is in the repository and in the process list while openssl runs. Use env:VAR or file:PATH.',
    kLiteral: 'openssl enc -k gives the password as a literal ({{secret}}): it is in the repository and in the process list while openssl runs. Use -pass env:VAR or -pass file:PATH.',
  },
  check(file, report) {
    for (const call of opensslCalls(file)) {
      const { args } = call;
      for (let i = 0; i < args.length - 1; i++) {
        const option = args[i];
        const value = args[i + 1];
        if (PASS_OPTIONS.has(option.value) && value.value.startsWith('pass:') && !value.dynamic) {
          const secret = value.value.slice('pass:'.length);
          if (secret === '') continue;
          report({
            messageId: 'passLiteral',
            span: literalSpan(value),
            data: { option: option.value },
            secret,
            fixes: fixes({ start: option.start, end: value.end }, option.value),
          });
        } else if (call.isEnc && option.value === '-k' && !value.dynamic && !value.value.startsWith('-')) {
          report({
            messageId: 'kLiteral',
            span: value,
            secret: value.value,
            fixes: fixes({ start: option.start, end: value.end }, '-pass'),
          });
        }
      }
    }
  },
});
