// model/unreadable-model-file: truncated or malformed model files, noted with the offset where reading stopped.
import rule from '../../../server/src/engine/rules/model/unreadable-model-file';
import { ruleTester } from '../../helpers/ruleTester';
import * as b from '../../helpers/modelBytes';
const { op } = b;

const zip = b.torchZip();

ruleTester(rule, {
  valid: [
    { name: 'a complete pickle', code: '', path: 'w.pkl', bytes: b.benignOrderedDict() },
    { name: 'a legacy checkpoint: raw storage bytes after the pickles are not a broken pickle', code: '', path: 'm.pt', bytes: b.legacyCheckpoint(b.legacyProtocolVersion()) },
    { name: 'a complete pickle that runs code is readable (the other rule judges it)', code: '', path: 'w.pkl', bytes: b.reduceOsSystem() },
  ],
  invalid: [
    { name: 'a truncated pickle', code: '', path: 'w.pkl', bytes: b.benignOrderedDict().subarray(0, 40), errors: [{ messageId: 'unreadable', line: 1, column: 1, data: { where: 'byte 34', reason: 'file ends inside BINUNICODE (string)' } }] },
    { name: 'an invalid opcode', code: '', path: 'w.pkl', bytes: b.concat(op.proto(2), [0xff], op.stop()), errors: [{ messageId: 'unreadable', line: 1, column: 1, data: { where: 'byte 2', reason: 'invalid opcode 0xff' } }] },
    { name: 'a memo lookup of a key never stored', code: '', path: 'w.pkl', bytes: b.pickle(op.proto(2), op.binget(9), op.stop()), errors: [{ messageId: 'unreadable', line: 1, column: 1, data: { where: 'byte 2', reason: 'memo key 9 is missing' } }] },
    { name: 'STACK_GLOBAL with a non-string', code: '', path: 'w.pkl', bytes: b.pickle(op.proto(4), op.int(1), op.str('x'), op.stackGlobal(), op.stop()), errors: [{ messageId: 'unreadable', line: 1, column: 1 }] },
    { name: 'an unsupported protocol', code: '', path: 'w.pkl', bytes: b.pickle(op.proto(9), op.none(), op.stop()), errors: [{ messageId: 'unreadable', line: 1, column: 1 }] },
    { name: 'a zip cut short: no central directory', code: '', path: 'm.pt', bytes: zip.subarray(0, zip.length - 30), errors: [{ messageId: 'unreadable', line: 1, column: 1 }] },
    { name: 'an empty file', code: '', path: 'm.pkl', bytes: new Uint8Array(0), errors: [{ messageId: 'unreadable', line: 1, column: 1, data: { where: 'byte 0', reason: 'the file is empty' } }] },
    { name: 'an xz-compressed file is not decompressed', code: '', path: 'm.joblib', bytes: b.concat([0xfd], new TextEncoder().encode('7zXZ'), [0, 0, 0]), errors: [{ messageId: 'unreadable', line: 1, column: 1 }] },
    { name: 'not a model format at all', code: '', path: 'm.pkl', bytes: new TextEncoder().encode('\u00ffhello'), errors: [{ messageId: 'unreadable', line: 1, column: 1 }] },
  ],
});
