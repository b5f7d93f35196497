// model/safetensors-invalid: headers that do not describe the file.
import rule from '../../../server/src/engine/rules/model/safetensors-invalid';
import { ruleTester } from '../../helpers/ruleTester';
import * as b from '../../helpers/modelBytes';

const enc = new TextEncoder();
const rawHeader = (n: number, json: string, data = 0) => b.concat([n & 0xff, (n >> 8) & 0xff, 0, 0, 0, 0, 0, 0], enc.encode(json), new Uint8Array(data));

ruleTester(rule, {
  valid: [
    { name: 'two tensors tiling the data', code: '', path: 'model.safetensors', bytes: b.safetensorsGood() },
    { name: 'no tensors at all', code: '', path: 'empty.safetensors', bytes: b.safetensors({}, 0) },
    { name: 'a zero-size tensor', code: '', path: 'z.safetensors', bytes: b.safetensors({ e: { dtype: 'F32', shape: [0], data_offsets: [0, 0] } }, 0) },
  ],
  invalid: [
    { name: 'overlapping tensors', code: '', path: 'm.safetensors', bytes: b.safetensorsOverlap(), errors: [{ messageId: 'overlap', line: 1, column: 1, data: { first: 'fc.bias', second: 'fc.weight', offset: 136 } }] },
    { name: 'header length past the end', code: '', path: 'm.safetensors', bytes: rawHeader(65535, '{}'), errors: [{ messageId: 'header', line: 1, column: 1, data: { reason: 'header length 65535 runs past the end of the 10-byte file' } }] },
    { name: 'header that is not JSON', code: '', path: 'm.safetensors', bytes: rawHeader(5, '{oops'), errors: [{ messageId: 'header', line: 1, column: 1 }] },
    { name: 'dtype and shape disagree with the offsets', code: '', path: 'm.safetensors', bytes: b.safetensors({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, 8), errors: [{ messageId: 'tensor', line: 1, column: 1, data: { tensor: 'w', reason: 'its 8 bytes do not match dtype F32 and shape [3] (12 bytes)' } }] },
    { name: 'offsets past the data', code: '', path: 'm.safetensors', bytes: b.safetensors({ w: { dtype: 'U8', shape: [16], data_offsets: [0, 16] } }, 8), errors: [{ messageId: 'tensor', line: 1, column: 1 }] },
    { name: 'an unknown dtype', code: '', path: 'm.safetensors', bytes: b.safetensors({ w: { dtype: 'PY_OBJECT', shape: [1], data_offsets: [0, 1] } }, 1), errors: [{ messageId: 'tensor', line: 1, column: 1 }] },
    { name: 'trailing bytes no tensor declares', code: '', path: 'm.safetensors', bytes: b.safetensors({ w: { dtype: 'U8', shape: [4], data_offsets: [0, 4] } }, 12), errors: [{ messageId: 'coverage', line: 1, column: 1 }] },
  ],
});
