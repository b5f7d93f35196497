// Environment variables a file sets, in every syntax the engine reads: shell (`X=1`, `export X=1`,
// `X=1 cmd`), Python (`os.environ["X"] = "1"`, `os.environ.setdefault("X", "1")`, `os.putenv`), PowerShell
// (`$env:X = 1`), CI YAML (`env:` maps), `.env` files and Dockerfile `ENV`. Values are literal text or marked
// dynamic; rules such as transport/tls-verification-disabled judge the variable, not how it was written.
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { SourceFile, Span } from '../types';
import { descendants, namedChildren } from './treeSitter';
import { pythonCalls, pythonString } from './treeSitterPython';
import { psValue } from './treeSitterPowershell';
import { shellAssignments } from './treeSitterShell';

export interface EnvAssignment {
  name: string;
  /** The literal value (quotes removed); undefined when it is computed at run time. */
  value: string | undefined;
  nameSpan: Span;
  /** The value's range (or the name's when there is no value). */
  valueSpan: Span;
}

function fromYaml(node: unknown, out: EnvAssignment[], inEnv = false): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      if (inEnv && pair.key.range) {
        const v = isScalar(pair.value) ? pair.value : undefined;
        const value = v && (typeof v.value === 'string' || typeof v.value === 'number' || typeof v.value === 'boolean') ? String(v.value) : undefined;
        const nameSpan = { start: pair.key.range[0], end: pair.key.range[1] };
        out.push({ name: key, value: value?.includes('${{') ? undefined : value, nameSpan, valueSpan: v?.range ? { start: v.range[0], end: v.range[1] } : nameSpan });
      } else fromYaml(pair.value, out, key === 'env' || key === 'variables');
    }
  } else if (isSeq(node)) {
    for (const item of node.items) fromYaml(item as Node, out);
  }
}

const cache = new WeakMap<SourceFile, EnvAssignment[]>();

export function envAssignments(file: SourceFile): EnvAssignment[] {
  let out = cache.get(file);
  if (out) return out;
  out = [];
  const span = (n: { startIndex: number; endIndex: number }): Span => ({ start: n.startIndex, end: n.endIndex });
  if (file.kind === 'shell' && file.syntax) {
    for (const a of shellAssignments(file.syntax)) {
      out.push({ name: a.name, value: a.value && !a.value.dynamic ? a.value.value : a.value ? undefined : '', nameSpan: a.nameSpan, valueSpan: a.value ?? a.nameSpan });
    }
  } else if (file.kind === 'python' && file.syntax) {
    for (const node of descendants(file.syntax.rootNode, 'assignment')) {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left?.type !== 'subscript' || !right) continue;
      const obj = left.childForFieldName('value')?.text.replace(/\s+/g, '');
      const key = pythonString(left.childForFieldName('subscript'));
      if ((obj === 'os.environ' || obj === 'environ') && key !== undefined) out.push({ name: key, value: pythonString(right), nameSpan: span(left), valueSpan: span(right) });
    }
    for (const call of pythonCalls(file.syntax)) {
      if (!/^(os\.)?(environ\.setdefault|putenv|environ\.update)$/.test(call.qualified) || call.positional.length < 2) continue;
      const name = pythonString(call.positional[0]);
      if (name !== undefined) out.push({ name, value: pythonString(call.positional[1]), nameSpan: span(call.positional[0]), valueSpan: span(call.positional[1]) });
    }
  } else if (file.kind === 'powershell' && file.syntax) {
    for (const node of descendants(file.syntax.rootNode, 'assignment_expression')) {
      const [left, , right] = namedChildren(node);
      const m = left && /^\$env:([A-Za-z_][A-Za-z0-9_]*)$/i.exec(left.text);
      if (!m || !right) continue;
      const v = psValue(right);
      out.push({ name: m[1], value: v.dynamic ? undefined : v.value, nameSpan: span(left), valueSpan: span(right) });
    }
  } else if (file.kind === 'yaml') {
    for (const doc of file.yaml.documents) fromYaml(doc.contents, out);
  } else if (file.kind === 'dotenv' || file.kind === 'dockerfile') {
    // `.env`: `[export ]NAME=value` per line; Dockerfile: `ENV NAME=value` or `ENV NAME value`. Read line by
    // line with anchored, single-quantifier patterns (linear time); values quoted or bare.
    let at = 0;
    for (const line of file.text.split('\n')) {
      const lineStart = at;
      at += line.length + 1;
      const head = file.kind === 'dotenv' ? /^[ \t]*(?:export[ \t])?[ \t]*/.exec(line) : /^[ \t]*ENV[ \t]/i.exec(line);
      if (!head) continue;
      let i = head[0].length;
      while (line[i] === ' ' || line[i] === '\t') i++;
      const name = /^[A-Za-z_]\w*/.exec(line.slice(i))?.[0];
      if (!name) continue;
      let j = i + name.length;
      while (line[j] === ' ' || line[j] === '\t') j++;
      if (line[j] === '=') j++;
      else if (file.kind === 'dotenv' || j === i + name.length) continue;
      while (line[j] === ' ' || line[j] === '\t') j++;
      const q = line[j];
      const close = q === '"' || q === "'" ? line.indexOf(q, j + 1) : -1;
      let k = j;
      if (close !== -1) k = close + 1;
      else while (k < line.length && !/[\s#]/.test(line[k])) k++;
      const raw = line.slice(j, k);
      const value = close !== -1 ? raw.slice(1, -1) : raw;
      const nameStart = lineStart + i;
      out.push({ name, value: value.includes('$') && q !== "'" ? undefined : value, nameSpan: { start: nameStart, end: nameStart + name.length }, valueSpan: { start: lineStart + j, end: lineStart + k } });
    }
  }
  cache.set(file, out);
  return out;
}
