// Flags regex checks of `$http_origin` / `$http_referer` (in `if` and in `map` keys) that an attacker's
// domain also passes: no `^` (evil.com/?example.com), a domain not ended by `$`, `/` or a port
// (example.com.evil.net), or an unescaped dot (exampleXcom). gixy: origins.
import { defineRule } from '../../defineRule';
import { ifCondition } from '../../parsers/nginx';

const CHECKED = /^\$\{?http_(origin|referer)\}?$/i;

/**
 * What follows the last escaped domain label (`\.com`) and the group closers after it (`)`, `)?`): `(:\d+)?$`
 * in `^https://(www\.)?example\.com(:\d+)?$`. A scan from the right rather than /^.*\\\.[a-z]{2,}(\)\??)*(.*)$/,
 * whose leading `.*` backtracks over every `\.` (quadratic). '' when there is none or the pattern spans lines.
 */
function afterLastDomain(p: string): string {
  if (/[\n\r\u2028\u2029]/.test(p)) return '';
  for (let i = p.lastIndexOf('\\.'); i >= 0; i = i > 0 ? p.lastIndexOf('\\.', i - 1) : -1) {
    let j = i + 2;
    while (j < p.length && /[a-z]/i.test(p[j])) j++;
    if (j - (i + 2) < 2) continue;
    while (p[j] === ')') j += p[j + 1] === '?' ? 2 : 1;
    return p.slice(j);
  }
  return '';
}

/** Why a pattern accepts foreign origins, or undefined. Only patterns that name a domain are judged. */
export function originWeakness(pattern: string): 'unanchoredStart' | 'unanchoredEnd' | 'unescapedDot' | undefined {
  const p = pattern.replace(/^\(\?i\)/, '');
  if (!/[a-z0-9-]\\?\.[a-z]{2,}/i.test(p)) return undefined;
  if (!p.startsWith('^')) return 'unanchoredStart';
  // an unescaped `.` between two letters of a domain (`example.com`) matches any character
  if (/[a-z0-9]\.[a-z]/i.test(p.replace(/\\./g, '__'))) return 'unescapedDot';
  // after the last domain label: end, a slash, or a port; `(:\d+)?$`, `(/|$)` and `($|/)` count
  const tail = afterLastDomain(p);
  if (!/^(\$|\/|:|\(:?\\?d|\(\?::|\(\/|\(\$|\(:)/.test(tail)) return 'unanchoredEnd';
  return undefined;
}

export default defineRule({
  id: 'nginx/weak-origin-check',
  title: 'Origin or Referer regex that foreign domains pass',
  description: 'A regex check of `$http_origin` or `$http_referer` lacks anchors or escapes, so an attacker-controlled domain matches it.',
  severity: 'warning',
  appliesTo: ['nginx'],
  fixKind: 'none',
  messages: {
    unanchoredStart: '{{variable}} regex {{pattern}} is not anchored with ^: https://evil.example/?{{pattern}} passes. Anchor it: ^https://(www\\.)?example\\.com$',
    unanchoredEnd: '{{variable}} regex {{pattern}} does not end the domain with $, / or a port: https://example.com.evil.example passes.',
    unescapedDot: '{{variable}} regex {{pattern}} has an unescaped . in the domain: it matches any character (exampleXcom). Write \\.',
  },
  check(file, report) {
    for (const d of file.nginx.all()) {
      if (d.name === 'if') {
        const c = ifCondition(d);
        if (!c?.operator || !c.value || !c.operator.value.includes('~') || !CHECKED.test(c.variable.value)) continue;
        const why = originWeakness(c.value.value);
        if (why) report({ messageId: why, span: c.value, data: { variable: c.variable.value, pattern: c.value.value } });
      } else if (d.name === 'map' && d.block && d.args[0] && CHECKED.test(d.args[0].value)) {
        for (const e of d.block) {
          if (!e.name.startsWith('~')) continue;
          const pattern = e.name.replace(/^~\*?/, '');
          const why = originWeakness(pattern);
          if (why) report({ messageId: why, span: e.nameSpan, data: { variable: d.args[0].value, pattern } });
        }
      }
    }
  },
});
