// Flags `add_header Content-Type`: nginx already sends a Content-Type (from `types`/`default_type`), so the
// response carries two, and browsers pick one (MIME sniffing, XSS). gixy: add_header_content_type.
import { defineRule } from '../../defineRule';

export default defineRule({
  id: 'nginx/add-header-content-type',
  title: 'Content-Type set with add_header',
  description: '`add_header Content-Type` adds a second Content-Type header instead of replacing nginx\'s own; use `default_type`.',
  severity: 'warning',
  appliesTo: ['nginx'],
  fixKind: 'suggestion',
  messages: {
    contentType: 'add_header Content-Type sends a second Content-Type next to the one nginx sets; use default_type {{value}} instead.',
  },
  check(file, report) {
    for (const d of file.nginx.all()) {
      if (d.name !== 'add_header' || d.args.length < 2 || d.args[0].value.toLowerCase() !== 'content-type') continue;
      const value = d.args[1];
      // default_type is not allowed inside `if`, so there the fix would not load.
      const fixes = d.parent?.name === 'if' ? [] : [{ title: 'Use default_type', kind: 'suggestion' as const, edits: [{ start: d.start, end: d.end, text: `default_type ${value.raw};` }] }];
      report({ messageId: 'contentType', span: d.args[0], data: { value: value.value }, fixes });
    }
  },
});
