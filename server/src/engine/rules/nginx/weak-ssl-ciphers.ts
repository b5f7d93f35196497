// Flags `ssl_ciphers` strings that enable broken cipher classes (NULL, EXPORT, RC4, DES/3DES, MD5, anonymous
// aNULL), honouring OpenSSL's `!`/`-` exclusions. Irrelevant when only TLSv1.3 is enabled (its suites are fixed).
import { defineRule } from '../../defineRule';

/** OpenSSL cipher-string words for broken classes, and the class each belongs to. */
const WEAK: Record<string, string> = {
  NULL: 'NULL', ENULL: 'NULL', ANULL: 'aNULL', ADH: 'aNULL', AECDH: 'aNULL', EXPORT: 'EXPORT', EXP: 'EXPORT', EXPORT40: 'EXPORT', EXPORT56: 'EXPORT',
  RC4: 'RC4', DES: 'DES', '3DES': '3DES', MD5: 'MD5', LOW: 'LOW', ALL: 'ALL', COMPLEMENTOFALL: 'ALL', RC2: 'RC2', IDEA: 'IDEA',
};
/** `ALL` includes the anonymous and null suites unless both are excluded. */
const ALL_NEEDS = ['aNULL', 'NULL'];

export const MODERN_CIPHERS = 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305';

/** The broken classes a cipher string leaves enabled. A word like `DES-CBC3-SHA` names 3DES; `RC4-SHA` names RC4. */
export function weakClasses(ciphers: string): string[] {
  const words = ciphers.split(/[:, ]+/).filter(Boolean);
  const excluded = new Set<string>();
  for (const w of words) if (w.startsWith('!') || w.startsWith('-')) for (const part of w.slice(1).split('+')) excluded.add(WEAK[part.toUpperCase()] ?? part);
  const enabled: string[] = [];
  for (const w of words) {
    if (/^[!\-+@]/.test(w)) continue;
    for (const part of w.split('+')) {
      let cls = WEAK[part.toUpperCase()];
      if (!cls) {
        // single suite names: RC4-SHA, DES-CBC3-SHA, EXP-RC4-MD5, NULL-SHA256, ADH-AES128-SHA
        const up = part.toUpperCase();
        if (/^EXP-/.test(up)) cls = 'EXPORT';
        else if (/(^|-)NULL(-|$)/.test(up)) cls = 'NULL';
        else if (/^(ADH|AECDH)-/.test(up)) cls = 'aNULL';
        else if (/(^|-)RC4(-|$)/.test(up)) cls = 'RC4';
        else if (/DES-CBC3|(^|-)3DES(-|$)/.test(up)) cls = '3DES';
        else if (/(^|-)DES-CBC(-|$)/.test(up)) cls = 'DES';
        else if (/-MD5$/.test(up)) cls = 'MD5';
      }
      if (!cls || excluded.has(cls)) continue;
      if (cls === 'ALL') {
        for (const c of ALL_NEEDS) if (!excluded.has(c)) enabled.push(c);
        continue;
      }
      enabled.push(cls);
    }
  }
  return [...new Set(enabled)];
}

export default defineRule({
  id: 'nginx/weak-ssl-ciphers',
  title: 'Broken TLS cipher suites enabled',
  description: '`ssl_ciphers` enables NULL, EXPORT, RC4, DES/3DES, MD5 or anonymous (aNULL) suites that are not excluded with `!`.',
  severity: 'warning',
  appliesTo: ['nginx'],
  fixKind: 'suggestion',
  messages: {
    weak: 'ssl_ciphers enables {{classes}} suites, which are broken (no encryption, no authentication or practical attacks). Use a modern AEAD-only list.',
  },
  check(file, report) {
    for (const d of file.nginx.all()) {
      if (d.name !== 'ssl_ciphers' || d.args.length !== 1) continue;
      const protocols = file.nginxTree.inherited(d.parent, ['ssl_protocols']);
      // TLSv1.3 suites are not configured by ssl_ciphers: a TLSv1.3-only server is unaffected.
      if (protocols.length > 0 && protocols.every((p) => p.directive.args.every((a) => a.value === 'TLSv1.3'))) continue;
      const classes = weakClasses(d.args[0].value);
      if (classes.length === 0) continue;
      report({ messageId: 'weak', span: d.args[0], data: { classes: classes.join(', ') }, fixes: [{ title: 'Use the Mozilla "intermediate" cipher list', kind: 'suggestion', edits: [{ start: d.args[0].start, end: d.args[0].end, text: `'${MODERN_CIPHERS}'` }] }] });
    }
  },
});
