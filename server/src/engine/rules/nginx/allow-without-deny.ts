// Flags `allow` rules in a block that has no `deny all`: everything not allowed is allowed too, so the
// allow-list restricts nothing. gixy: allow_without_deny.
import { defineRule } from '../../defineRule';
import { insertAfter } from './helpers';

export default defineRule({
  id: 'nginx/allow-without-deny',
  title: 'allow without deny all',
  description: 'A block with `allow` rules but no `deny all` lets every other address in as well.',
  severity: 'warning',
  appliesTo: ['nginx'],
  fixKind: 'suggestion',
  messages: {
    noDeny: 'allow {{address}} has no deny all after it in this block: addresses that are not allowed are not denied either.',
  },
  check(file, report) {
    const blocks = new Set([...file.nginx.all()].filter((d) => d.block).map((d) => d.block!));
    blocks.add(file.nginx.directives);
    for (const list of blocks) {
      const allows = list.filter((d) => d.name === 'allow');
      if (allows.length === 0) continue;
      if (list.some((d) => d.name === 'deny' && d.args[0]?.value === 'all')) continue;
      // allow all is not an allow-list.
      if (allows.some((d) => d.args[0]?.value === 'all')) continue;
      const last = allows[allows.length - 1];
      report({ messageId: 'noDeny', span: allows[0].nameSpan, data: { address: allows[0].args[0]?.value ?? '' }, fixes: [{ title: 'Add deny all after the allow rules', kind: 'suggestion', edits: [insertAfter(file.text, last, 'deny all;')] }] });
    }
  },
});
