// Remembers each document's fixes by finding key and version, so code actions never re-run the rules.
import type { Fix } from '../engine/index';

export class FixStore {
  private readonly byUri = new Map<string, { version: number; fixes: Map<string, Fix[]> }>();

  set(uri: string, version: number, entries: Iterable<[string, Fix[]]>): void {
    // Only findings that have fixes: a workspace scan publishes every file, and 10,000 empty maps (or lists)
    // kept for as long as the server runs are memory for nothing (a missing key means no fixes).
    const fixes = new Map([...entries].filter(([, f]) => f.length > 0));
    if (fixes.size === 0) this.byUri.delete(uri);
    else this.byUri.set(uri, { version, fixes });
  }

  /** The fixes for a finding key, only if they were computed on this exact version. */
  get(uri: string, version: number, key: string): Fix[] {
    const entry = this.byUri.get(uri);
    return entry && entry.version === version ? entry.fixes.get(key) ?? [] : [];
  }

  /** Every finding's fixes, in finding order, only if they were computed on this exact version. */
  all(uri: string, version: number): Fix[][] {
    const entry = this.byUri.get(uri);
    return entry && entry.version === version ? [...entry.fixes.values()] : [];
  }

  delete(uri: string): void {
    this.byUri.delete(uri);
  }
}
