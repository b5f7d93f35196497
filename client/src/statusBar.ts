// The signing status bar: one item per active repository (statusModel.ts decides which, and what each shows);
// this file only applies that to vscode items, recreating them when the order changes (a status bar item's
// priority, hence its place, is fixed when it is created).
import vscode = require('vscode');
import { statusItems, type ActiveInput, type BarState, type StatusItem } from './statusModel';

export type { BarState } from './statusModel';

const COLORS = { warning: new vscode.ThemeColor('statusBarItem.warningBackground'), error: new vscode.ThemeColor('statusBarItem.errorBackground') };
/** Left of most items; each further repository one step to the right. */
const PRIORITY = 100;

export class SigningStatusBar implements vscode.Disposable {
  private items: { key: string; item: vscode.StatusBarItem }[] = [];

  /** Shows one item per active repository (`global`: one item for the window: server stopped, Restricted Mode). */
  update(input: ActiveInput, stateOf: (root: string) => BarState, global?: BarState): StatusItem[] {
    const wanted = statusItems(input, stateOf, global);
    const keys = wanted.map((w) => `${w.id}\u0000${w.root ?? ''}`);
    if (keys.length !== this.items.length || keys.some((k, i) => this.items[i].key !== k)) {
      this.dispose();
      this.items = wanted.map((w, i) => {
        const item = vscode.window.createStatusBarItem(w.id, vscode.StatusBarAlignment.Left, PRIORITY - i);
        item.name = w.root ? `TwinGuard Signing (${w.root})` : 'TwinGuard Signing';
        return { key: keys[i], item };
      });
    }
    wanted.forEach((w, i) => {
      const item = this.items[i].item;
      item.text = w.text;
      item.tooltip = w.tooltip;
      item.backgroundColor = w.color ? COLORS[w.color] : undefined;
      item.command = { title: 'Open Signing Report', ...w.command };
      item.show();
    });
    return wanted;
  }

  dispose(): void {
    for (const { item } of this.items) item.dispose();
    this.items = [];
  }
}
