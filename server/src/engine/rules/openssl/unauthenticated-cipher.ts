// Flags `openssl enc` encryption and decryption: every cipher `enc` offers (CBC, CTR, CFB, OFB, ECB, stream
// ciphers) is unauthenticated, because `enc` does not support AEAD modes. Whoever can write the file can flip
// bits in the plaintext (CTR/OFB/CFB) or splice blocks (CBC), and decryption does not notice. A SHA-256 sum
// stored beside the file (the reference article's "verify integrity later") does not help: an attacker who can
// change the file can change the sum too. Authenticated formats (OpenPGP with MDC/AEAD, age) detect tampering.
import { defineRule } from '../../defineRule';
import type { ShellWord } from '../../parsers/shell';
import type { Fix } from '../../types';
import { opensslCalls, optionValue, hasOption, type OpensslCall } from './invocations';

/** Programs whose output is a checksum file: a script that writes one next to an `enc` trusts it for integrity. */
const CHECKSUM_TOOLS = ['sha256sum', 'sha512sum', 'sha1sum', 'md5sum', 'shasum', 'b2sum', 'get-filehash'];

function modeOf(cipher: string): string {
  const c = cipher.replace(/^-/, '').toLowerCase();
  const m = /-(cbc|ctr|cfb\d*|ofb|ecb|xts|wrap)$/.exec(c);
  if (m) return m[1].toUpperCase();
  if (/^(chacha20|rc4)/.test(c)) return 'stream';
  // `-aes256`, `-des3`, `-bf`, `-camellia256`: openssl's short names are CBC.
  return 'CBC';
}

/** A word usable as-is in the rewrite (a literal path, or a variable the shell expands the same way). */
function plain(w: ShellWord | undefined): string | undefined {
  return w && !/[\s;|&<>]/.test(w.raw) ? w.raw : undefined;
}

/**
 * Rewrites the call to gpg's symmetric, integrity-protected format. The password source carries over when it
 * is a file (`file:PATH` -> `--passphrase-file PATH`); otherwise gpg asks for it (never a literal on the
 * command line). Only offered when input and output are plain words.
 */
function gpgRewrite(call: OpensslCall, decrypt: boolean): Fix[] {
  const input = plain(optionValue(call.args, '-in')?.value);
  const output = plain(optionValue(call.args, '-out')?.value);
  if (!input || !output) return [];
  const pass = optionValue(call.args, '-pass')?.value;
  const passFile = pass && !pass.dynamic && pass.value.startsWith('file:') ? pass.value.slice('file:'.length) : undefined;
  const batch = passFile ? ` --batch --pinentry-mode loopback --passphrase-file ${passFile}` : '';
  const program = call.command.words[call.command.programIndex];
  const text = decrypt ? `gpg${batch} --output ${output} --decrypt ${input}` : `gpg${batch} --symmetric --cipher-algo AES256 --output ${output} ${input}`;
  return [
    {
      title: decrypt ? 'Decrypt with gpg (an OpenPGP file, integrity-checked)' : 'Encrypt with gpg --symmetric (OpenPGP: tampering is detected)',
      kind: 'suggestion',
      edits: [{ start: program.start, end: call.command.end, text }],
    },
  ];
}

export default defineRule({
  id: 'openssl/unauthenticated-cipher',
  title: 'openssl enc encrypts without integrity protection',
  description: '`openssl enc` (CBC, CTR and every other mode it offers) has no authentication: a file changed in transit or at rest decrypts without an error, and a checksum stored beside it can be changed too.',
  severity: 'warning',
  appliesTo: ['shell', 'powershell'],
  fixKind: 'suggestion',
  keywords: ['openssl'],
  messages: {
    noIntegrity: 'openssl {{direction}} with {{cipher}} ({{mode}}) has no integrity protection: whoever can write the file can alter the plaintext and decryption will not notice. Use an authenticated format (gpg --symmetric, age) or add an HMAC over the ciphertext.',
    checksumBeside: 'openssl {{direction}} with {{cipher}} ({{mode}}) has no integrity protection, and the checksum this script writes ({{tool}}) does not add any: an attacker who can change the file can change the checksum beside it. Use an authenticated format (gpg --symmetric, age) or an HMAC with a key the attacker does not have.',
  },
  check(file, report) {
    const checksum = CHECKSUM_TOOLS.find((t) => file.shell.invocations(t).next().done === false);
    for (const call of opensslCalls(file)) {
      if (!call.isEnc || !call.cipher || call.cipher.dynamic) continue;
      // `enc -base64`/`-a` alone only encodes; `-e`/`-d` pick the direction (encrypt by default).
      const decrypt = hasOption(call.args, '-d');
      const cipher = call.cipher.value.replace(/^-/, '');
      report({
        messageId: checksum ? 'checksumBeside' : 'noIntegrity',
        span: call.cipher,
        data: { direction: decrypt ? 'decryption' : 'encryption', cipher, mode: modeOf(cipher), ...(checksum ? { tool: checksum } : {}) },
        fixes: gpgRewrite(call, decrypt),
      });
    }
  },
});
