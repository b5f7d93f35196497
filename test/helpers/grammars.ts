// Tests scan through plain scan(), which needs the tree-sitter grammars loaded first (the front ends use
// scanAsync). Importing this module registers a `before` hook on the importing test file that loads every
// grammar from node_modules once; later loads return at once.
import { before } from 'node:test';
import { loadGrammars } from '../../server/src/engine/index';
import { useDiskGrammars } from '../../server/src/files/grammars';

export async function loadTestGrammars(): Promise<void> {
  useDiskGrammars();
  await loadGrammars();
}

before(loadTestGrammars);
