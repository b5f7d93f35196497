// Flags `ConvertTo-SecureString "literal" -AsPlainText -Force`: the password sits in the script (and in its
// history, backups and the repository), so wrapping it in a SecureString protects nothing. Matches the
// parameter as PowerShell binds it (`-AsPlain`, `-as`, `-String:"..."`), which PSScriptAnalyzer's
// AvoidUsingConvertToSecureStringWithPlainText misses for abbreviations.
import { defineRule } from '../../defineRule';
import { psValue } from '../../parsers/treeSitterPowershell';
import { CONVERT_TO_SECURE_STRING, boundParams, commandsNamed, commandsOf } from './cmdlets';

export default defineRule({
  id: 'powershell/plaintext-securestring',
  title: 'SecureString made from a password in the script',
  description: 'ConvertTo-SecureString with a literal string and -AsPlainText keeps the password in the script file, its history and the repository; the SecureString around it protects nothing.',
  severity: 'error',
  appliesTo: ['powershell'],
  fixKind: 'suggestion',
  keywords: ['ConvertTo-SecureString'],
  messages: {
    literal: 'ConvertTo-SecureString {{secret}} -AsPlainText puts the password in the script: anyone who can read the file, its history or the repository has it. Read it at run time (Read-Host -AsSecureString, an environment variable, or a secret vault).',
  },
  check(file, report) {
    const tree = file.syntax;
    if (!tree) return;
    for (const cmd of commandsNamed(commandsOf(tree), 'ConvertTo-SecureString')) {
      const bound = boundParams(cmd, CONVERT_TO_SECURE_STRING, ['AsPlainText', 'Force']);
      if (!bound.some((b) => b.name === 'AsPlainText')) continue;
      // The string: -String value, or the first positional argument (the values of named parameters are not positional).
      const consumed = new Set(bound.flatMap((b) => (b.value ? [b.value.id] : [])));
      const positional = cmd.elements.find((e) => e.kind === 'arg' && !consumed.has(e.node.id));
      const node = bound.find((b) => b.name === 'String')?.value ?? (positional?.kind === 'arg' ? positional.node : undefined);
      if (!node) continue;
      const { value, dynamic } = psValue(node);
      const quoted = /^["'].*["']$/s.test(node.text.trim());
      if (dynamic || !quoted || value === '') continue;
      const span = { start: node.startIndex, end: node.endIndex };
      report({
        messageId: 'literal',
        span,
        secret: value,
        fixes: [
          { title: 'Read the password from $env:SECRET_VALUE', kind: 'suggestion', edits: [{ ...span, text: '$env:SECRET_VALUE' }] },
          {
            title: 'Prompt for it with Read-Host -AsSecureString',
            kind: 'suggestion',
            edits: [{ start: cmd.node.startIndex, end: cmd.node.endIndex, text: "Read-Host -Prompt 'Password' -AsSecureString" }],
          },
        ],
      });
    }
  },
});
