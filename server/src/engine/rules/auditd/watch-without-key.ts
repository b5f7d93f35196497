// Flags auditd watches (`-w PATH`) that carry no key: their events cannot be pulled out with `ausearch -k`
// or summarised with `aureport -k`, so an access to the model file is logged but nobody finds it.
import { defineRule } from '../../defineRule';
import { keyForPath, readRules, ruleEnd } from './options';

export default defineRule({
  id: 'auditd/watch-without-key',
  title: 'auditd watch without a key',
  description: 'An auditd watch (`-w PATH`) without `-k KEY` logs events that `ausearch -k` and `aureport -k` cannot select, so accesses to the watched file go unnoticed.',
  severity: 'warning',
  appliesTo: ['auditd', 'shell'],
  fixKind: 'suggestion',
  messages: {
    noKey: 'The watch on {{path}} has no key (-k): its events cannot be searched with "ausearch -k" or counted with "aureport -k", so an access to it is easily missed. Add -k {{key}}.',
  },
  check(file, report) {
    for (const r of readRules(file)) {
      const watch = r.options.find((o) => o.name === 'w' && o.value);
      if (!watch?.value) continue;
      const keyed = r.options.some((o) => o.name === 'k' || (o.name === 'F' && /^key=/.test(o.value?.value ?? '')));
      if (keyed) continue;
      const path = watch.value;
      const key = keyForPath(path.value);
      const at = ruleEnd(r);
      report({
        messageId: 'noKey',
        span: path,
        data: { path: path.dynamic ? file.text.slice(path.start, path.end) : path.value, key },
        fixes: [{ title: `Add -k ${key}`, kind: 'suggestion', edits: [{ start: at, end: at, text: ` -k ${key}` }] }],
      });
    }
  },
});
