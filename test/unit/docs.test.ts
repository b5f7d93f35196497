// Rule pages (docs/rules/<id>.md): one per rule and no orphan, the header generated from the metadata,
// the required sections with real content, and code examples that the rule actually judges as labelled.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { rules } from '../../server/src/engine/registry';
import { scan, type FileKind, type Rule } from '../../server/src/engine/index';
import '../helpers/grammars';
import { INDEX_PAGE, PLACEHOLDER, SECTIONS, bodyStart, metadataLine, pageIds, pagePath, renderHeader, renderIndex, sectionTitles, titleLine, updatePage } from '../../scripts/docs';

function page(rule: Rule): string {
  return readFileSync(pagePath(rule.id), 'utf8').replace(/\r\n/g, '\n');
}

/** The text under `## <title>` up to the next `## ` heading (fences respected). */
function section(text: string, title: string): string {
  const lines = text.split('\n');
  let fenced = false;
  let inside = false;
  const out: string[] = [];
  for (const line of lines) {
    const fence = /^\s*(```|~~~)/.test(line);
    if (!fenced && line.startsWith('## ')) {
      if (inside) break;
      inside = line.slice(3).trim() === title;
      continue;
    }
    if (fence) fenced = !fenced;
    if (inside) out.push(line);
  }
  return out.join('\n');
}

interface CodeBlock {
  lang: string;
  code: string;
}

function codeBlocks(markdown: string): CodeBlock[] {
  return [...markdown.matchAll(/^```([\w-]*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], code: m[2] }));
}

/** Where a fenced example is scanned from, so that kind detection reads it as its language. */
const PATH_BY_LANG: Record<string, string> = {
  nginx: 'docs-example/sites-available/example',
  bash: 'docs-example/example.sh',
  sh: 'docs-example/example.sh',
  shell: 'docs-example/example.sh',
  powershell: 'docs-example/example.ps1',
  pwsh: 'docs-example/example.ps1',
  hcl: 'docs-example/main.tf',
  terraform: 'docs-example/main.tf',
};

function judged(rule: Rule, block: CodeBlock): { kind: FileKind; count: number } | undefined {
  const path = PATH_BY_LANG[block.lang];
  if (!path) return undefined;
  const result = scan({ path, text: block.code }, rule.defaultOff ? { rules: { [rule.id]: rule.severity } } : {});
  if (!rule.appliesTo.includes(result.kind)) return undefined;
  assert.deepEqual(result.ruleErrors, []);
  return { kind: result.kind, count: result.findings.filter((f) => f.ruleId === rule.id).length };
}

describe('rule docs', () => {
  test('every page documents a registered rule', () => {
    const ids = new Set(rules.map((r) => r.id));
    assert.deepEqual(pageIds().filter((id) => !ids.has(id)), [], 'pages without a rule (renamed or removed?)');
  });

  for (const rule of rules) {
    describe(rule.id, () => {
      test('has its page at docs/rules/<id>.md, the docs URL points there', () => {
        assert.ok(existsSync(pagePath(rule.id)), `missing docs/rules/${rule.id}.md (npm run docs creates a skeleton)`);
        assert.ok(rule.docsUrl.endsWith(`/docs/rules/${rule.id}.md`));
      });

      test('title line and summary equal the metadata', () => {
        const lines = page(rule).split('\n');
        const titleAt = lines.findIndex((l) => l.startsWith('# '));
        assert.equal(lines[titleAt], titleLine(rule));
        assert.equal(lines[titleAt], `# ${rule.id}: ${rule.title}`);
        // The summary is the first paragraph after the title; it may be wrapped over several lines.
        const rest = lines.slice(titleAt + 1);
        const from = rest.findIndex((l) => l.trim() !== '');
        const to = rest.findIndex((l, i) => i > from && l.trim() === '');
        const summary = rest.slice(from, to === -1 ? undefined : to).map((l) => l.trim()).join(' ');
        assert.equal(summary, rule.description);
      });

      test('the header is what npm run docs writes (metadata line included)', () => {
        const text = page(rule);
        assert.ok(text.includes(`\n${metadataLine(rule)}\n`), 'metadata line');
        assert.equal(text.slice(0, bodyStart(text)), renderHeader(rule), 'run npm run docs');
        assert.equal(updatePage(rule, text), text, 'npm run docs would change this page');
      });

      test('has the sections Why, Incorrect, Correct, Fix, When not to use it, in order, written', () => {
        const text = page(rule);
        assert.deepEqual(sectionTitles(text).filter((t) => (SECTIONS as readonly string[]).includes(t)), [...SECTIONS]);
        for (const s of SECTIONS) assert.ok(section(text, s).trim().length > 40, `section "${s}" is empty or a stub`);
        assert.ok(!text.includes(PLACEHOLDER), 'the page still has skeleton placeholders');
      });

      test('Incorrect and Correct show code; When not to use it shows the setting that turns the rule off', () => {
        const text = page(rule);
        assert.ok(codeBlocks(section(text, 'Incorrect')).length > 0, 'Incorrect needs a fenced example');
        assert.ok(codeBlocks(section(text, 'Correct')).length > 0, 'Correct needs a fenced example');
        const off = section(text, 'When not to use it');
        assert.match(off, /"twinguard\.rules"/);
        assert.ok(off.includes(`"${rule.id}": "off"`), `the setting { "${rule.id}": "off" }`);
      });

      test('Incorrect examples raise the rule and Correct examples do not', () => {
        const text = page(rule);
        for (const block of codeBlocks(section(text, 'Incorrect'))) {
          const r = judged(rule, block);
          if (r) assert.ok(r.count > 0, `an Incorrect ${block.lang} example raises no ${rule.id} finding:\n${block.code}`);
        }
        for (const block of codeBlocks(section(text, 'Correct'))) {
          const r = judged(rule, block);
          if (r) assert.equal(r.count, 0, `a Correct ${block.lang} example raises ${rule.id}:\n${block.code}`);
        }
      });
    });
  }
});

describe('npm run docs (scripts/docs.ts)', () => {
  const rule = rules[0];

  test('rewrites an outdated header and keeps the body', () => {
    const body = '## Why\n\nBecause.\n\n## Incorrect\n\n```text\nx\n```\n';
    const outdated = `# ${rule.id}: Old title\n\nOld summary.\n\nSeverity: info\n\n${body}`;
    const updated = updatePage(rule, outdated);
    assert.ok(updated.startsWith(renderHeader(rule)));
    assert.ok(updated.includes(body));
    assert.equal(updatePage(rule, updated), updated, 'running it twice changes nothing');
  });

  test('appends the sections a page lacks as skeletons', () => {
    const updated = updatePage(rule, `${renderHeader(rule)}## Why\n\nBecause.\n`);
    assert.deepEqual(sectionTitles(updated), [...SECTIONS]);
    assert.ok(updated.includes('Because.'));
  });

  test('creates a skeleton page with every section', () => {
    const created = updatePage(rule, undefined);
    assert.ok(created.startsWith(`${titleLine(rule)}\n\n${rule.description}\n\n${metadataLine(rule)}\n\n`));
    assert.deepEqual(sectionTitles(created), [...SECTIONS]);
    assert.ok(created.includes(PLACEHOLDER));
  });

  test('a `## ` line inside a code block is not a section', () => {
    const text = `${renderHeader(rule)}## Why\n\n\`\`\`text\n## not a heading\n\`\`\`\n`;
    assert.deepEqual(sectionTitles(text), ['Why']);
  });

  test('the metadata line names severity, kinds and fix kind', () => {
    assert.equal(
      metadataLine({ ...rule, severity: 'warning', appliesTo: ['shell', 'powershell'], fixKind: 'suggestion' }),
      'Severity: warning · Applies to: shell, powershell · Fix: suggestion',
    );
  });
});

describe('docs/rules/README.md (the index)', () => {
  test('is what npm run docs generates from the metadata', () => {
    assert.ok(existsSync(INDEX_PAGE), 'missing docs/rules/README.md: run npm run docs');
    assert.equal(readFileSync(INDEX_PAGE, 'utf8'), renderIndex(), 'docs/rules/README.md is out of date: run npm run docs');
  });

  test('lists every rule once, under its area heading, linking its page', () => {
    const text = renderIndex();
    const areas = [...text.matchAll(/^## (\S+)$/gm)].map((m) => m[1]);
    assert.deepEqual([...areas].sort(), [...new Set(rules.map((r) => r.id.split('/')[0]))].sort());
    for (const rule of rules) {
      const links = text.split(`[\`${rule.id}\`](${rule.id}.md)`).length - 1;
      assert.equal(links, 1, `${rule.id} is linked once`);
      const area = text.lastIndexOf('\n## ', text.indexOf(`[\`${rule.id}\`]`));
      assert.equal(text.slice(area + 4, text.indexOf('\n', area + 1)), rule.id.split('/')[0], `${rule.id} is under its area`);
    }
  });

  test('is not mistaken for a rule page', () => {
    assert.ok(!pageIds().includes('README'));
  });
});
