// The one pass behind every secrets/* rule: a single combined regex of short anchors (`AKIA`, `ghp_`, `hf_`,
// `-----BEGIN `, `://`, `password`...) walks the text once; at each hit only the formats whose anchor is there
// run their own sticky regex from that offset. The result is cached per scanned file, so twenty rules cost
// one walk, and no rule re-reads the text.
import type { FileKind, SourceFile, Span } from '../../types';

export interface MatchContext {
  text: string;
  kind: FileKind;
  path: string;
  /** The file lies under a test folder (`EngineConfig.testPaths`): obvious test values are not findings. */
  inTestFolder: boolean;
}

export interface SecretCandidate {
  ruleId: string;
  messageId: string;
  /** What to flag: the secret itself (or the whole PEM block). */
  span: Span;
  /** The raw value; only ever rendered through mask(). */
  secret: string;
  data?: Record<string, string>;
  /** The environment variable a "Move to environment variable" fix would read. */
  envName?: string;
  /** The literal (quotes included) a fix may replace with a reference; unset when replacing it is unsafe. */
  literal?: Span;
  /** Overlapping candidates keep the most specific: provider formats 2, credentials in URLs 1, generic 0. */
  priority: number;
}

export interface SecretFormat {
  /** Rule id the candidates belong to (several formats may share one). */
  ruleId: string;
  /** Regex source of the anchor, without capture groups; kept short so the combined regex stays cheap. */
  anchor: string;
  /**
   * Tries the format at an anchor hit. `next` is where the walk resumes (default: after the candidate,
   * or one past the anchor on a miss); resuming inside a candidate lets a more specific format see it.
   */
  match(ctx: MatchContext, at: number): { candidate?: SecretCandidate; next?: number } | undefined;
}

/** A case-insensitive version of a regex source (JS has no inline `(?i)` on Node 20). Escapes are kept. */
export function ci(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      out += c + (source[i + 1] ?? '');
      i++;
    } else if (/[a-z]/i.test(c)) out += `[${c.toLowerCase()}${c.toUpperCase()}]`;
    else out += c;
  }
  return out;
}

export class SecretScanner {
  private readonly combined: RegExp;
  private readonly anchors: RegExp[];

  constructor(private readonly formats: readonly SecretFormat[]) {
    this.combined = new RegExp(formats.map((f) => `(${f.anchor})`).join('|'), 'g');
    this.anchors = formats.map((f) => new RegExp(f.anchor, 'y'));
  }

  scan(ctx: MatchContext): SecretCandidate[] {
    const found: SecretCandidate[] = [];
    // One compiled regex for every file (compiling the alternation per file cost more than running it).
    const re = this.combined;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(ctx.text)) !== null) {
      const at = m.index;
      let first = 1;
      while (m[first] === undefined) first++;
      let next = at + 1;
      for (let i = first - 1; i < this.formats.length; i++) {
        const anchor = this.anchors[i];
        anchor.lastIndex = at;
        if (!anchor.test(ctx.text)) continue;
        const r = this.formats[i].match(ctx, at);
        if (r?.candidate) {
          found.push(r.candidate);
          next = Math.max(r.next ?? r.candidate.span.end, at + 1);
          break;
        }
        if (r?.next !== undefined) next = Math.max(next, r.next);
      }
      re.lastIndex = next;
    }
    return dropOverlaps(found);
  }
}

/** Of overlapping candidates, keeps those of the highest priority (a GitHub token inside a URL is a GitHub token). */
function dropOverlaps(cands: SecretCandidate[]): SecretCandidate[] {
  const overlaps = (a: SecretCandidate, b: SecretCandidate) => a !== b && a.span.start < b.span.end && b.span.start < a.span.end;
  return cands.filter((c) => {
    const better = cands.find((o) => o.priority > c.priority && overlaps(o, c));
    // A specific assigned name is the context a fix should use (`ORG_TOKEN = "hf_…"` moves to ORG_TOKEN); a bare
    // `token=` or `password:` says less than the provider's own variable (HF_TOKEN).
    if (better && c.priority === 0 && c.envName?.includes('_') && better.envName) better.envName = c.envName;
    return !better;
  });
}

const cache = new WeakMap<SourceFile, SecretCandidate[]>();

/** Every secret candidate of a file, computed once per scan and shared by all secrets/* rules. */
export function candidatesOf(file: SourceFile, scanner: SecretScanner): SecretCandidate[] {
  let c = cache.get(file);
  if (!c) {
    // inTestFolder matches globs: asked only when a generic assignment needs it, not for every file.
    c = scanner.scan({
      text: file.text,
      kind: file.kind,
      path: file.path,
      get inTestFolder() {
        return file.inTestFolder ?? false;
      },
    });
    cache.set(file, c);
  }
  return c;
}
