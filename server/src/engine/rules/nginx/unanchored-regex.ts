// Flags regex locations with neither `^` nor `$`: `location ~ /admin` also matches `/public/x/admin.css`
// and `/admin.php.bak`, so rules meant for one path apply to others (and the reverse). gixy: unanchored_regex.
import { defineRule } from '../../defineRule';
import { regexUses } from './regex';

export default defineRule({
  id: 'nginx/unanchored-regex',
  title: 'Regex location without anchors',
  description: 'A `location ~` regex without `^` or `$` matches the pattern anywhere in the URI, so it applies to paths it was not written for.',
  severity: 'info',
  appliesTo: ['nginx'],
  fixKind: 'none',
  messages: {
    unanchored: 'location regex {{pattern}} has neither ^ nor $: it matches anywhere in the URI. Anchor it (^/path or \\.ext$).',
  },
  check(file, report) {
    for (const use of regexUses(file.nginx.all())) {
      if (use.where !== 'location') continue;
      const p = use.pattern;
      if (p.startsWith('^') || p.startsWith('(?i)^') || /(^|[^\\])\$\)?$/.test(p) || p.endsWith('\\z')) continue;
      report({ messageId: 'unanchored', span: use.arg, data: { pattern: p } });
    }
  },
});
