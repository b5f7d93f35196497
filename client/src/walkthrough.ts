// Context keys that complete the steps of the "Secure your ML repository" walkthrough (package.json
// contributes.walkthroughs, completionEvents `onContext:<key>`): each is set when the step is really done,
// not when its button was clicked.
//
// VS Code reads an `onContext` completion event when its walkthrough service starts, then on every change of
// the key. A key that is already true when the service starts is recorded as seen without completing the step
// (VS Code 1.10x, gettingStartedService `registerDoneListeners`). The scan and review steps therefore also
// complete on their commands (`onCommand:`); signing and the hook complete only when really done, so a
// walkthrough opened after doing them in the same session shows them open until the next window.
import vscode = require('vscode');

export const WalkthroughKeys = {
  /** A workspace scan finished (its findings are in the Problems panel). */
  scanned: 'twinguard.workspaceScanned',
  /** The user opened a rule's documentation, suppressed a finding with a reason, or applied Fix All. */
  reviewed: 'twinguard.findingsReviewed',
  /** A repository of the workspace signs new commits (commit.gpgsign with a key). */
  signingConfigured: 'twinguard.signingConfigured',
  /** A TwinGuard pre-commit hook is installed in a workspace repository. */
  hookInstalled: 'twinguard.hookInstalled',
} as const;

export async function markDone(key: (typeof WalkthroughKeys)[keyof typeof WalkthroughKeys]): Promise<void> {
  await vscode.commands.executeCommand('setContext', key, true);
}
