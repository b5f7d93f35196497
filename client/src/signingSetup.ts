// gpg's secret-key listing for Sign Model File (the model signing key). Configure Commit Signing has its
// own, fuller flow in tools/signingConfig.ts. No shell, fixed arguments, a timeout; nothing here imports
// vscode, so the listing parser is testable on its own.
import { execFile } from 'child_process';

const TIMEOUT_MS = 10_000;

export interface SecretKey {
  /** Long key id (16 hex digits), what `user.signingkey` takes. */
  id: string;
  /** The key's first valid user id, e.g. `Ada Lovelace <ada@example.org>`; empty when it has none. */
  uid: string;
  /** Creation and expiry as ISO dates (yyyy-mm-dd); expiry undefined when the key does not expire. */
  created?: string;
  expires?: string;
}

/** `--with-colons` escapes `:` and control characters in user ids as `\xHH`. */
function unescapeColons(field: string): string {
  return field.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function isoDate(epochSeconds: string | undefined): string | undefined {
  // Field is seconds since the epoch; newer gpg may print ISO 8601 (`20260101T000000`) instead.
  if (!epochSeconds) return undefined;
  if (/^\d+$/.test(epochSeconds)) return new Date(Number(epochSeconds) * 1000).toISOString().slice(0, 10);
  const iso = /^(\d{4})(\d{2})(\d{2})T/.exec(epochSeconds);
  return iso ? `${iso[1]}-${iso[2]}-${iso[3]}` : undefined;
}

/**
 * Secret keys that can sign, from `gpg --list-secret-keys --with-colons` (format: GnuPG doc/DETAILS).
 * Per `sec` record: field 2 validity (`e` expired, `r` revoked: skipped), field 5 key id,
 * field 6/7 creation/expiry, field 12 capabilities (upper case = usable by the whole key: without
 * `S` the key cannot sign; `D` = disabled). The uid is field 10 of the first non-revoked `uid` record
 * after it, before the next `sec`.
 */
export function parseSecretKeys(colonListing: string): SecretKey[] {
  const keys: SecretKey[] = [];
  let current: SecretKey | undefined;
  for (const line of colonListing.split(/\r?\n/)) {
    const f = line.split(':');
    if (f[0] === 'sec') {
      current = undefined;
      const validity = f[1] ?? '';
      const caps = f[11] ?? '';
      const id = f[4] ?? '';
      if (validity === 'e' || validity === 'r') continue;
      if (caps && (!caps.includes('S') || caps.includes('D'))) continue;
      if (!/^[0-9A-Fa-f]{8,40}$/.test(id)) continue;
      current = { id: id.toUpperCase(), uid: '', created: isoDate(f[5]), expires: isoDate(f[6]) };
      keys.push(current);
    } else if (f[0] === 'uid' && current && !current.uid && f[1] !== 'r') {
      current.uid = unescapeColons(f[9] ?? '');
    }
  }
  return keys;
}

export class ProgramError extends Error {
  constructor(
    message: string,
    /** `ENOENT` when the program is not installed. */
    readonly code: string | number | undefined,
    readonly stderr: string,
  ) {
    super(message);
  }
}

function run(program: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      program,
      args,
      {
        timeout: TIMEOUT_MS,
        windowsHide: true,
        // No prompts: a question nobody sees would only run into the timeout.
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
      },
      (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        const text = String(stderr).trim();
        const code = err.code ?? undefined;
        const timedOut = err.killed && err.signal === 'SIGTERM';
        reject(new ProgramError(timedOut ? `${program} did not finish within ${TIMEOUT_MS / 1000} s` : text || err.message, code, text));
      },
    );
  });
}

export async function listSecretKeys(): Promise<SecretKey[]> {
  return parseSecretKeys(await run('gpg', ['--list-secret-keys', '--keyid-format', 'LONG', '--with-colons']));
}
