// The commands and comments of a fresh tree-sitter-bash parse of a whole text, not through any cache of the
// engine: what the engine's statement-by-statement and line-by-line readings are compared with.
import { commandOf } from '../../server/src/engine/parsers/treeSitterShell';
import { descendants, parserFor } from '../../server/src/engine/parsers/treeSitter';

export function wholeShellView(text: string) {
  const tree = parserFor('shell')!.parse(text)!;
  try {
    const commands = descendants(tree.rootNode, 'command').map((n) => commandOf(n)).filter((c) => c.words.length > 0);
    commands.sort((a, b) => a.start - b.start || b.end - a.end);
    const comments = descendants(tree.rootNode, 'comment').map((c) => ({ start: c.startIndex, end: c.endIndex, text: c.text }));
    return { commands, comments };
  } finally {
    tree.delete();
  }
}
