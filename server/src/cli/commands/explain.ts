// `twinguard explain <rule-id>`: the rule's docs page (docs/rules/<id>.md, shipped beside the bundle) in the
// terminal; headings in bold when colour is on.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { getRule } from '../../engine/index';

/** docs/rules relative to this bundle (server/out/cli.js) or to this source file (server/src/cli/commands). */
function docsDirs(): string[] {
  return [path.resolve(__dirname, '..', '..', 'docs', 'rules'), path.resolve(__dirname, '..', '..', '..', 'docs', 'rules')];
}

export function explain(id: string, color: boolean): { text: string } | { error: string } {
  const rule = getRule(id);
  if (!rule) return { error: `unknown rule "${id}" (twinguard rules lists them)` };
  for (const dir of docsDirs()) {
    let page: string;
    try {
      // A retired id (git/unsigned-commits) opens the page of the rule it stands for now.
      page = readFileSync(path.join(dir, ...rule.id.split('/')) + '.md', 'utf8');
    } catch {
      continue;
    }
    const text = color ? page.replace(/^(#{1,6} .*)$/gm, '\u001b[1m$1\u001b[0m') : page;
    return { text: text.endsWith('\n') ? text : text + '\n' };
  }
  return { error: `the docs page of ${id} is not installed; read it at ${rule.docsUrl}` };
}
