// `npm run docs`: rewrites the header of each rule page (docs/rules/<id>.md) from the rule's metadata, so the
// title, summary and severity on the page can never drift from the code. A missing page is created as a
// skeleton with the required sections. `--check` changes nothing and exits 1 when a page is out of date.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { rules } from '../server/src/engine/registry';
import type { Rule } from '../server/src/engine/types';

export const ROOT = join(__dirname, '..');
export const DOCS_DIR = join(ROOT, 'docs', 'rules');

/** Sections every page has, in this order (see typescript-eslint's docs test). */
export const SECTIONS = ['Why', 'Incorrect', 'Correct', 'Fix', 'When not to use it'] as const;

/** What a skeleton section holds until someone writes it; the docs test rejects pages that still contain it. */
export const PLACEHOLDER = '_To be written._';

export function pagePath(id: string): string {
  return join(DOCS_DIR, ...id.split('/')) + '.md';
}

export function titleLine(rule: Rule): string {
  return `# ${rule.id}: ${rule.title}`;
}

export function metadataLine(rule: Rule): string {
  return `Severity: ${rule.severity} · Applies to: ${rule.appliesTo.join(', ')} · Fix: ${rule.fixKind}`;
}

/** Title, summary (the rule's description) and metadata line, each a paragraph, ending with a blank line. */
export function renderHeader(rule: Rule): string {
  return `${titleLine(rule)}\n\n${rule.description}\n\n${metadataLine(rule)}\n\n`;
}

export function skeletonSections(missing: readonly string[] = SECTIONS): string {
  return missing.map((s) => `## ${s}\n\n${PLACEHOLDER}\n`).join('\n');
}

/** Offset of the first `## ` heading outside fenced code, or -1. */
export function bodyStart(text: string): number {
  let offset = 0;
  let fenced = false;
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    else if (!fenced && line.startsWith('## ')) return offset;
    offset += line.length + 1;
  }
  return -1;
}

/** `## ` headings outside fenced code, in order. */
export function sectionTitles(text: string): string[] {
  const titles: string[] = [];
  let fenced = false;
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    else if (!fenced && line.startsWith('## ')) titles.push(line.slice(3).trim());
  }
  return titles;
}

/** The page with its header regenerated; sections it lacks are appended as skeletons. A missing page becomes a skeleton. */
export function updatePage(rule: Rule, existing: string | undefined): string {
  const text = (existing ?? '').replace(/\r\n/g, '\n');
  const start = bodyStart(text);
  let body = start === -1 ? '' : text.slice(start).replace(/\s*$/, '\n');
  const present = new Set(sectionTitles(body));
  const missing = SECTIONS.filter((s) => !present.has(s));
  if (missing.length > 0) body = body === '' ? skeletonSections(missing) : `${body}\n${skeletonSections(missing)}`;
  return renderHeader(rule) + body;
}

/** Every `.md` under docs/rules/, as the rule id it would document. */
export function pageIds(): string[] {
  const walk = (dir: string): string[] =>
    existsSync(dir)
      ? readdirSync(dir)
          .sort()
          .flatMap((e) => {
            const p = join(dir, e);
            return statSync(p).isDirectory() ? walk(p) : p.endsWith('.md') ? [p] : [];
          })
      : [];
  return walk(DOCS_DIR).map((p) => relative(DOCS_DIR, p).split(sep).join('/').replace(/\.md$/, ''));
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  let stale = 0;
  for (const rule of rules) {
    const file = pagePath(rule.id);
    const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    const after = updatePage(rule, before);
    if (after === before) continue;
    stale++;
    const what = before === undefined ? 'created' : 'updated';
    if (check) {
      console.error(`${relative(ROOT, file)} is out of date (npm run docs would have ${what} it)`);
      continue;
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, after);
    console.log(`${what} ${relative(ROOT, file)}`);
  }
  const known = new Set(rules.map((r) => r.id));
  const orphans = pageIds().filter((id) => !known.has(id));
  for (const id of orphans) console.error(`docs/rules/${id}.md documents no rule (renamed or removed?)`);
  if (check) return stale > 0 || orphans.length > 0 ? 1 : 0;
  if (stale === 0) console.log('rule pages are up to date');
  return orphans.length > 0 ? 1 : 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
