// Flags Python calls that deserialise with code execution, whatever file they load: pickle/joblib/dill/
// cloudpickle loads, pandas.read_pickle, numpy.load(allow_pickle=True), torch.load with weights_only=False
// (or without weights_only, lower), yaml.load without a safe loader, keras load_model(safe_mode=False); and
// TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=1 set in scripts, CI, Dockerfiles and .env files, which turns every
// torch.load in the process back into a full unpickler. (model/pickle-code-execution judges the *file*
// a literal path names; this rule judges the *call*.)
import { defineRule } from '../../defineRule';
import { callsOf } from '../../parsers/pythonPaths';
import { descendants, type SyntaxNode } from '../../parsers/treeSitter';
import { shellAssignments } from '../../parsers/treeSitterShell';
import { pythonBool, pythonString, type PythonCall } from '../../parsers/treeSitterPython';
import { isPair, isScalar, isSeq, visit } from 'yaml';
import type { Fix, ReportDescriptor, SourceFile, Span } from '../../types';

const ENV = 'TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD';
/** PyTorch reads the variable as a boolean flag; these spellings switch it on. */
const TRUTHY = /^(1|true|yes|y|on)$/i;

/** Short module names written without an import in snippets and notebooks. */
const SHORT: Record<string, string> = { np: 'numpy', pd: 'pandas', tf: 'tensorflow' };

function normalise(c: PythonCall): string {
  const head = c.qualified.split('.')[0];
  return SHORT[head] && c.qualified === c.callee ? SHORT[head] + c.qualified.slice(head.length) : c.qualified;
}

const PICKLERS = /^(pickle|cPickle|_pickle|dill|cloudpickle|joblib)\.(load|loads|Unpickler)$/;
const SAFE_YAML_LOADERS = /^(yaml\.)?(SafeLoader|CSafeLoader|BaseLoader|CBaseLoader)$/;

const span = (n: SyntaxNode): Span => ({ start: n.startIndex, end: n.endIndex });

export default defineRule({
  id: 'model/unsafe-deserialization',
  title: 'Deserialisation that can run code',
  description: 'pickle, joblib, dill, cloudpickle and pandas.read_pickle loads, numpy.load with allow_pickle=True, torch.load without weights_only=True, yaml.load without a safe loader and keras load_model(safe_mode=False) run code stored in the file they read; TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=1 does the same for every torch.load.',
  severity: 'error',
  appliesTo: ['python', 'shell', 'yaml', 'dockerfile', 'dotenv'],
  fixKind: 'suggestion',
  // What each finding needs in the text: its module's name (an import or an attribute: pickle, dill,
  // joblib, torch, yaml; read_pickle and numpy's allow_pickle contain `pickle`) or, for keras,
  // `safe_mode`. `load` alone sent every Python file with a load_data() or a safe load_model() to the parser.
  keywords: ['pickle', 'dill', 'joblib', 'torch', 'yaml', 'safe_mode'],
  messages: {
    pickle: '{{call}} unpickles its input: unpickling runs any code the file names (os.system, eval...), so a swapped or downloaded file runs on this machine. Store and load weights as safetensors, or verify a signature before loading.',
    readPickle: 'pandas.read_pickle unpickles the file: a tampered or downloaded pickle runs code when read. Use Parquet, Feather or CSV for data.',
    numpyPickle: 'numpy.load(..., allow_pickle=True) unpickles object arrays: a crafted .npy/.npz runs code when loaded. Keep allow_pickle=False (the default) and save plain numeric arrays.',
    torchUnsafe: 'torch.load(..., weights_only=False) unpickles arbitrary objects: a malicious checkpoint runs code when loaded. Use weights_only=True (with torch>=2.6), and safetensors for new files.',
    torchDefault: 'torch.load without weights_only: PyTorch before 2.6 unpickles anything by default (2.6 made weights_only=True the default), and weights_only=True itself could be bypassed up to 2.5.1 (CVE-2025-32434). Pass weights_only=True and require torch>=2.6, or load safetensors.',
    yamlUnsafe: '{{call}} without a safe loader builds arbitrary Python objects from tags such as !!python/object/apply: a crafted config runs code. Use yaml.safe_load.',
    kerasUnsafe: 'load_model(..., safe_mode=False) deserialises the bytecode of Lambda layers: loading the model runs code. Keep safe_mode=True (the default).',
    envForce: '{{name}}={{value}} makes every torch.load in the process unpickle arbitrary objects (weights_only=False), whatever the code passes: one tampered checkpoint runs code. Remove it; convert old checkpoints once, in isolation, to safetensors.',
  },
  check(file, report) {
    if (file.kind === 'python') checkPython(file, report);
    else if (file.kind === 'shell') {
      if (!file.text.includes(ENV)) return;
      const tree = file.syntax;
      if (!tree) return;
      for (const a of shellAssignments(tree)) {
        if (a.name === ENV && a.value && !a.value.dynamic && TRUTHY.test(a.value.value)) reportEnv(report, a.node.startIndex, a.node.endIndex, a.value.value, a.value);
      }
    } else if (file.kind === 'yaml') {
      if (!file.text.includes(ENV)) return;
      for (const doc of file.yaml.documents) checkYaml(doc, report);
    } else if (file.text.includes(ENV)) {
      checkEnvLines(file, report);
    }
  },
});

function reportEnv(report: (d: ReportDescriptor) => void, start: number, end: number, value: string, valueSpan?: Span): void {
  const fixes: Fix[] = valueSpan ? [{ title: `Set ${ENV}=0`, kind: 'suggestion', edits: [{ start: valueSpan.start, end: valueSpan.end, text: '0' }] }] : [];
  report({ messageId: 'envForce', span: { start, end }, data: { name: ENV, value }, fixes });
}

function checkPython(file: SourceFile, report: (d: ReportDescriptor) => void): void {
  const tree = file.syntax;
  if (!tree) return;
  for (const c of callsOf(tree)) {
    const name = normalise(c);
    const last = name.split('.').pop() ?? '';
    if (PICKLERS.test(name)) {
      report({ messageId: 'pickle', span: span(c.node), data: { call: c.callee } });
    } else if (name === 'pandas.read_pickle') {
      report({ messageId: 'readPickle', span: span(c.node) });
    } else if (name === 'numpy.load') {
      const kw = c.keywords.get('allow_pickle');
      if (kw && pythonBool(kw.value) === true) report({ messageId: 'numpyPickle', span: span(kw.node), fixes: [replace(kw.value, 'False', 'Set allow_pickle=False')] });
    } else if (name === 'torch.load') {
      const kw = c.keywords.get('weights_only');
      if (kw) {
        if (pythonBool(kw.value) === false) report({ messageId: 'torchUnsafe', span: span(kw.node), fixes: [replace(kw.value, 'True', 'Set weights_only=True')] });
      } else if (!c.hasKwargsSplat) {
        report({ messageId: 'torchDefault', span: span(c.node), demote: 'warning', fixes: [addKeyword(file.text, c, 'weights_only=True')] });
      }
    } else if (/^yaml\.(load|load_all|unsafe_load|unsafe_load_all|full_load|full_load_all)$/.test(name) && !name.includes('full_load')) {
      const loader = c.keywords.get('Loader')?.value ?? c.positional[1];
      const unsafeName = last.startsWith('unsafe_');
      if (!unsafeName && loader && SAFE_YAML_LOADERS.test(loader.text.replace(/\s+/g, ''))) continue;
      if (!unsafeName && !loader && c.hasKwargsSplat) continue;
      report({ messageId: 'yamlUnsafe', span: span(c.node), data: { call: c.callee }, fixes: yamlFix(file.text, c, last, loader) });
    } else if (/(^|\.)(keras\.(models|saving)\.)?load_model$/.test(name) && /keras|^load_model$/.test(name)) {
      const kw = c.keywords.get('safe_mode');
      if (kw && pythonBool(kw.value) === false) report({ messageId: 'kerasUnsafe', span: span(kw.node), fixes: [replace(kw.value, 'True', 'Set safe_mode=True')] });
    }
  }
  // os.environ["TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD"] = "1", os.environ.setdefault(...), os.putenv(...)
  if (!file.text.includes(ENV)) return;
  for (const a of descendants(tree.rootNode, 'assignment')) {
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    if (left?.type !== 'subscript' || !/^os\.environ$/.test(left.childForFieldName('value')?.text ?? '')) continue;
    const key = pythonString(left.childForFieldName('subscript'));
    const value = pythonString(right);
    if (key === ENV && value !== undefined && TRUTHY.test(value)) reportEnv(report, a.startIndex, a.endIndex, value);
  }
  for (const c of callsOf(tree)) {
    if (!/^os\.(environ\.setdefault|putenv)$/.test(c.qualified)) continue;
    const value = pythonString(c.positional[1]);
    if (pythonString(c.positional[0]) === ENV && value !== undefined && TRUTHY.test(value)) reportEnv(report, c.node.startIndex, c.node.endIndex, value);
  }
}

function replace(node: SyntaxNode, text: string, title: string): Fix {
  return { title, kind: 'suggestion', edits: [{ start: node.startIndex, end: node.endIndex, text }] };
}

/** Appends `keyword` to a call's arguments, after a trailing comma if there is one. */
function addKeyword(text: string, c: PythonCall, keyword: string): Fix {
  const args = c.node.childForFieldName('arguments');
  const close = args ? args.endIndex - 1 : c.node.endIndex - 1;
  const before = text.slice(args ? args.startIndex + 1 : close, close).trimEnd();
  const sep = before === '' || before.endsWith(',') ? '' : ', ';
  return { title: `Pass ${keyword}`, kind: 'suggestion', edits: [{ start: close, end: close, text: `${sep}${keyword}` }] };
}

/** yaml.load(x, Loader=yaml.Loader) -> yaml.safe_load(x): the callee renamed, the Loader argument removed. */
function yamlFix(text: string, c: PythonCall, last: string, loader: SyntaxNode | undefined): Fix[] {
  const callee = c.calleeNode;
  // A bare `load` (from yaml import load) would need a new import: no fix.
  if (callee.type !== 'attribute') return [];
  const attr = callee.childForFieldName('attribute');
  if (!attr) return [];
  const safe = last.endsWith('_all') ? 'safe_load_all' : 'safe_load';
  const edits = [{ start: attr.startIndex, end: attr.endIndex, text: safe }];
  if (loader) {
    const arg = c.keywords.get('Loader')?.node ?? loader;
    // Remove the argument with the comma (and spaces) before it.
    let from = arg.startIndex;
    while (from > 0 && /[\s,]/.test(text[from - 1]) && text[from - 1] !== '(') from--;
    edits.push({ start: from, end: arg.endIndex, text: '' });
  }
  return [{ title: `Use yaml.${safe}`, kind: 'suggestion', edits }];
}

/** `env:` maps (GitHub Actions, GitLab, compose) and `NAME=value` list items (compose) setting the variable. */
function checkYaml(doc: { contents: unknown }, report: (d: ReportDescriptor) => void): void {
  visit(doc as never, {
    Pair(_, pair) {
      if (!isPair(pair) || !isScalar(pair.key) || pair.key.value !== ENV || !isScalar(pair.value)) return;
      const value = String(pair.value.value);
      const r = pair.value.range;
      const k = pair.key.range;
      if (TRUTHY.test(value) && r && k) reportEnv(report, k[0], r[1], value, { start: r[0], end: r[1] });
    },
    Seq(_, seq) {
      if (!isSeq(seq)) return;
      for (const item of seq.items) {
        if (!isScalar(item) || typeof item.value !== 'string' || !item.range) continue;
        const m = /^TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=(.*)$/.exec(item.value);
        if (m && TRUTHY.test(m[1])) reportEnv(report, item.range[0], item.range[1], m[1]);
      }
    },
  });
}

/**
 * Dockerfile `ENV NAME=value` / `ENV NAME value` and .env `[export ]NAME=value` lines, one line at a time:
 * the variable's name is found with indexOf, the words before it and the value after it with anchored,
 * linear regexes. Known limit: in an `ENV` line with several assignments only this variable's is read.
 */
function checkEnvLines(file: SourceFile, report: (d: ReportDescriptor) => void): void {
  let at = 0;
  for (const line of file.text.split('\n')) {
    const start = at;
    at += line.length + 1;
    const i = line.indexOf(ENV);
    if (i === -1) continue;
    const prefix = line.slice(0, i);
    const ok = file.kind === 'dockerfile' ? /^\s*ENV\s/i.test(prefix) && /\s$/.test(prefix) : /^\s*(export\s+)?$/.test(prefix);
    if (!ok) continue;
    // `=value`, `="value"`, or (ENV only) ` value`
    const m = (file.kind === 'dockerfile' ? /^(=|[ \t]+)(["']?)([^\s"']*)/ : /^(=)(["']?)([^\s"']*)/).exec(line.slice(i + ENV.length));
    if (!m || !TRUTHY.test(m[3])) continue;
    const valueStart = start + i + ENV.length + m[1].length + m[2].length;
    reportEnv(report, start + i, valueStart + m[3].length + m[2].length, m[3], { start: valueStart, end: valueStart + m[3].length });
  }
}
