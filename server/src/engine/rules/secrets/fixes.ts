// "Move to environment variable": replaces the literal (quotes included) with a read of a variable named after
// its context, in the syntax of the file's language. The fix only ever deletes the secret: it never writes it to
// another file, a comment or the variable's definition.
import type { Fix, SourceFile } from '../../types';
import type { SecretCandidate } from './detect';

function isWorkflow(path: string): boolean {
  return /(^|[\\/])\.github[\\/]workflows[\\/][^\\/]+\.ya?ml$/i.test(path);
}

function isCompose(path: string): boolean {
  return /(^|[\\/])(docker-)?compose[^\\/]*\.ya?ml$/i.test(path);
}

/** Where `import os` goes: after a shebang, encoding line, module docstring and `from __future__` imports. */
function importOsEdit(text: string): { start: number; end: number; text: string } | undefined {
  // Blanks, not `\s`: an import does not span lines, and `\s` (newlines too) made the repeated group ambiguous.
  if (/^(?:import[ \t]+(?:[\w.]+[ \t]*,[ \t]*)*os\b|from[ \t]+os[ \t]+import\b)/m.test(text)) return undefined;
  let at = 0;
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length && (/^#/.test(lines[i]) || lines[i].trim() === '' || /^from\s+__future__\s+import\b/.test(lines[i]))) i++;
  // A one-line module docstring stays first.
  if (i < lines.length && /^("""|''').*\1\s*$/.test(lines[i])) i++;
  for (let k = 0; k < i; k++) at += lines[k].length + 1;
  at = Math.min(at, text.length); // a file of comments only, without a final newline
  return { start: at, end: at, text: 'import os\n' };
}

/** GitHub Actions secret names may not start with GITHUB_ (GITHUB_TOKEN itself is provided by Actions). */
function actionsSecretName(name: string): string {
  return name.startsWith('GITHUB_') && name !== 'GITHUB_TOKEN' ? `GH_${name.slice(7)}` : name;
}

export function moveToEnvFixes(file: SourceFile, c: SecretCandidate): Fix[] {
  const { literal, envName } = c;
  if (!literal || !envName) return [];
  const quoted = /["']/.test(file.text[literal.start] ?? '');
  switch (file.kind) {
    case 'shell':
      return [{ title: `Move to environment variable ${envName}`, kind: 'suggestion', edits: [{ ...literal, text: `"\${${envName}}"` }] }];
    case 'powershell':
      return [{ title: `Move to environment variable ${envName}`, kind: 'suggestion', edits: [{ ...literal, text: `$env:${envName}` }] }];
    case 'python': {
      if (!quoted) return [];
      const edits = [{ ...literal, text: `os.environ["${envName}"]` }];
      const imp = importOsEdit(file.text);
      return [{ title: `Move to environment variable ${envName}`, kind: 'suggestion', edits: imp ? [imp, ...edits] : edits }];
    }
    case 'yaml': {
      if (isWorkflow(file.path)) {
        const name = actionsSecretName(envName);
        return [{ title: `Move to the GitHub Actions secret ${name}`, kind: 'suggestion', edits: [{ ...literal, text: `\${{ secrets.${name} }}` }] }];
      }
      if (isCompose(file.path)) return [{ title: `Move to environment variable ${envName}`, kind: 'suggestion', edits: [{ ...literal, text: `\${${envName}}` }] }];
      return [];
    }
    default:
      return [];
  }
}
