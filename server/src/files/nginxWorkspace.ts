// The engine's NginxWorkspace on the real file system, for the CLI and the server: `include` patterns
// (globs, nginx-prefix paths such as /etc/nginx/conf.d/*.conf) resolved inside one workspace folder, the
// workspace's nginx.conf files (to find who includes a site file), and files named by directives.
// Nothing outside the folder is read; sizes, counts and depth are bounded; read errors mean "not found".
import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import type { IncludedFile, NginxWorkspace } from '../engine/index';

/** Prefixes nginx is commonly installed under: `/etc/nginx/conf.d/x.conf` is looked up as `conf.d/x.conf`. */
const PREFIXES = ['/etc/nginx/', '/usr/local/nginx/conf/', '/usr/local/etc/nginx/', '/opt/nginx/conf/'];
const MAX_FILE_BYTES = 1024 * 1024;
/**
 * Files one glob may match. nginx itself has no limit; a `sites-enabled/*` of a few hundred sites is common
 * (with 100, every site after the hundredth lost the http block that includes it, and its limit_req / HSTS).
 */
const MAX_MATCHES = 1000;
const MAX_MAIN_CONFIGS = 20;
const MAX_WALK_ENTRIES = 20_000;
const SKIP_DIRS = new Set(['.git', 'node_modules', '.venv', 'venv', '__pycache__', 'out', 'dist']);

function inside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/**
 * What one scan run (a CLI run, one Scan Workspace) has already read and resolved. Without it every site file
 * of a sites-available/ tree re-reads nginx.conf and every sibling that nginx.conf includes: quadratic in the
 * number of sites. A run treats the files as a snapshot; the editor passes none and reads afresh each time.
 */
export class NginxScanCache {
  readonly texts = new Map<string, string | undefined>();
  readonly reals = new Map<string, string>();
  readonly resolved = new Map<string, IncludedFile[]>();
  readonly listings = new Map<string, string[] | undefined>();
}

function memo<K, V>(map: Map<K, V> | undefined, key: K, compute: (k: K) => V): V {
  if (!map) return compute(key);
  if (map.has(key)) return map.get(key) as V;
  const v = compute(key);
  map.set(key, v);
  return v;
}

function listDir(dir: string): string[] | undefined {
  try {
    return readdirSync(dir).sort();
  } catch {
    return undefined;
  }
}

function readText(p: string): string | undefined {
  try {
    const st = statSync(p);
    if (!st.isFile() || st.size > MAX_FILE_BYTES) return undefined;
    const text = readFileSync(p, 'utf8');
    return text.includes('\u0000') ? undefined : text;
  } catch {
    return undefined;
  }
}

/** Files matching a glob(3) pattern relative to `base` (wildcards in any segment, no `**`). */
function expand(base: string, pattern: string, list: (dir: string) => string[] | undefined): string[] {
  const segments = pattern.split('/').filter((s) => s !== '' && s !== '.');
  let current = [base];
  for (const seg of segments) {
    const next: string[] = [];
    for (const dir of current) {
      if (!/[*?[]/.test(seg)) {
        next.push(path.join(dir, seg));
        continue;
      }
      for (const e of list(dir) ?? []) if (minimatch(e, seg, { dot: false })) next.push(path.join(dir, e));
    }
    current = next.slice(0, MAX_MATCHES);
  }
  return current;
}

/** Directories from `from`'s folder up to `root`: where nginx's prefix may be in this workspace. */
function bases(root: string, fromPath: string): string[] {
  const out: string[] = [];
  for (let d = path.dirname(path.resolve(fromPath)); inside(root, d); d = path.dirname(d)) {
    out.push(d);
    if (d === root || path.dirname(d) === d) break;
  }
  if (!out.includes(root)) out.push(root);
  return out;
}

export function createNginxWorkspace(root: string, cache?: NginxScanCache): NginxWorkspace {
  const rootAbs = path.resolve(root);
  const real = (p: string) => memo(cache?.reals, p, realOrSelf);
  const text = (p: string) => memo(cache?.texts, p, readText);
  const list = (dir: string) => memo(cache?.listings, dir, listDir);
  const rootReal = real(rootAbs);
  let mains: IncludedFile[] | undefined;

  // Every `include` of a site tree names the same few patterns from the same few folders: resolved once a run.
  const resolve = (pattern: string, fromPath: string, glob: boolean): IncludedFile[] =>
    memo(cache?.resolved, `${rootAbs}\0${glob ? 'g' : 'f'}\0${path.dirname(path.resolve(fromPath))}\0${pattern}`, () => resolveUncached(pattern, fromPath, glob));

  const resolveUncached = (pattern: string, fromPath: string, glob: boolean): IncludedFile[] => {
    let tail = pattern;
    if (path.isAbsolute(pattern)) {
      const prefix = PREFIXES.find((p) => pattern.startsWith(p));
      if (prefix) tail = pattern.slice(prefix.length);
      else if (inside(rootAbs, pattern)) tail = path.relative(rootAbs, pattern);
      else return [];
    }
    for (const base of bases(rootAbs, fromPath)) {
      const candidates = glob ? expand(base, tail, list) : [path.join(base, tail)];
      const files = candidates
        // a symlink inside the folder that points out of it is outside too
        .filter((c) => inside(rootAbs, c) && inside(rootReal, real(c)))
        .map((c) => ({ path: c, text: text(c) }))
        .filter((f): f is IncludedFile => f.text !== undefined);
      if (files.length > 0) return files;
    }
    return [];
  };

  return {
    // With a run's cache the files are a snapshot (what was read is reused): see NginxWorkspace.snapshot.
    ...(cache ? { snapshot: true } : {}),
    include: (pattern, fromPath) => resolve(pattern, fromPath, true),
    readFile: (p, fromPath) => resolve(p, fromPath, false)[0],
    mainConfigs: () => {
      if (mains) return mains;
      mains = [];
      let seen = 0;
      const walk = (dir: string, depth: number) => {
        if (depth > 6 || mains!.length >= MAX_MAIN_CONFIGS) return;
        let entries: Dirent[] = [];
        try {
          entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        } catch {
          return;
        }
        for (const entry of entries) {
          const e = entry.name;
          if (++seen > MAX_WALK_ENTRIES || mains!.length >= MAX_MAIN_CONFIGS) return;
          const p = path.join(dir, e);
          // Links out of the folder are not followed; an entry that is no link, in a folder inside it, is inside
          // (no realpath per entry: on a 10,000-file workspace that was a second of lstat calls).
          if (entry.isSymbolicLink() && !inside(rootReal, real(p))) continue;
          if (e === 'nginx.conf') {
            const t = text(p);
            if (t !== undefined) mains!.push({ path: p, text: t });
            continue;
          }
          if (SKIP_DIRS.has(e)) continue;
          try {
            if (entry.isDirectory() || (entry.isSymbolicLink() && statSync(p).isDirectory())) walk(p, depth + 1);
          } catch {
            /* unreadable: skip */
          }
        }
      };
      walk(rootAbs, 0);
      return mains;
    },
  };
}

/**
 * One NginxWorkspace per root (its nginx.conf search is cached), for the file under the deepest root that
 * holds it; a file scanned by name alone gets its own folder as root. For one scan run: reads are cached
 * across the run (NginxScanCache).
 */
export function nginxWorkspaces(roots: string[], cache = new NginxScanCache()): (file: string) => NginxWorkspace {
  const byRoot = new Map<string, NginxWorkspace>();
  // Asked for every file of a scan: the answer depends on the file's folder only (a root that is a file
  // holds no other file), so it is worked out once per folder.
  const byFolder = new Map<string, NginxWorkspace>();
  const resolved = roots.map((r) => path.resolve(r));
  return (file) => {
    const folder = path.dirname(file);
    let ws = byFolder.get(folder);
    if (ws) return ws;
    const abs = path.resolve(file);
    const root = resolved.filter((r) => inside(r, abs) && r !== abs).sort((a, b) => b.length - a.length)[0] ?? path.dirname(abs);
    ws = byRoot.get(root);
    if (!ws) byRoot.set(root, (ws = createNginxWorkspace(root, cache)));
    byFolder.set(folder, ws);
    return ws;
  };
}
