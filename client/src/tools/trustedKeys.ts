// The keys a workspace trusts for OpenPGP model signatures, in one place:
//   1. the repository's own `.twinguard/keys/*.asc`, as the language server reads them from git (the tree
//      before the commits under review, like the keys of commit signatures: Methods.committedKeys), never
//      from the work tree here: a commit that brings its own key must not vouch for the model it swapped;
//   2. key files named in the `twinguard.signing.trustedKeyFiles` setting (a user-level allowlist).
// A key that fails to parse is reported, never silently dropped or trusted. No vscode import.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
// require(), not import: esbuild then bundles openpgp's CommonJS build; its ESM build needs import.meta.url, which a CommonJS bundle lacks.
import openpgp = require('openpgp');

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

/** The key files of the setting, relative ones resolved against the workspace folder. */
export async function trustSources(folder: string, settingFiles: readonly string[]): Promise<string[]> {
  return [...new Set(settingFiles.filter((f) => f.trim()).map((f) => (path.isAbsolute(f) ? f : path.join(folder, f))))];
}

export interface LoadOptions {
  /**
   * The repository's own armored keys with where they were read (`origin/main:.twinguard/keys/a.asc`), as
   * the language server answers Methods.committedKeys. None in Restricted Mode: a key the repository
   * itself brings proves nothing about a repository nobody vouched for.
   */
  committed?: readonly { source: string; text: string }[];
}

export async function loadTrustedKeys(folder: string, settingFiles: readonly string[] = [], opts: LoadOptions = {}): Promise<TrustedKeys> {
  const result: TrustedKeys = { keys: [], problems: [] };
  const add = async (source: string, text: () => Promise<string>) => {
    try {
      const keys = await openpgp.readKeys({ armoredKeys: await text() });
      for (const key of keys) {
        const pub = key.isPrivate() ? key.toPublic() : key;
        result.keys.push({ key: pub, fingerprint: pub.getFingerprint().toUpperCase(), userIds: pub.getUserIDs(), source });
      }
    } catch (err) {
      result.problems.push({ source, reason: err instanceof Error ? err.message : String(err) });
    }
  };
  for (const c of opts.committed ?? []) await add(c.source, async () => c.text);
  for (const source of await trustSources(folder, settingFiles)) await add(source, () => fsp.readFile(source, 'utf8'));
  return result;
}
