// package.json contributions the Settings UI, the palette, Restricted Mode and the walkthrough read.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Commands, WORKSPACE_CONTAINS } from '../../server/src/protocol';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const contributes = pkg.contributes;
const settings: Record<string, { default?: unknown; description?: string; markdownDescription?: string; enum?: unknown[]; enumDescriptions?: string[] }> =
  contributes.configuration.properties;

describe('extension manifest', () => {
  it('every command of the table is contributed in category TwinGuard, and nothing else', () => {
    const contributed = contributes.commands.map((c: { command: string; category: string; title: string }) => {
      assert.equal(c.category, 'TwinGuard', c.command);
      assert.ok(c.title.length > 0);
      return c.command;
    });
    assert.deepEqual([...contributed].sort(), Object.values(Commands).sort());
  });

  it('the palette offers a command only where it can act: each context-needing command has its `when`', () => {
    const palette: { command: string; when: string }[] = contributes.menus.commandPalette;
    const when = new Map(palette.map((m) => [m.command, m.when]));
    // What each command needs before it can do anything. Restricted Mode does not hide the signing commands:
    // they stay listed and say why they refuse (the e2e suite checks that message).
    const needs: Partial<Record<keyof typeof Commands, RegExp>> = {
      scanWorkspace: /^workspaceFolderCount > 0$/,
      showSigningReport: /^workspaceFolderCount > 0$/,
      configureSigning: /^workspaceFolderCount > 0$/,
      undoSigningConfiguration: /^workspaceFolderCount > 0$/,
      signUnpushedCommits: /^workspaceFolderCount > 0$/,
      addAuditWatch: /^workspaceFolderCount > 0$/, // it writes the workspace's audit rules file
      hardenNginx: /^editorLangId == nginx$/,
      fixAllSafe: /\beditorIsOpen\b.*!activeEditorIsReadonly/,
      installHook: /\bisWorkspaceTrusted\b.*workspaceFolderCount > 0/, // a hook runs code on every commit
      suppressFinding: /^false$/, // only the quick fix can pass the finding it suppresses
    };
    for (const [name, pattern] of Object.entries(needs)) assert.match(when.get(Commands[name as keyof typeof Commands]) ?? '(no when)', pattern!, name);
    // The rest work from anywhere: they pick a file (dialog or workspace list) or show the log. A new command
    // must be put in one list or the other.
    const free = Object.keys(Commands).filter((name) => !(name in needs));
    assert.deepEqual(free.sort(), ['decryptFile', 'encryptFile', 'showModelFileReport', 'showOutput', 'showRuleDocs', 'signModel', 'verifyModel']);
    for (const name of free) assert.equal(when.get(Commands[name as keyof typeof Commands]), undefined, name);
    for (const m of palette) {
      assert.ok(Object.values(Commands).includes(m.command as never), `${m.command} is not a command`);
      // Opening the palette moves the focus into it: a focus key would hide the command as soon as one types.
      assert.doesNotMatch(m.when, /\b(editorTextFocus|editorFocus|textInputFocus)\b/, m.command);
    }
  });

  it('every setting has a description and a default; enums describe each value', () => {
    for (const [name, s] of Object.entries(settings)) {
      assert.ok(s.description || s.markdownDescription, `${name} has no description`);
      assert.ok('default' in s, `${name} has no default`);
      if (s.enum) assert.equal(s.enumDescriptions?.length, s.enum.length, `${name} enum values need descriptions`);
    }
    assert.deepEqual(settings['twinguard.trace.server'].enum, ['off', 'messages', 'verbose']);
  });

  it('Restricted Mode is limited, with a description, and lists only settings that exist', () => {
    const u = pkg.capabilities.untrustedWorkspaces;
    assert.equal(u.supported, 'limited');
    assert.ok(u.description.length > 20);
    for (const name of u.restrictedConfigurations) assert.ok(settings[name], `${name} is not a setting`);
    assert.ok(u.restrictedConfigurations.includes('twinguard.signing.trustedKeyFiles'), 'a workspace must not choose whose signatures it trusts');
    assert.equal(pkg.capabilities.virtualWorkspaces.supported, false);
    assert.ok(pkg.capabilities.virtualWorkspaces.description);
  });

  it('activation is tied to file kinds, not to every folder', () => {
    for (const e of pkg.activationEvents as string[]) {
      assert.doesNotMatch(e, /^\*$|^onStartupFinished$|^workspaceContains:\.git$/, e);
      assert.match(e, /^(onLanguage|workspaceContains|onFileSystem):/, e);
    }
  });

  it('the client looks for the files the workspaceContains events name (a folder without them starts no server)', () => {
    const events = (pkg.activationEvents as string[]).filter((e) => e.startsWith('workspaceContains:')).map((e) => e.slice('workspaceContains:'.length));
    assert.deepEqual(events, [...WORKSPACE_CONTAINS]);
  });

  it('the walkthrough has four steps with media and completion events on our commands or context keys', () => {
    const [w] = contributes.walkthroughs;
    assert.equal(w.title, 'Secure your ML repository');
    assert.deepEqual(w.steps.map((s: { id: string }) => s.id), ['scanWorkspace', 'reviewFindings', 'configureSigning', 'installHook']);
    for (const step of w.steps) {
      assert.ok(existsSync(join(ROOT, step.media.markdown)), step.media.markdown);
      assert.ok(step.completionEvents.length > 0, step.id);
      for (const link of step.description.matchAll(/\(command:([\w.]+)\)/g)) {
        if (link[1].startsWith('twinguard.')) assert.ok(Object.values(Commands).includes(link[1] as never), link[1]);
      }
    }
    // Each step completes when it is done: a context key the client sets then (client/src/walkthrough.ts).
    assert.deepEqual(w.steps.map((s: { completionEvents: string[] }) => s.completionEvents[0]), [
      'onContext:twinguard.workspaceScanned',
      'onContext:twinguard.findingsReviewed',
      'onContext:twinguard.signingConfigured',
      'onContext:twinguard.hookInstalled',
    ]);
    assert.deepEqual(w.steps[2].completionEvents, ['onContext:twinguard.signingConfigured']);
    assert.deepEqual(w.steps[3].completionEvents, ['onContext:twinguard.hookInstalled']);
    const walkthroughSource = readFileSync(join(ROOT, 'client', 'src', 'walkthrough.ts'), 'utf8');
    for (const step of w.steps) {
      const key = step.completionEvents[0].slice('onContext:'.length);
      assert.ok(walkthroughSource.includes(`'${key}'`), `client/src/walkthrough.ts names ${key}`);
    }
  });
});
