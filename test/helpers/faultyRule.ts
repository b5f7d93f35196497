// Preloaded (node --import) into a language server run from source by test/protocol/resilience.test.ts: the
// openssl/weak-kdf rule throws on any text holding the marker below, as a rule with a bug would.
import { rules } from '../../server/src/engine/registry';
import type { Rule } from '../../server/src/engine/types';

export const FAULT_MARKER = 'TWINGUARD_TEST_FAULT';
export const FAULTY_RULE = 'openssl/weak-kdf';

const rule = rules.find((r) => r.id === FAULTY_RULE) as Rule;
const check = rule.check;
rule.check = (file, report) => {
  if (file.text.includes(FAULT_MARKER)) throw new Error('injected fault');
  check(file, report);
};
