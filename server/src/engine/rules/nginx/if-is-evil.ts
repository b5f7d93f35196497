// Flags an `if` inside a `location` that does more than `return` or `rewrite ... last`: nginx then runs the
// request in an implicit nested location, and other directives (proxy_pass, add_header, try_files) behave
// unexpectedly or are silently ignored. gixy: if_is_evil.
import { defineRule } from '../../defineRule';

export default defineRule({
  id: 'nginx/if-is-evil',
  title: 'if in location does more than return or rewrite',
  description: 'An `if` inside a `location` that holds anything but `return` or `rewrite ... last` makes nginx switch configurations mid-request.',
  severity: 'warning',
  appliesTo: ['nginx'],
  fixKind: 'none',
  messages: {
    evil: '"{{directive}}" inside if in a location runs in an implicit nested location: inherited directives may be skipped or applied twice. Keep only return or rewrite ... last inside if; use map for the rest.',
  },
  check(file, report) {
    for (const d of file.nginx.all()) {
      if (d.name !== 'if' || d.parent?.name !== 'location' || !d.block) continue;
      for (const inner of d.block) {
        if (inner.name === 'return') continue;
        if (inner.name === 'rewrite' && inner.args.at(-1)?.value === 'last') continue;
        report({ messageId: 'evil', span: inner.nameSpan, data: { directive: inner.name } });
      }
    }
  },
});
