// Flags TLS certificate verification turned off: `curl -k`, `wget --no-check-certificate`, `git -c
// http.sslVerify=false`, `aws --no-verify-ssl`, `requests ... verify=False`, `ssl._create_unverified_context`,
// `Invoke-WebRequest -SkipCertificateCheck`, and the variables PYTHONHTTPSVERIFY=0,
// NODE_TLS_REJECT_UNAUTHORIZED=0, GIT_SSL_NO_VERIFY. Without verification anyone on the path (a hotel
// network, a compromised proxy) can present their own certificate and read or change datasets, model files
// and the credentials sent with them, while the transfer still looks encrypted.
import { defineRule } from '../../defineRule';
import { invocationsIn } from '../../parsers/ciScripts';
import { envAssignments } from '../../parsers/envAssignments';
import type { ShellWord } from '../../parsers/shell';
import { descendants, spanOf } from '../../parsers/treeSitter';
import { pythonBool, pythonCalls } from '../../parsers/treeSitterPython';
import { psCommands, psParams, psProgram, psUnparsed, psValue } from '../../parsers/treeSitterPowershell';
import type { Fix, Span } from '../../types';

/** curl short options that take a value: in `-sSo k` or `-ok`, the `k` is that value, not --insecure. */
const CURL_ARG_SHORT = new Set('AbcCdDeEFHKmoPQrtTuUwxXyYz'.split(''));

/** Variables that switch verification off, with the values that do so. */
const ENV_OFF: Record<string, (v: string) => boolean> = {
  PYTHONHTTPSVERIFY: (v) => v.trim() === '0',
  NODE_TLS_REJECT_UNAUTHORIZED: (v) => v.trim() === '0',
  GIT_SSL_NO_VERIFY: (v) => v.trim() !== '' && !/^(0|false|no)$/i.test(v.trim()),
};
const ENV_NAMES = Object.keys(ENV_OFF);

/** Python calls that take `verify=` (requests, httpx, their sessions and clients). */
const VERIFY_CALL = /(^|\.)(get|post|put|patch|delete|head|options|request|stream|send|Client|AsyncClient|Session|urlopen)$/;

/** The index of `k` in a curl short-option cluster (`-sSk` -> 3), or -1. */
function insecureInCluster(word: string): number {
  if (!/^-[A-Za-z0-9#:]+$/.test(word) || word.startsWith('--')) return -1;
  for (let i = 1; i < word.length; i++) {
    if (word[i] === 'k') return i;
    if (CURL_ARG_SHORT.has(word[i])) return -1; // the rest of the word is this option's value
  }
  return -1;
}

function removeWord(text: string, w: Span): Span {
  // The word and the blank before it, so `curl -k URL` becomes `curl URL`.
  let start = w.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return { start, end: w.end };
}

export default defineRule({
  id: 'transport/tls-verification-disabled',
  title: 'TLS certificate verification disabled',
  description: 'A download, upload or API call turns TLS certificate verification off (`curl -k`, `verify=False`, `-SkipCertificateCheck`, `NODE_TLS_REJECT_UNAUTHORIZED=0`...), so anyone on the network path can read and change the traffic.',
  severity: 'error',
  appliesTo: ['shell', 'python', 'powershell', 'yaml', 'dotenv', 'dockerfile'],
  fixKind: 'suggestion',
  keywords: ['curl', 'wget', 'sslverify', 'no-verify-ssl', 'verify', 'unverified', 'skipcert', 'PYTHONHTTPSVERIFY', 'NODE_TLS_REJECT_UNAUTHORIZED', 'GIT_SSL_NO_VERIFY'],
  messages: {
    option: '{{tool}} {{option}} turns off TLS certificate verification: anyone on the network path can impersonate the server and read or change the data. Fix the trust store (--cacert / the CA bundle) instead.',
    pythonVerify: '{{call}}(..., verify=False) accepts any certificate: anyone on the network path can impersonate the server and read or change the data. Pass verify=True or a CA bundle path.',
    unverifiedContext: 'ssl._create_unverified_context() makes a TLS context that accepts any certificate: the connection can be intercepted. Use ssl.create_default_context() (with cafile= for a private CA).',
    envVariable: '{{name}}={{value}} turns off TLS certificate verification for every {{tool}} connection of this process: anyone on the network path can read and change the traffic.',
    skipCertificateCheck: '{{cmdlet}} -SkipCertificateCheck accepts any certificate: anyone on the network path can impersonate the server and read or change the data.',
  },
  check(file, report) {
    const text = file.text;
    const drop = (title: string, span: Span): Fix[] => [{ title, kind: 'suggestion', edits: [{ ...removeWord(text, span), text: '' }] }];
    // Shell scripts, CI `run:` steps and Dockerfile RUN lines.
    for (const { args } of invocationsIn(file, 'curl')) {
      for (const a of args) {
        if (a.dynamic) continue;
        if (a.value === '--insecure') report({ messageId: 'option', span: a, data: { tool: 'curl', option: '--insecure' }, fixes: drop('Remove --insecure', a) });
        const k = a.raw === a.value ? insecureInCluster(a.value) : -1;
        if (k !== -1) {
          const at = a.start + k;
          const fix: Fix[] = a.value.length === 2 ? drop('Remove -k', a) : [{ title: 'Remove k (--insecure) from the options', kind: 'suggestion', edits: [{ start: at, end: at + 1, text: '' }] }];
          report({ messageId: 'option', span: a.value.length === 2 ? a : { start: at, end: at + 1 }, data: { tool: 'curl', option: a.value.length === 2 ? '-k' : `-k (in ${a.value})` }, fixes: fix });
        }
      }
    }
    for (const { args } of invocationsIn(file, 'wget')) {
      for (const a of args) if (a.value === '--no-check-certificate') report({ messageId: 'option', span: a, data: { tool: 'wget', option: a.value }, fixes: drop('Remove --no-check-certificate', a) });
    }
    for (const { args } of invocationsIn(file, 'aws')) {
      for (const a of args) if (a.value === '--no-verify-ssl') report({ messageId: 'option', span: a, data: { tool: 'aws', option: a.value }, fixes: drop('Remove --no-verify-ssl', a) });
    }
    for (const { args } of invocationsIn(file, 'git')) gitSslVerify(args, report);
    // Reading a file's variable assignments walks its whole tree: only when one of the variables is named.
    const envNamed = ENV_NAMES.some((n) => text.includes(n));
    for (const env of envNamed ? envAssignments(file) : []) {
      const off = ENV_OFF[env.name];
      if (!off || env.value === undefined || !off(env.value)) continue;
      const tool = env.name === 'PYTHONHTTPSVERIFY' ? 'Python urllib' : env.name === 'NODE_TLS_REJECT_UNAUTHORIZED' ? 'Node.js' : 'git';
      report({ messageId: 'envVariable', span: { start: env.nameSpan.start, end: env.valueSpan.end }, data: { name: env.name, value: env.value, tool } });
    }
    if (file.kind === 'python' && file.syntax) {
      for (const call of pythonCalls(file.syntax)) {
        const verify = call.keywords.get('verify');
        if (verify && pythonBool(verify.value) === false && (VERIFY_CALL.test(call.qualified) || /^(requests|httpx)\b/.test(call.qualified))) {
          report({
            messageId: 'pythonVerify',
            span: spanOf(verify.node),
            data: { call: call.callee },
            fixes: [{ title: 'Verify certificates (verify=True)', kind: 'suggestion', edits: [{ ...spanOf(verify.value), text: 'True' }] }],
          });
        }
      }
      // Called or assigned (`ssl._create_default_https_context = ssl._create_unverified_context`): either way every urllib connection trusts anyone.
      for (const node of text.includes('_create_unverified_context') ? descendants(file.syntax.rootNode, 'attribute') : []) {
        if (node.text.replace(/\s+/g, '') !== 'ssl._create_unverified_context') continue;
        report({
          messageId: 'unverifiedContext',
          span: spanOf(node),
          fixes: [{ title: 'Use ssl.create_default_context', kind: 'suggestion', edits: [{ ...spanOf(node), text: 'ssl.create_default_context' }] }],
        });
      }
    }
    if (file.kind === 'powershell' && file.syntax) {
      for (const cmd of psCommands(file.syntax)) {
        // PowerShell runs no line of a script that fails to parse (see psUnparsed).
        if (psUnparsed(cmd.node)) continue;
        const program = psProgram(cmd);
        if (program === 'curl' || program === 'wget') {
          // curl.exe / wget.exe called from PowerShell take the same flags.
          for (const el of cmd.elements) {
            const v = psValue(el.node).value;
            if (v === '-k' || v === '--insecure' || v === '--no-check-certificate') report({ messageId: 'option', span: spanOf(el.node), data: { tool: program, option: v }, fixes: drop(`Remove ${v}`, spanOf(el.node)) });
          }
        }
        if (!/^(invoke-webrequest|invoke-restmethod|iwr|irm)$/.test(program)) continue;
        // Each occurrence is its own finding, so removing one never uncovers another.
        for (const skip of psParams(cmd, ['SkipCertificateCheck'], 5)) {
          // `-SkipCertificateCheck:$false` keeps verification on.
          if (skip.colonValue && /^\$false$/i.test(skip.colonValue.text)) continue;
          const span = skip.colonValue ? { start: skip.node.startIndex, end: skip.colonValue.endIndex } : spanOf(skip.node);
          report({ messageId: 'skipCertificateCheck', span, data: { cmdlet: cmd.name }, fixes: drop('Remove -SkipCertificateCheck', span) });
        }
      }
    }

    function gitSslVerify(args: ShellWord[], rep: typeof report): void {
      for (let i = 0; i < args.length; i++) {
        const a = args[i];
        // `git -c http.sslVerify=false clone ...` and `git config [--global] http.sslVerify false`.
        const inline = a.value === '-c' ? args[i + 1] : undefined;
        const m = inline && /^http(\.[^=]*)?\.sslverify=(false|no|off|0)$/i.exec(inline.value);
        if (inline && m) {
          const eq = inline.raw.indexOf('=');
          const fixes: Fix[] = inline.raw === inline.value ? [{ title: 'Set http.sslVerify=true', kind: 'suggestion', edits: [{ start: inline.start + eq + 1, end: inline.end, text: 'true' }] }] : [];
          rep({ messageId: 'option', span: inline, data: { tool: 'git', option: `-c ${inline.value}` }, fixes });
        }
        if (/^http(\..*)?\.sslverify$/i.test(a.value) && args.slice(0, i).some((x) => x.value === 'config') && /^(false|no|off|0)$/i.test(args[i + 1]?.value ?? '')) {
          const v = args[i + 1];
          rep({ messageId: 'option', span: { start: a.start, end: v.end }, data: { tool: 'git config', option: `${a.value} ${v.value}` }, fixes: [{ title: 'Set http.sslVerify true', kind: 'suggestion', edits: [{ start: v.start, end: v.end, text: 'true' }] }] });
        }
      }
    }
  },
});
