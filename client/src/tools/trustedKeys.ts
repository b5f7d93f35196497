// The keys a workspace trusts for OpenPGP signatures, in one place so every feature that verifies
// (model signatures here; commit signatures, issue 7) reads the same sources in the same way:
//   1. `.twinguard/keys/*.asc` committed in the workspace folder (reviewed like code),
//   2. key files named in the `twinguard.signing.trustedKeyFiles` setting (a user-level allowlist).
// A key that fails to parse is reported, never silently dropped or trusted. No vscode import.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
// require(), not import: esbuild then bundles openpgp's CommonJS build; its ESM build needs import.meta.url, which a CommonJS bundle lacks.
import openpgp = require('openpgp');

export const KEYS_DIR = path.join('.twinguard', 'keys');

export interface TrustedKey {
  key: openpgp.PublicKey;
  /** Upper-case hex fingerprint of the primary key. */
  fingerprint: string;
  userIds: string[];
  /** The file it came from. */
  source: string;
}

export interface TrustedKeys {
  keys: TrustedKey[];
  /** Files that could not be read or held no public key, with why. */
  problems: { source: string; reason: string }[];
}

/** Files a workspace folder's trust comes from: the committed keys directory, then the setting's files. */
export async function trustSources(folder: string, settingFiles: readonly string[], opts: LoadOptions = {}): Promise<string[]> {
  const dir = path.join(folder, KEYS_DIR);
  let committed: string[] = [];
  try {
    if (opts.committed !== false) committed = (await fsp.readdir(dir)).filter((f) => f.toLowerCase().endsWith('.asc')).sort().map((f) => path.join(dir, f));
  } catch {
    // No keys directory: nothing committed is trusted.
  }
  const named = settingFiles.filter((f) => f.trim()).map((f) => (path.isAbsolute(f) ? f : path.join(folder, f)));
  return [...new Set([...committed, ...named])];
}

export interface LoadOptions {
  /**
   * Whether keys committed in the folder count (default true). False in Restricted Mode: a key the
   * repository itself brings proves nothing about a repository nobody vouched for.
   */
  committed?: boolean;
}

export async function loadTrustedKeys(folder: string, settingFiles: readonly string[] = [], opts: LoadOptions = {}): Promise<TrustedKeys> {
  const result: TrustedKeys = { keys: [], problems: [] };
  for (const source of await trustSources(folder, settingFiles, opts)) {
    try {
      const text = await fsp.readFile(source, 'utf8');
      const keys = await openpgp.readKeys({ armoredKeys: text });
      for (const key of keys) {
        const pub = key.isPrivate() ? key.toPublic() : key;
        result.keys.push({ key: pub, fingerprint: pub.getFingerprint().toUpperCase(), userIds: pub.getUserIDs(), source });
      }
    } catch (err) {
      result.problems.push({ source, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return result;
}
