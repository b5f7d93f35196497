// Flags Windows firewall changes that open a workstation to any address: inbound allow rules without a
// -RemoteAddress (or with Any), notebook and model-serving ports (Jupyter 8888, uvicorn/FastAPI 8000,
// TensorBoard 6006, Flask/MLflow 5000...) reachable from anywhere, and the firewall switched off
// (`Set-NetFirewallProfile -Enabled False`, `-DefaultInboundAction Allow`, `netsh advfirewall set ... state off`).
import { defineRule } from '../../defineRule';
import { descendants, type SyntaxNode } from '../../parsers/treeSitter';
import { psProgram, psUnparsed, psValue, type PsCommand } from '../../parsers/treeSitterPowershell';
import type { ReportDescriptor, Span } from '../../types';
import { NEW_NET_FIREWALL_RULE, SET_NET_FIREWALL_PROFILE, boundParams, commandsNamed, psItems, type BoundParam, commandsOf } from './cmdlets';

/** Ports of notebooks and model servers, with what usually listens there. */
const SERVING_PORTS: Record<number, string> = {
  8888: 'Jupyter',
  8000: 'a model API (uvicorn, FastAPI, Django)',
  6006: 'TensorBoard',
  5000: 'Flask or the MLflow UI',
  7860: 'Gradio',
  8501: 'Streamlit',
  8080: 'a model server (TorchServe, KServe)',
};

/** RemoteAddress keywords and ranges that mean anyone: Internet is every address outside the intranet. */
const ANY = /^(any|\*|0\.0\.0\.0\/0|::\/0|internet[46]?)$/i;

const spanOf = (n: SyntaxNode): Span => ({ start: n.startIndex, end: n.endIndex });
const text = (n: SyntaxNode | undefined) => (n ? psValue(n).value.trim() : undefined);

/** The serving port a LocalPort value opens, if any: `8888`, `8000-8010`, `"8888,6006"`. */
function servingPort(value: SyntaxNode): number | undefined {
  for (const item of psItems(value)) {
    if (item.dynamic) continue;
    for (const part of item.value.split(',')) {
      const m = /^\s*(\d+)(?:\s*-\s*(\d+))?\s*$/.exec(part);
      if (!m) continue;
      const lo = Number(m[1]);
      const hi = m[2] ? Number(m[2]) : lo;
      const hit = Object.keys(SERVING_PORTS).map(Number).find((p) => p >= lo && p <= hi);
      if (hit !== undefined) return hit;
    }
  }
  return undefined;
}

export default defineRule({
  id: 'powershell/firewall-inbound-any',
  title: 'Firewall open to any address',
  description: 'An inbound allow rule without a -RemoteAddress (or with Any), a notebook or model-serving port open to every address, or the Windows firewall switched off exposes the workstation that holds datasets and models to the whole network.',
  severity: 'warning',
  appliesTo: ['powershell'],
  fixKind: 'suggestion',
  keywords: ['NetFirewall', 'advfirewall', 'netsh'],
  messages: {
    servingPortAny: 'This inbound rule opens port {{port}} ({{service}}) to any remote address: anyone who can reach the machine can use the notebook or model server. Limit it with -RemoteAddress (a VPN range, or LocalSubnet).',
    inboundAny: 'This inbound allow rule has no remote address restriction ({{remote}}): every host that can reach the machine matches it. Limit it with -RemoteAddress (a VPN range, or LocalSubnet).',
    profileDisabled: 'Set-NetFirewallProfile -Enabled {{value}} switches the Windows firewall off for these profiles: every listening port (notebooks, model servers, SMB) becomes reachable.',
    defaultInboundAllow: 'Set-NetFirewallProfile -DefaultInboundAction Allow lets in every connection no rule blocks: the firewall stops protecting listening ports.',
    netshOff: 'netsh advfirewall ... state off switches the Windows firewall off: every listening port (notebooks, model servers, SMB) becomes reachable.',
  },
  check(file, report) {
    const tree = file.syntax;
    if (!tree) return;
    const cmds = commandsOf(tree).filter((c) => !psUnparsed(c.node));
    for (const cmd of commandsNamed(cmds, 'New-NetFirewallRule')) checkRule(cmd, file.text, report);
    for (const cmd of commandsNamed(cmds, 'Set-NetFirewallProfile')) {
      for (const b of boundParams(cmd, SET_NET_FIREWALL_PROFILE, ['All', 'AsJob', 'PassThru', 'WhatIf', 'Confirm'])) {
        const v = text(b.value);
        if (!b.value || v === undefined) continue;
        // -Enabled is a GpoBoolean enum: False (0), True (1), NotConfigured (2); $false is refused by the binder.
        if (b.name === 'Enabled' && /^(false|0)$/i.test(v)) {
          report({ messageId: 'profileDisabled', span: spanOf(b.value), data: { value: v }, fixes: [{ title: 'Use -Enabled True', kind: 'suggestion', edits: [{ ...spanOf(b.value), text: 'True' }] }] });
        }
        if (b.name === 'DefaultInboundAction' && /^allow$/i.test(v)) {
          report({ messageId: 'defaultInboundAllow', span: spanOf(b.value), fixes: [{ title: 'Use -DefaultInboundAction Block', kind: 'suggestion', edits: [{ ...spanOf(b.value), text: 'Block' }] }] });
        }
      }
    }
    for (const cmd of cmds.filter((c) => psProgram(c) === 'netsh')) {
      const args = cmd.elements.flatMap((e) => (e.kind === 'arg' ? [e.node] : []));
      const words = args.map((a) => psValue(a).value.toLowerCase());
      // netsh advfirewall set allprofiles|currentprofile|domainprofile|privateprofile|publicprofile state off
      if (words[0] === 'advfirewall' && words[1] === 'set' && /profile(s)?$/.test(words[2] ?? '') && words[3] === 'state' && words[4] === 'off') {
        report({ messageId: 'netshOff', span: spanOf(args[4]), fixes: [{ title: 'Use state on', kind: 'suggestion', edits: [{ ...spanOf(args[4]), text: 'on' }] }] });
      }
    }
  },
});


/**
 * Where ` -RemoteAddress LocalSubnet` can go: after the command's last word (tree-sitter counts blanks before a
 * `|` or a comment into the command), and only when the command ends its statement there (a line break, `;`,
 * `|`, `}`, `)`, a comment or the end of the text follows). Around a syntax error tree-sitter may end the command
 * in the middle of a word or before an unterminated string, and text appended there would land inside it
 * (found by the fuzzer).
 */
const STATEMENT_END = /[ \t]*(?:$|[\r\n;|})#])/y;
function appendAt(cmd: PsCommand, source: string): number | undefined {
  let at = cmd.node.endIndex;
  while (at > cmd.node.startIndex && (source[at - 1] === ' ' || source[at - 1] === '\t')) at--;
  STATEMENT_END.lastIndex = at;
  return STATEMENT_END.test(source) ? at : undefined;
}

function checkRule(cmd: PsCommand, source: string, report: (d: ReportDescriptor) => void): void {
  const params = new Map<string, BoundParam>();
  for (const b of boundParams(cmd, NEW_NET_FIREWALL_RULE, ['AsJob', 'WhatIf', 'Confirm'])) params.set(b.name, b);
  const direction = params.get('Direction');
  const action = params.get('Action');
  const enabled = params.get('Enabled');
  const remote = params.get('RemoteAddress');
  // New-NetFirewallRule defaults to -Direction Inbound -Action Allow -Enabled True.
  if (direction && !/^inbound$/i.test(text(direction.value) ?? '')) return;
  if (action && !/^allow$/i.test(text(action.value) ?? '')) return;
  if (enabled && /^(false|0)$/i.test(text(enabled.value) ?? '')) return;
  let anyItem: SyntaxNode | undefined;
  if (remote) {
    if (!remote.value) return;
    const items = psItems(remote.value);
    if (items.some((i) => i.dynamic)) return;
    anyItem = items.find((i) => ANY.test(i.value.trim()))?.node;
    if (!anyItem) return;
  }
  const local = params.get('LocalPort')?.value;
  const port = local ? servingPort(local) : undefined;
  // Where the finding goes: the `Any` value, else the serving port, else `-Direction Inbound` or the cmdlet name.
  const where = anyItem ?? (port !== undefined ? local! : direction?.value ? { startIndex: direction.param.node.startIndex, endIndex: direction.value.endIndex } : cmd.nameNode);
  const span = { start: where.startIndex, end: where.endIndex };
  const at = anyItem ? undefined : appendAt(cmd, source);
  const fix = anyItem
    ? { title: 'Use -RemoteAddress LocalSubnet', kind: 'suggestion' as const, edits: [{ start: remote!.value!.startIndex, end: remote!.value!.endIndex, text: 'LocalSubnet' }] }
    : at !== undefined
      ? { title: 'Add -RemoteAddress LocalSubnet', kind: 'suggestion' as const, edits: [{ start: at, end: at, text: ' -RemoteAddress LocalSubnet' }] }
      : undefined;
  const fixes = fix ? [fix] : [];
  if (port !== undefined) report({ messageId: 'servingPortAny', span, data: { port, service: SERVING_PORTS[port] }, fixes });
  else report({ messageId: 'inboundAny', span, data: { remote: anyItem ? `-RemoteAddress ${anyItem.text}` : 'no -RemoteAddress' }, fixes });
}
