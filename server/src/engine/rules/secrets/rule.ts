// What every secrets/* rule shares: the kinds it reads (every text file), the one cached pass that finds
// candidates for all of them, and the fixes. A rule module only adds its id, words and messages.
import { defineRule } from '../../defineRule';
import type { FileKind, GitFileStatus, Rule, RuleMeta } from '../../types';
import { assignmentFormat, judgeUrlPassword } from './assignment';
import { candidatesOf, SecretScanner } from './detect';
import { moveToEnvFixes } from './fixes';
import { providerFormats } from './formats';

/** Provider formats apply to every text file, whatever its extension: a key in a README or a log leaks too. */
export const SECRET_KINDS: FileKind[] = ['python', 'shell', 'powershell', 'yaml', 'json', 'notebook', 'dotenv', 'dockerfile', 'terraform', 'nginx', 'text'];

/** Provider formats first: at a shared anchor (`secret_access_key`) the specific format is tried before the generic one. */
export const SCANNER = new SecretScanner([...providerFormats(judgeUrlPassword), assignmentFormat()]);

/**
 * A literal in a `.env` file: the advice depends on what git does with the file, when the front end knows
 * (a tracked file is in every clone already; an unignored one is one `git add .` away; an ignored one is fine).
 */
function dotenvAdvice(messageId: string, status: GitFileStatus | undefined): string {
  if (messageId !== 'dotenvLiteral' || status === undefined) return messageId;
  return status === 'tracked' ? 'dotenvTracked' : status === 'untracked' ? 'dotenvUnignored' : 'dotenvIgnored';
}

export function secretRule(meta: Omit<RuleMeta, 'appliesTo' | 'fixKind' | 'severity'> & Partial<Pick<RuleMeta, 'fixKind' | 'severity'>>): Rule {
  return defineRule({
    severity: 'error',
    fixKind: 'suggestion',
    appliesTo: SECRET_KINDS,
    ...meta,
    check(file, report) {
      for (const c of candidatesOf(file, SCANNER)) {
        if (c.ruleId !== meta.id) continue;
        const fixes = meta.fixKind === 'none' ? [] : moveToEnvFixes(file, c);
        const messageId = dotenvAdvice(c.messageId, file.gitStatus);
        // An ignored .env is where local secrets belong: still shown (images, backups), as a note.
        report({ messageId, span: c.span, secret: c.secret, data: c.data, fixes, demote: messageId === 'dotenvIgnored' ? 'info' : undefined });
      }
    },
  });
}
