// Flags Jupyter (notebook, lab, server) started without authentication: an empty token on the command line
// (`--NotebookApp.token=''`, `--ServerApp.token=`, `--IdentityProvider.token=`), in a config file
// (`c.ServerApp.token = ''`), in a Dockerfile CMD or in a docker-compose `command:`/`entrypoint:`. A Jupyter server runs any code its visitors type, with
// the data scientist's credentials and datasets: without a token, reaching the port is enough.
import { defineRule } from '../../defineRule';
import { isScalar, isSeq, type Scalar } from 'yaml';
import { descendants } from '../../parsers/treeSitter';
import { programName } from '../../parsers/shell';
import { shellScriptAt, yamlScalarScript } from '../../parsers/ciScripts';
import { entries, get } from '../../parsers/yaml';
import { pythonString } from '../../parsers/treeSitterPython';
import type { ReportDescriptor, SourceFile, Span } from '../../types';

/** The traitlets that hold the token, by Jupyter generation (NotebookApp: notebook < 7; ServerApp/IdentityProvider: jupyter_server 2). */
const TOKEN = /^--(NotebookApp|ServerApp|LabApp|IdentityProvider)\.token$/;
const PASSWORD = /^--(NotebookApp|ServerApp|PasswordIdentityProvider)\.(password|hashed_password)$/;
const ALL_INTERFACES = /^(0\.0\.0\.0|\*|::|'\*'|"\*")$/;
const CONFIG_TOKEN = /^c\.(NotebookApp|ServerApp|LabApp|IdentityProvider)\.token$/;
/** CONFIG_TOKEN anywhere in a text (the config file's prefilter). */
const CONFIG_TOKEN_NAMED = /(?:NotebookApp|ServerApp|LabApp|IdentityProvider)\.token\b/;
const CONFIG_IP = /^c\.(NotebookApp|ServerApp|LabApp)\.ip$/;

/** A token nobody has to guess: empty, or the two quote characters an exec-form CMD passes literally. */
const EMPTY = (v: string) => v === '' || v === "''" || v === '""';

interface Word extends Span {
  value: string;
  dynamic: boolean;
}

export default defineRule({
  id: 'jupyter/no-auth',
  title: 'Jupyter started without a token',
  description: 'A Jupyter notebook, lab or server started with an empty token (command line, config file, Dockerfile or docker-compose file) lets anyone who reaches its port run code with the data and credentials of the machine.',
  severity: 'error',
  appliesTo: ['shell', 'python', 'dockerfile', 'yaml'],
  fixKind: 'suggestion',
  keywords: ['token'],
  messages: {
    emptyToken: 'Jupyter is started with an empty token{{exposure}}: anyone who reaches the port can run code with this machine\'s datasets and credentials. Remove the option (Jupyter then generates a token) or set a password.',
    emptyTokenConfig: '{{setting}} = \'\' turns Jupyter\'s token authentication off{{exposure}}: anyone who reaches the port can run code with this machine\'s datasets and credentials. Remove the line (Jupyter then generates a token) or set a password.',
  },
  check(file, report) {
    if (file.kind === 'python') return checkConfig(file, report);
    if (!file.text.includes('jupyter') && !file.text.includes('start-')) return;
    const commands =
      file.kind === 'shell'
        ? file.shell.commands.map((c) => ({ words: c.words.slice(c.programIndex), exec: false }))
        : file.kind === 'yaml'
          ? COMPOSE_FILE.test(file.path)
            ? composeCommands(file)
            : []
          : dockerCommands(file.text);
    for (const { words, exec } of commands.flatMap((c) => [c, ...shellC(file.text, c.words)])) checkCommand(file.text, words, report, exec);
  },
});

/** `jupyter lab|notebook|server ...`, `jupyter-lab ...`: the words after the subcommand; undefined for other commands. */
function jupyterArgs(words: Word[]): Word[] | undefined {
  const program = words[0] ? programName(words[0].value) : '';
  if (/^jupyter-(lab|notebook|server)$/.test(program)) return words.slice(1);
  // The Jupyter Docker Stacks' entry scripts pass their arguments on to jupyter lab/server.
  if (/^start-(notebook|singleuser)(\.py|\.sh)?$/.test(program)) return words.slice(1);
  if (program === 'jupyter' && /^(lab|notebook|server|nbclassic)$/.test(words[1]?.value ?? '')) return words.slice(2);
  // python -m jupyter lab / python -m notebook
  if (/^python[\d.]*$/.test(program) && words[1]?.value === '-m') return jupyterArgs(words.slice(2).map((w, i) => (i === 0 && w.value === 'notebook' ? { ...w, value: 'jupyter-notebook' } : w)));
  return undefined;
}

function checkCommand(text: string, all: Word[], report: (d: ReportDescriptor) => void, exec = false): void {
  const args = jupyterArgs(all);
  if (!args) return;
  let empty: { span: Span; remove: Span } | undefined;
  let password = false;
  let exposed = false;
  args.forEach((w, i) => {
    const eq = w.value.indexOf('=');
    const name = eq === -1 ? w.value : w.value.slice(0, eq);
    const next = args[i + 1];
    const value = eq === -1 ? next?.value : w.value.slice(eq + 1);
    const dynamic = eq === -1 ? next?.dynamic : w.dynamic;
    const end = eq === -1 && next ? next.end : w.end;
    if (TOKEN.test(name) && value !== undefined && !dynamic && EMPTY(value)) empty = { span: { start: w.start, end }, remove: removal(text, w.start, end, exec) };
    if (PASSWORD.test(name) && value !== undefined && (dynamic || !EMPTY(value))) password = true;
    if (name === '--ip' && value !== undefined && ALL_INTERFACES.test(value)) exposed = true;
  });
  if (!empty || password) return;
  report({
    messageId: 'emptyToken',
    span: empty.span,
    data: { exposure: exposed ? ' and listens on every interface (--ip 0.0.0.0)' : '' },
    fixes: [{ title: 'Remove the empty token (Jupyter generates one)', kind: 'suggestion', edits: [{ ...empty.remove, text: '' }] }],
  });
}

/** The argument with the separator before it: spaces in a shell command, `, ` in an exec-form array. */
function removal(text: string, start: number, end: number, exec: boolean): Span {
  let from = start;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (exec && /^[ \t]*-[ \t]+['"]?$/.test(text.slice(lineStart, start))) {
    // An item of a YAML block sequence (`  - "--NotebookApp.token="`): the whole line.
    const nl = text.indexOf('\n', end);
    return { start: lineStart, end: nl === -1 ? text.length : nl + 1 };
  }
  if (exec) {
    // "--NotebookApp.token=''" including its quotes (JSON, or a quoted YAML flow item) and the comma before it;
    // the first item of a list takes the comma after it instead.
    const open = /['"]/.test(text[start - 1] ?? '') ? start - 1 : start;
    const close = /['"]/.test(text[end] ?? '') ? end + 1 : end;
    from = open;
    while (from > 0 && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
    if (text[from - 1] === ',') return { start: from - 1, end: close };
    let to = close;
    while (text[to] === ' ' || text[to] === '\t') to++;
    if (text[to] === ',') to++;
    while (text[to] === ' ' || text[to] === '\t') to++;
    return { start: open, end: to };
  }
  // With more arguments after it on the line, take the spaces after; at the end of a line, those before.
  let to = end;
  while (text[to] === ' ' || text[to] === '\t') to++;
  if (to > end && text[to] !== undefined && text[to] !== '\n' && text[to] !== '\r' && text[to] !== '\\') return { start, end: to };
  while (from > 0 && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
  return { start: from, end };
}

/** `c.ServerApp.token = ''` in jupyter_*_config.py (and any Python file that configures Jupyter the same way). */
function checkConfig(file: SourceFile, report: (d: ReportDescriptor) => void): void {
  // Only a file naming a Jupyter token setting is walked (`.token` alone is in most Python).
  if (!CONFIG_TOKEN_NAMED.test(file.text)) return;
  const tree = file.syntax;
  // Jupyter logs and skips a config file that raises SyntaxError, so a file tree-sitter cannot parse sets no
  // token; tree-sitter's recovery around an error also differs between LF and CRLF texts (found by the fuzzer).
  if (!tree || tree.rootNode.hasError) return;
  const assignments = descendants(tree.rootNode, 'assignment');
  const exposed = assignments.some((a) => CONFIG_IP.test(a.childForFieldName('left')?.text.replace(/\s+/g, '') ?? '') && ALL_INTERFACES.test(pythonString(a.childForFieldName('right')) ?? ''));
  for (const a of assignments) {
    const left = a.childForFieldName('left')?.text.replace(/\s+/g, '') ?? '';
    if (!CONFIG_TOKEN.test(left)) continue;
    const value = pythonString(a.childForFieldName('right'));
    if (value === undefined || value !== '') continue;
    const lineStart = file.text.lastIndexOf('\n', a.startIndex - 1) + 1;
    const nl = file.text.indexOf('\n', a.endIndex);
    const onlyStatement = file.text.slice(lineStart, a.startIndex).trim() === '' && file.text.slice(a.endIndex, nl === -1 ? undefined : nl).trim() === '';
    report({
      messageId: 'emptyTokenConfig',
      span: { start: a.startIndex, end: a.endIndex },
      data: { setting: left, exposure: exposed ? ' and the server listens on every interface' : '' },
      fixes: onlyStatement ? [{ title: 'Remove the empty token (Jupyter generates one)', kind: 'suggestion', edits: [{ start: lineStart, end: nl === -1 ? file.text.length : nl + 1, text: '' }] }] : [],
    });
  }
}

/**
 * The words of each CMD, ENTRYPOINT and RUN instruction of a Dockerfile, with offsets into the text. Exec form
 * (`["jupyter", "lab", ...]`) is read as JSON, each element located in the text; shell form with
 * tree-sitter-bash. Continuation lines (`\` at the end) are joined.
 */
function dockerCommands(text: string): { words: Word[]; exec: boolean }[] {
  const out: { words: Word[]; exec: boolean }[] = [];
  const re = /^[ \t]*(CMD|ENTRYPOINT|RUN)[ \t]+/gim;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const from = m.index + m[0].length;
    let to = from;
    for (;;) {
      const nl = text.indexOf('\n', to);
      const lineEnd = nl === -1 ? text.length : nl;
      to = lineEnd;
      if (nl === -1 || !/\\\s*$/.test(text.slice(from, lineEnd))) break;
      to = nl + 1;
    }
    const body = text.slice(from, to);
    if (body.trimStart().startsWith('[')) {
      let items: unknown;
      try {
        items = JSON.parse(body.replace(/\\\r?\n/g, ' '));
      } catch {
        continue;
      }
      if (!Array.isArray(items) || !items.every((x) => typeof x === 'string')) continue;
      const words: Word[] = [];
      let at = from;
      for (const item of items as string[]) {
        const lit = JSON.stringify(item);
        const i = text.indexOf(lit, at);
        if (i === -1 || i > to) break;
        words.push({ start: i + 1, end: i + lit.length - 1, value: item, dynamic: false });
        at = i + lit.length;
      }
      out.push({ words, exec: true });
    } else {
      for (const c of shellScriptAt(body, from).commands) out.push({ words: c.words.slice(c.programIndex), exec: false });
    }
  }
  return out;
}

/** docker-compose.yml, docker-compose.override.yaml, compose.yaml, compose.prod.yml. */
const COMPOSE_FILE = /(^|[\\/])(docker-)?compose([.-][^\\/]*)?\.ya?ml$/i;

/**
 * The command line of each service of a compose file: `entrypoint:` followed by `command:` (Compose runs the
 * two joined), each in string form (split into words like a shell would, without running one) or list form.
 */
function composeCommands(file: SourceFile): { words: Word[]; exec: boolean }[] {
  const out: { words: Word[]; exec: boolean }[] = [];
  for (const doc of file.yaml.documents) {
    for (const service of entries(get(doc.contents, 'services'))) {
      const parts = ['entrypoint', 'command'].map((key) => composeWords(get(service.value, key), file.text));
      const words = parts.flatMap((p) => p?.words ?? []);
      if (words.length > 0) out.push({ words, exec: parts.some((p) => p?.exec) });
    }
  }
  return out;
}

function composeWords(node: unknown, text: string): { words: Word[]; exec: boolean } | undefined {
  if (isSeq(node)) {
    const words: Word[] = [];
    for (const item of node.items) {
      if (!isScalar(item) || !item.range) return undefined;
      const [start, end] = item.range;
      // A quoted item's span is its content; a value with escapes (`"a\"b"`) is not located and ends the list.
      const quoted = item.type === 'QUOTE_DOUBLE' || item.type === 'QUOTE_SINGLE';
      const inner = quoted ? { start: start + 1, end: end - 1 } : { start, end };
      const value = String(item.value);
      if (text.slice(inner.start, inner.end) !== value) return undefined;
      words.push({ ...inner, value, dynamic: /\$\{?\w/.test(value) });
    }
    return { words, exec: true };
  }
  if (isScalar(node) && typeof node.value === 'string') {
    const script = yamlScalarScript(node as Scalar, text)?.script;
    const c = script?.commands[0];
    return c ? { words: c.words.slice(c.programIndex), exec: false } : undefined;
  }
  return undefined;
}

/** `sh -c "jupyter lab ..."` (a common CMD and compose command): the commands of the inner script, when it is a plain literal. */
function shellC(text: string, words: Word[]): { words: Word[]; exec: boolean }[] {
  if (!/^(ba|da)?sh$/.test(programName(words[0]?.value ?? '')) || words[1]?.value !== '-c') return [];
  const body = words[2];
  if (!body || body.dynamic) return [];
  // The body's content starts at the word (JSON and YAML items) or after its quote (a quoted shell word).
  const at = text.slice(body.start, body.end) === body.value ? body.start : text.slice(body.start + 1, body.end - 1) === body.value ? body.start + 1 : -1;
  if (at === -1) return [];
  return shellScriptAt(body.value, at).commands.map((c) => ({ words: c.words.slice(c.programIndex), exec: false }));
}
