// What every secrets/* rule shares: the kinds it reads (every text file), the one cached pass that finds
// candidates for all of them, and the fixes. A rule module only adds its id, words and messages.
import { defineRule } from '../../defineRule';
import type { FileKind, Rule, RuleMeta } from '../../types';
import { assignmentFormat, judgeUrlPassword } from './assignment';
import { candidatesOf, SecretScanner } from './detect';
import { moveToEnvFixes } from './fixes';
import { providerFormats } from './formats';

/** Provider formats apply to every text file, whatever its extension: a key in a README or a log leaks too. */
export const SECRET_KINDS: FileKind[] = ['python', 'shell', 'powershell', 'yaml', 'json', 'notebook', 'dotenv', 'dockerfile', 'terraform', 'nginx', 'text'];

/** Provider formats first: at a shared anchor (`secret_access_key`) the specific format is tried before the generic one. */
export const SCANNER = new SecretScanner([...providerFormats(judgeUrlPassword), assignmentFormat()]);

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
        report({ messageId: c.messageId, span: c.span, secret: c.secret, data: c.data, fixes });
      }
    },
  });
}
