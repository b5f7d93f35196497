// Configure Commit Signing, Undo Signing Configuration and Sign Unpushed Commits: QuickPicks and dialogs
// only. The work is in tools/signingConfig.ts and tools/signUnpushed.ts (no vscode, tested on throwaway
// repositories). All three refuse in Restricted Mode: they write git config or rewrite commits.
import * as os from 'node:os';
import * as path from 'node:path';
import vscode = require('vscode');
import { Methods, type SigningReportParams } from '../../server/src/protocol';
import type { CommandFactory, Ctx } from './ctx';
import type * as SigningConfig from './tools/signingConfig';
import type * as SignUnpushed from './tools/signUnpushed';
import type { SigningKey } from './tools/signingPrograms';
import { markDone, WalkthroughKeys } from './walkthrough';

// Required on first use, so activation does not load them (createGpgKey pulls in openpgp.js).
const config = (): typeof SigningConfig => require('./tools/signingConfig');
const resign = (): typeof SignUnpushed => require('./tools/signUnpushed');

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Restricted Mode: say why and offer to manage trust. True when the command may go on. */
async function trusted(what: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  const choice = await vscode.window.showWarningMessage(`TwinGuard: ${what} can only be configured in a trusted workspace.`, manage);
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}

/** The repository a command is about: a path argument (from a code action), else the one the user looks at. */
function rootOf(ctx: Ctx, arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg) return arg;
  if (arg && typeof arg === 'object' && typeof (arg as { root?: unknown }).root === 'string') return (arg as { root: string }).root;
  return ctx.activeRoot();
}

function undoStore(ctx: Ctx): SigningConfig.UndoStore {
  return new (config().UndoStore)(path.join(ctx.extensionContext.globalStorageUri.fsPath, 'signing-undo'));
}

function refresh(ctx: Ctx, client: { sendRequest(method: string, params: unknown): Promise<unknown> }, root: string): void {
  client.sendRequest(Methods.refreshSigning, { root } satisfies SigningReportParams).catch((err) => ctx.output.warn(`refreshing the signing state: ${messageOf(err)}`));
}

function shown(value: string[]): string {
  return value.length === 0 ? '(not set)' : value.join(', ');
}

const TITLE = 'TwinGuard: Configure Commit Signing';

interface Chosen {
  signer: SigningKey;
  publicKey: string;
  /** For messages and the undo list: "GPG key Ada <ada@x> (ABCD…)". */
  description: string;
  /** Where the forge wants it: GPG or SSH signing key. */
  kind: 'GPG' | 'SSH';
}

async function chooseGpgKey(): Promise<Chosen | 'new' | undefined> {
  const c = config();
  const keys = await c.listGpgSecretKeys();
  if (keys.length === 0) {
    const create = 'Create a New Key';
    const choice = await vscode.window.showInformationMessage('TwinGuard: gpg has no secret key that can sign.', create);
    return choice === create ? 'new' : undefined;
  }
  const picked = await vscode.window.showQuickPick(
    keys.map((k) => ({
      label: k.uid || k.id,
      description: k.id,
      detail: [k.created && `created ${k.created}`, k.expires && `expires ${k.expires}`].filter(Boolean).join(', ') || undefined,
      key: k,
    })),
    { title: TITLE, placeHolder: 'GPG key to sign commits with', matchOnDescription: true },
  );
  if (!picked) return undefined;
  return {
    signer: { format: 'openpgp', key: picked.key.id },
    publicKey: await c.exportGpgPublicKey(picked.key.id),
    description: `GPG key ${picked.key.uid || picked.key.id} (${picked.key.id})`,
    kind: 'GPG',
  };
}

async function chooseSshKey(): Promise<Chosen | undefined> {
  const keys = await config().listSshPublicKeys(os.homedir());
  if (keys.length === 0) {
    await vscode.window.showErrorMessage('TwinGuard: no SSH public key in ~/.ssh. Create one with "ssh-keygen -t ed25519", then run this command again.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    keys.map((k) => ({
      label: path.basename(k.file),
      description: `${k.type} ${k.comment}`,
      detail: `${k.fingerprint}${k.hasPrivateKey ? '' : ' \u2014 no private key file beside it: ssh-agent must hold the key'}`,
      key: k,
    })),
    { title: TITLE, placeHolder: 'SSH key to sign commits with (sets gpg.format = ssh)', matchOnDescription: true, matchOnDetail: true },
  );
  if (!picked) return undefined;
  return { signer: { format: 'ssh', key: picked.key.file }, publicKey: `${picked.key.line}\n`, description: `SSH key ${path.basename(picked.key.file)} (${picked.key.fingerprint})`, kind: 'SSH' };
}

async function createKey(root: string): Promise<Chosen | undefined> {
  const c = config();
  const who = await c.gitIdentity(root);
  const ask = (prompt: string, value: string | undefined, check: (v: string) => string | undefined) =>
    vscode.window.showInputBox({ title: TITLE, prompt, value, ignoreFocusOut: true, validateInput: check });
  const name = who.name ?? (await ask('user.name is not set in git config: the name for the new key', undefined, (v) => (v.trim() ? undefined : 'A name is needed.')));
  if (!name) return undefined;
  const email = who.email ?? (await ask('user.email is not set in git config: the e-mail for the new key (use the one your forge knows)', undefined, (v) => (/^[^\s@<>]+@[^\s@<>]+$/.test(v.trim()) ? undefined : 'An e-mail address is needed.')));
  if (!email) return undefined;
  const passphrase = await vscode.window.showInputBox({
    title: TITLE,
    prompt: `Passphrase for the new key of ${name} <${email}> (gpg asks for it when it signs)`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v.length >= 8 ? undefined : 'Use at least 8 characters.'),
  });
  if (!passphrase) return undefined;
  const again = await vscode.window.showInputBox({
    title: TITLE,
    prompt: 'Repeat the passphrase',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v === passphrase ? undefined : 'The passphrases differ.'),
  });
  if (again !== passphrase) return undefined;
  const key = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'TwinGuard: creating an ed25519 key and importing it into gpg…' }, () =>
    c.createGpgKey(name.trim(), email.trim(), passphrase),
  );
  return { signer: { format: 'openpgp', key: key.id }, publicKey: key.publicKey, description: `new GPG key ${name.trim()} <${email.trim()}> (${key.id})`, kind: 'GPG' };
}

async function offerPublicKey(chosen: Chosen): Promise<void> {
  const copy = 'Copy Public Key';
  const show = 'Show Public Key';
  const where = chosen.kind === 'SSH' ? 'as an SSH *signing* key' : 'as a GPG key';
  const choice = await vscode.window.showInformationMessage(`TwinGuard: add the public key to your forge ${where} (GitHub: Settings \u203a SSH and GPG keys) so it shows your commits as verified.`, copy, show);
  if (choice === copy) {
    await vscode.env.clipboard.writeText(chosen.publicKey);
    await vscode.window.showInformationMessage('TwinGuard: public key copied to the clipboard.');
  } else if (choice === show) {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: chosen.publicKey, language: 'plaintext' }), { preview: true });
  }
}

export const configureSigningCmd: CommandFactory = {
  enabled: (ctx, client) => async (arg?: unknown) => {
    if (!(await trusted('commit signing'))) return;
    const root = rootOf(ctx, arg);
    if (!root) {
      await vscode.window.showInformationMessage('TwinGuard: open a folder that is a git repository to configure commit signing.');
      return;
    }
    try {
      const source = await vscode.window.showQuickPick(
        [
          { label: '$(key) Use an existing GPG key', description: 'from gpg --list-secret-keys', source: 'gpg' as const },
          { label: '$(terminal) Use an existing SSH key', description: '~/.ssh/*.pub, gpg.format = ssh', source: 'ssh' as const },
          { label: '$(add) Create a new GPG key', description: 'ed25519, name and e-mail from git config, imported into gpg', source: 'new' as const },
        ],
        { title: TITLE, placeHolder: 'Which key should sign your commits?' },
      );
      if (!source) return;
      let chosen: Chosen | 'new' | undefined = source.source === 'gpg' ? await chooseGpgKey() : source.source === 'ssh' ? await chooseSshKey() : 'new';
      if (chosen === 'new') chosen = await createKey(root);
      if (!chosen) return;

      const c = config();
      // Outside a repository only the global scope is offered.
      const [repoFile, globalFile] = await Promise.all([c.scopeFile('repository', root).catch(() => undefined), c.scopeFile('global', root)]);
      const scopes = [
        ...(repoFile ? [{ label: 'This repository', description: repoFile, scope: 'repository' as const }] : []),
        { label: 'Global', description: globalFile, detail: 'every repository of yours that does not set its own key', scope: 'global' as const },
      ];
      const scope = await vscode.window.showQuickPick(scopes, { title: TITLE, placeHolder: `Where to save: ${chosen.description}` });
      if (!scope) return;

      const test = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'TwinGuard: test-signing with the key…' }, () => c.testSign(chosen.signer, chosen.publicKey));
      if (!test.ok) {
        const hint =
          chosen.signer.format === 'ssh'
            ? 'If the key has a passphrase, add it to ssh-agent first (ssh-add), then run this command again.'
            : 'If gpg asks for a passphrase, it needs a pinentry it can show here (pinentry-program in gpg-agent.conf), or a passphrase gpg-agent has cached.';
        await vscode.window.showErrorMessage(`TwinGuard: the key could not sign a test message, so nothing was saved.`, { modal: true, detail: `${test.detail}\n\n${hint}` });
        return;
      }
      ctx.output.info(`test signature: ${test.detail}`);

      const plan = await c.planSigningConfig(root, scope.scope, chosen.signer);
      const lines = plan.changes.map((ch) => `${ch.key}: ${shown(ch.before)} \u2192 ${ch.after}`);
      const overridden = plan.overridden.map((o) => `This repository's own config sets ${o.key} = ${o.value}, which still wins here.`);
      const yes = 'Configure';
      const confirm = await vscode.window.showInformationMessage(
        `Sign commits with ${chosen.description}?`,
        { modal: true, detail: [`In ${plan.file}:`, ...lines, ...overridden, '', 'The test signature verified. "TwinGuard: Undo Signing Configuration" puts the old values back.'].join('\n') },
        yes,
      );
      if (confirm !== yes) return;

      const record = await c.applySigningConfig(plan, chosen.description);
      await undoStore(ctx).add(record);
      ctx.output.info(`configured commit signing in ${plan.file}: ${lines.join('; ')}`);
      refresh(ctx, client, root);
      void markDone(WalkthroughKeys.signingConfigured);
      void offerPublicKey(chosen);
    } catch (err) {
      ctx.output.warn(`configuring commit signing for ${root} failed: ${messageOf(err)}`);
      await vscode.window.showErrorMessage(`TwinGuard: could not configure commit signing: ${messageOf(err)}`);
    }
  },
};

export const undoSigningConfigurationCmd: CommandFactory = {
  enabled: (ctx, client) => async () => {
    if (!(await trusted('commit signing'))) return;
    try {
      const store = undoStore(ctx);
      const records = await store.list();
      if (records.length === 0) {
        await vscode.window.showInformationMessage('TwinGuard: there is no signing configuration to undo.');
        return;
      }
      const picked =
        records.length === 1
          ? { record: records[0] }
          : await vscode.window.showQuickPick(
              records.map((r) => ({ label: r.description, description: `${r.scope === 'global' ? 'global' : path.basename(r.root)} \u2014 ${r.file}`, detail: `configured ${r.appliedAt.slice(0, 16).replace('T', ' ')}`, record: r })),
              { title: 'TwinGuard: Undo Signing Configuration', placeHolder: 'Which change to undo (newest first)?' },
            );
      if (!picked) return;
      const r = picked.record;
      const yes = 'Undo';
      const confirm = await vscode.window.showInformationMessage(
        `Undo the signing configuration (${r.description})?`,
        { modal: true, detail: [`In ${r.file}:`, ...r.changes.map((ch) => `${ch.key}: ${ch.after} \u2192 ${shown(ch.before)}`)].join('\n') },
        yes,
      );
      if (confirm !== yes) return;
      const result = await config().undoSigningConfig(r);
      await store.remove(r.id);
      ctx.output.info(`undid signing configuration in ${r.file} (${result.mode})`);
      refresh(ctx, client, r.root);
      await vscode.window.showInformationMessage(
        result.mode === 'exact'
          ? `TwinGuard: ${r.file} is back exactly as it was.`
          : `TwinGuard: the previous signing values are back in ${r.file}; your other changes to it since were kept.`,
      );
    } catch (err) {
      await vscode.window.showErrorMessage(`TwinGuard: could not undo the signing configuration: ${messageOf(err)}`);
    }
  },
};

function commitList(commits: { sha: string; subject: string }[], max = 15): string {
  const lines = commits.slice(0, max).map((c) => `${c.sha.slice(0, 10)}  ${c.subject}`);
  if (commits.length > max) lines.push(`\u2026 and ${commits.length - max} more`);
  return lines.join('\n');
}

export const signUnpushedCommitsCmd: CommandFactory = {
  enabled: (ctx, client) => async (arg?: unknown) => {
    if (!vscode.workspace.isTrusted) {
      await vscode.window.showWarningMessage('TwinGuard: commits can only be re-signed in a trusted workspace.');
      return;
    }
    const root = rootOf(ctx, arg);
    if (!root) {
      await vscode.window.showInformationMessage('TwinGuard: open a folder that is a git repository to sign its commits.');
      return;
    }
    const r = resign();
    try {
      const all = !!(arg && typeof arg === 'object' && (arg as { all?: unknown }).all === true);
      let planned = await r.planResign(root, { all });
      if (!planned.ok && planned.refusal === 'nothing-to-sign' && planned.commits?.length) {
        // Everything is signed, yet the user asked: perhaps by a key the report does not trust. Offer to re-sign with theirs.
        const again = 'Re-sign All';
        const choice = await vscode.window.showInformationMessage(
          `${planned.message} Re-sign them with your key anyway (for example because the report shows them unverified)?`,
          { modal: true, detail: commitList(planned.commits) },
          again,
        );
        if (choice !== again) return;
        planned = await r.planResign(root, { all: true });
      }
      if (!planned.ok) {
        await vscode.window.showErrorMessage(`TwinGuard: cannot sign unpushed commits. ${planned.message}`, { modal: true, detail: planned.commits ? commitList(planned.commits) : undefined });
        return;
      }
      const plan = planned.plan;
      const n = plan.toSign.length;
      const yes = `Sign ${n} Commit${n === 1 ? '' : 's'}`;
      const keyText = plan.signer.format === 'ssh' ? `SSH key ${plan.signer.key}` : `GPG key ${plan.signer.key}`;
      const confirm = await vscode.window.showWarningMessage(
        `Re-sign ${n} commit${n === 1 ? '' : 's'} of ${plan.branch} with ${keyText}?`,
        {
          modal: true,
          detail: [
            commitList([...plan.toSign].reverse()),
            '',
            `${plan.noRemote ? `The repository has no remote, so these are the newest commits of the signing report (the last ${plan.range.length}).` : `They are not on ${plan.upstream?.replace(/^refs\/remotes\//, '') ?? 'any remote'}.`} Each gets a new commit id; contents, authors and dates stay the same. ` +
              `The current state is kept as refs/twinguard/backup/${plan.branch}/<time>.`,
          ].join('\n'),
        },
        yes,
      );
      if (confirm !== yes) return;
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `TwinGuard: signing ${n} commit(s)…` }, () => r.applyResign(plan));
      ctx.output.info(`re-signed ${n} commit(s) on ${plan.branch}: ${plan.head} -> ${result.newHead}; backup ${result.backupRef}`);
      refresh(ctx, client, root);
      const back = 'Go Back';
      const copy = 'Copy Command';
      void vscode.window
        .showInformationMessage(`TwinGuard: signed ${n} commit(s) on ${plan.branch}. The old commits are kept as ${result.backupRef}; to go back: ${result.restoreCommand}`, back, copy)
        .then(async (choice) => {
          try {
            if (choice === back) {
              await r.restoreBackup(root, result);
              refresh(ctx, client, root);
              await vscode.window.showInformationMessage(`TwinGuard: ${plan.branch} is back at ${result.oldHead.slice(0, 10)}.`);
            } else if (choice === copy) await vscode.env.clipboard.writeText(result.restoreCommand);
          } catch (err) {
            await vscode.window.showErrorMessage(`TwinGuard: could not go back: ${messageOf(err)}`);
          }
        });
    } catch (err) {
      ctx.output.warn(`signing unpushed commits in ${root} failed: ${messageOf(err)}`);
      await vscode.window.showErrorMessage(`TwinGuard: could not sign the unpushed commits: ${messageOf(err)}`);
    }
  },
};
