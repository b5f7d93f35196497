// Flags `openssl enc` deriving its key from a password without PBKDF2: the default (EVP_BytesToKey,
// one MD5/SHA-256 round) lets an attacker test billions of passwords per second against the file.
import { defineRule } from '../../defineRule';
import { hasOption, optionValue, opensslCalls } from './invocations';

/** The iteration count the rule asks for at least, and the one its fix writes (OWASP's figure for PBKDF2-HMAC-SHA256). */
export const MIN_ITERATIONS = 100_000;
export const FIX_ITERATIONS = 600_000;

export default defineRule({
  id: 'openssl/weak-kdf',
  title: 'openssl enc derives its key without PBKDF2',
  description: '`openssl enc` with a password but without `-pbkdf2` (or with fewer than 100000 iterations) derives its key so cheaply that the password can be brute-forced.',
  severity: 'warning',
  appliesTo: ['shell', 'powershell'],
  fixKind: 'suggestion',
  // Prefilter: a script that never names openssl is neither tokenized nor parsed for these rules.
  keywords: ['openssl'],
  messages: {
    noPbkdf2: 'openssl {{subcommand}} derives the key from the password with one hash round (no -pbkdf2): the password can be brute-forced quickly. Add -pbkdf2 -iter {{iterations}} (and the same flags when decrypting).',
    lowIterations: 'openssl {{subcommand}} uses -iter {{count}}; fewer than {{minimum}} PBKDF2 iterations make brute-forcing the password cheap.',
    noSalt: 'openssl {{subcommand}} -nosalt derives the same key for the same password every time, so precomputed tables apply.',
  },
  check(file, report) {
    for (const call of opensslCalls(file)) {
      // `enc` without a cipher (`enc -base64 -d`, `enc -ciphers`) only encodes or lists: no key is derived.
      if (!call.isEnc || !call.cipher) continue;
      const { args, subcommand } = call;
      // A raw key (-K hex with -iv) involves no password, so there is no derivation to weaken.
      if (hasOption(args, '-K') && !hasOption(args, '-pass', '-k', '-kfile')) continue;
      const nosalt = args.find((a) => a.value === '-nosalt');
      if (nosalt) report({ messageId: 'noSalt', span: nosalt, data: { subcommand: subcommand.value } });
      const iter = optionValue(args, '-iter');
      if (iter) {
        const count = Number(iter.value?.value);
        if (iter.value && !iter.value.dynamic && Number.isInteger(count) && count < MIN_ITERATIONS) {
          report({
            messageId: 'lowIterations',
            span: iter.value,
            data: { subcommand: subcommand.value, count, minimum: MIN_ITERATIONS },
            fixes: [{ title: `Use -iter ${FIX_ITERATIONS}`, kind: 'suggestion', edits: [{ start: iter.value.start, end: iter.value.end, text: String(FIX_ITERATIONS) }] }],
          });
        }
        continue; // -iter implies PBKDF2
      }
      if (hasOption(args, '-pbkdf2')) continue;
      // PowerShell splatting (`openssl @encArgs`) passes options this script does not show: -pbkdf2 may be among them.
      if (args.some((a) => a.dynamic && a.value.startsWith('@'))) continue;
      report({
        messageId: 'noPbkdf2',
        span: subcommand,
        data: { subcommand: subcommand.value, iterations: FIX_ITERATIONS },
        fixes: [
          {
            title: `Add -pbkdf2 -iter ${FIX_ITERATIONS}`,
            kind: 'suggestion',
            edits: [{ start: subcommand.end, end: subcommand.end, text: ` -pbkdf2 -iter ${FIX_ITERATIONS}` }],
          },
        ],
      });
    }
  },
});
