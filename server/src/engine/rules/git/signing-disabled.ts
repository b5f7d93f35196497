// Flags commit and tag signing switched off in scripts and CI: `git config commit.gpgsign false`,
// `git -c commit.gpgsign=false ...`, `git commit --no-gpg-sign`, `tag.gpgSign false`, `git tag --no-sign`.
// A pipeline that commits (a model card, a version bump, retrained weights) then produces unsigned commits,
// and a repository that requires signed commits can no longer tell the pipeline's from an impostor's.
import { defineRule } from '../../defineRule';
import { invocationsIn } from '../../parsers/ciScripts';
import type { Fix, Span } from '../../types';

const SIGN_KEYS = /^(commit|tag|push)\.gpgsign$/i;
const FALSE = /^(false|no|off|0)$/i;

function removeWord(text: string, w: Span): Span {
  let start = w.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return { start, end: w.end };
}

export default defineRule({
  id: 'git/signing-disabled',
  title: 'Commit or tag signing turned off',
  description: 'A script or CI step turns commit or tag signing off (`commit.gpgsign false`, `-c commit.gpgsign=false`, `--no-gpg-sign`, `--no-sign`), so the commits it makes cannot be verified.',
  severity: 'warning',
  appliesTo: ['shell', 'yaml', 'dockerfile'],
  fixKind: 'suggestion',
  keywords: ['gpgsign', 'no-gpg-sign', 'no-sign'],
  messages: {
    configOff: '{{setting}} is set to {{value}}: commits (or tags) made here are unsigned, so nobody can verify that this pipeline made them. Sign them with a key or signing service the pipeline holds.',
    flagOff: 'git {{subcommand}} {{flag}} makes an unsigned {{what}} even where signing is configured, so nobody can verify who made it.',
  },
  check(file, report) {
    for (const { args } of invocationsIn(file, 'git')) {
      const sub = args.find((a, i) => !a.value.startsWith('-') && args[i - 1]?.value !== '-c' && args[i - 1]?.value !== '-C');
      for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (a.value === '-c' && args[i + 1]) {
          const kv = args[i + 1];
          const m = /^([^=]+)=(.*)$/.exec(kv.value);
          if (m && SIGN_KEYS.test(m[1]) && FALSE.test(m[2])) {
            const fixes: Fix[] = [{ title: 'Remove the -c override', kind: 'suggestion', edits: [{ ...removeWord(file.text, { start: a.start, end: kv.end }), text: '' }] }];
            report({ messageId: 'configOff', span: kv, data: { setting: m[1], value: m[2] }, fixes });
          }
        }
        if (sub?.value === 'config' && SIGN_KEYS.test(a.value) && FALSE.test(args[i + 1]?.value ?? '')) {
          const v = args[i + 1];
          report({ messageId: 'configOff', span: { start: a.start, end: v.end }, data: { setting: a.value, value: v.value }, fixes: [{ title: `Set ${a.value} true`, kind: 'suggestion', edits: [{ start: v.start, end: v.end, text: 'true' }] }] });
        }
        if ((a.value === '--no-gpg-sign' && sub && ['commit', 'merge', 'rebase', 'cherry-pick', 'revert', 'am', 'pull'].includes(sub.value)) || (a.value === '--no-sign' && sub?.value === 'tag')) {
          report({ messageId: 'flagOff', span: a, data: { subcommand: sub!.value, flag: a.value, what: sub!.value === 'tag' ? 'tag' : 'commit' }, fixes: [{ title: `Remove ${a.value}`, kind: 'suggestion', edits: [{ ...removeWord(file.text, a), text: '' }] }] });
        }
      }
    }
  },
});
