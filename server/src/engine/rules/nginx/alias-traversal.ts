// Flags `alias` in a prefix location whose path lacks the trailing slash the alias has: `/static../x`
// matches `location /static` and maps to `/var/www/static/../x`, one directory above the alias. gixy: alias_traversal.
import { defineRule } from '../../defineRule';

export default defineRule({
  id: 'nginx/alias-traversal',
  title: 'alias path traversal through a location without a trailing slash',
  description: 'A prefix `location` without a trailing slash and an `alias` with one let `/prefix../` read the directory above the alias.',
  severity: 'error',
  appliesTo: ['nginx'],
  fixKind: 'suggestion',
  messages: {
    traversal: 'location {{location}} has no trailing slash but alias {{alias}} has one: {{location}}../ reads files outside {{alias}}. End the location with /.',
  },
  check(file, report) {
    for (const d of file.nginx.all()) {
      if (d.name !== 'alias' || d.args.length !== 1 || d.parent?.name !== 'location') continue;
      const loc = d.parent;
      const args = loc.args;
      // prefix locations only: `location /x` or `location ^~ /x` (regex locations use captures with alias)
      const path = args.length === 1 ? args[0] : args.length === 2 && args[0].value === '^~' ? args[1] : undefined;
      if (!path || path.value.startsWith('@') || path.value.endsWith('/')) continue;
      if (!d.args[0].value.endsWith('/')) continue;
      report({
        messageId: 'traversal',
        span: path,
        data: { location: path.value, alias: d.args[0].value },
        fixes: [{ title: `Use location ${path.value}/`, kind: 'suggestion', edits: [{ start: path.end, end: path.end, text: '/' }] }],
      });
    }
  },
});
