// Flags data moved over a protocol without encryption in transit: ftp:// and tftp (any transfer), rsync
// daemon URLs (rsync://host/ and host::module), and http:// to a host that is not this machine when a file
// is uploaded (curl -T / -d @file / -F field=@file, requests.post(..., files=...), Invoke-WebRequest -InFile)
// or downloaded with wget. Anyone on the network path reads the dataset, and can change a model on its way.
import { defineRule } from '../../defineRule';
import { invocationsIn } from '../../parsers/ciScripts';
import type { ShellWord } from '../../parsers/shell';
import { spanOf } from '../../parsers/treeSitter';
import { pythonCalls, pythonStringPrefix } from '../../parsers/treeSitterPython';
import { psCommands, psParam, psProgram, psValue, valueAfter } from '../../parsers/treeSitterPowershell';
import type { Fix, Span } from '../../types';

/** A URL's scheme and host: `http://user@host:8080/path` -> http, host. */
const URL = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i;
/** Hosts that are this machine: the traffic never crosses a network. */
const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1|0\.0\.0\.0|host\.docker\.internal)$/i;

/** curl options whose value is a file uploaded from disk. */
const CURL_UPLOAD = new Set(['-T', '--upload-file']);
const CURL_DATA = new Set(['-d', '--data', '--data-binary', '--data-raw', '--data-urlencode', '-F', '--form', '--json']);

function parseUrl(value: string): { scheme: string; host: string } | undefined {
  const m = URL.exec(value);
  return m ? { scheme: m[1].toLowerCase(), host: m[2].toLowerCase() } : undefined;
}

/** Whether a URL goes over an unencrypted protocol to another machine; `needsUpload` for http (only uploads count). */
function plaintextKind(value: string): 'ftp' | 'tftp' | 'rsync' | 'http' | undefined {
  const u = parseUrl(value);
  if (!u || LOOPBACK.test(u.host) || u.host === '') return undefined;
  if (u.scheme === 'ftp' || u.scheme === 'tftp' || u.scheme === 'rsync' || u.scheme === 'http') return u.scheme;
  return undefined;
}

/** `http://` -> `https://` (same host and path); the only protocol swap that is a drop-in. */
function httpsFix(start: number): Fix[] {
  return [{ title: 'Use https://', kind: 'suggestion', edits: [{ start, end: start + 'http'.length, text: 'https' }] }];
}

export default defineRule({
  id: 'data/plaintext-protocol',
  title: 'Data sent over an unencrypted protocol',
  description: 'A dataset or model moves over FTP, TFTP, an rsync daemon URL, or an http:// upload to another host, so anyone on the network path can read or change it.',
  severity: 'error',
  appliesTo: ['shell', 'yaml', 'dockerfile', 'python', 'powershell'],
  fixKind: 'suggestion',
  keywords: ['ftp', 'rsync', 'http://'],
  messages: {
    protocol: '{{what}} over {{protocol}}, which has no encryption: anyone on the network path can read the data and change it in transit. Use {{instead}}.',
    httpUpload: '{{what}} {{host}} over plain http://: anyone on the network path can read the data and change it in transit. Use https://.',
  },
  check(file, report) {
    const instead: Record<string, string> = { ftp: 'SFTP or HTTPS', tftp: 'SFTP or HTTPS', rsync: 'rsync over SSH (host:path)', http: 'https://' };
    const urlSpan = (w: ShellWord): Span => (w.raw === w.value ? w : { start: w.start + Math.max(0, w.raw.indexOf(w.value.slice(0, 8))), end: w.end });
    for (const { args } of invocationsIn(file, 'curl')) {
      const uploads = args.some((a, i) => CURL_UPLOAD.has(a.value) || (CURL_DATA.has(a.value) && (args[i + 1]?.value.includes('@') ?? false)));
      for (const a of args) {
        if (a.dynamic) continue;
        const kind = plaintextKind(a.value);
        if (!kind) continue;
        const span = urlSpan(a);
        if (kind === 'http') {
          if (uploads) report({ messageId: 'httpUpload', span, data: { what: 'curl uploads a file to', host: parseUrl(a.value)!.host }, fixes: httpsFix(span.start) });
        } else report({ messageId: 'protocol', span, data: { what: 'curl transfers data', protocol: kind.toUpperCase(), instead: instead[kind] } });
      }
    }
    for (const { args } of invocationsIn(file, 'wget')) {
      for (const a of args) {
        const kind = !a.dynamic ? plaintextKind(a.value) : undefined;
        if (!kind || kind === 'rsync' || kind === 'tftp') continue;
        const span = urlSpan(a);
        if (kind === 'http') report({ messageId: 'httpUpload', span, data: { what: 'wget downloads a file from', host: parseUrl(a.value)!.host }, fixes: httpsFix(span.start) });
        else report({ messageId: 'protocol', span, data: { what: 'wget downloads', protocol: 'FTP', instead: instead.ftp } });
      }
    }
    for (const { program, args } of invocationsIn(file, 'ftp', 'tftp', 'lftp', 'ncftp', 'ncftpput')) {
      // `lftp sftp://...` and `lftp -e 'set ftp:ssl-force true'` are encrypted; plain `ftp host` never is.
      if (program.value === 'lftp' && args.some((a) => /^(sftp|ftps|https):\/\//i.test(a.value) || /ssl-force\s+true/.test(a.value))) continue;
      const host = args.find((a) => !a.value.startsWith('-'));
      if (!host) continue;
      const name = program.value.replace(/^.*\//, '');
      report({ messageId: 'protocol', span: program, data: { what: `${name} transfers data`, protocol: name === 'tftp' ? 'TFTP' : 'FTP', instead: instead.ftp } });
    }
    for (const { args } of invocationsIn(file, 'rsync')) {
      for (const a of args) {
        if (a.dynamic || a.value.startsWith('-')) continue;
        // `rsync://host/module` and `host::module` talk to an rsync daemon, unencrypted; `host:path` runs over ssh.
        const daemon = /^rsync:\/\//i.test(a.value) ? !LOOPBACK.test(parseUrl(a.value)?.host ?? '') : /^[^/:]+::/.test(a.value) && !LOOPBACK.test(a.value.split('::')[0].replace(/^.*@/, ''));
        if (daemon) report({ messageId: 'protocol', span: a, data: { what: 'rsync transfers data', protocol: 'the rsync daemon protocol', instead: instead.rsync } });
      }
    }
    if (file.kind === 'python' && file.syntax) {
      for (const call of pythonCalls(file.syntax)) {
        if (/^ftplib\.FTP$/.test(call.qualified)) {
          report({ messageId: 'protocol', span: spanOf(call.calleeNode), data: { what: 'ftplib.FTP transfers data', protocol: 'FTP', instead: 'ftplib.FTP_TLS, SFTP (paramiko) or HTTPS' } });
          continue;
        }
        if (!/(^|\.)(post|put|patch|request)$/.test(call.qualified) || !/^(requests|httpx|session|s|client)\b/i.test(call.qualified)) continue;
        if (!call.keywords.has('files') && !call.keywords.has('data') && !call.keywords.has('json')) continue;
        const urlNode = call.keywords.get('url')?.value ?? call.positional[call.qualified.endsWith('request') ? 1 : 0];
        const url = pythonStringPrefix(urlNode);
        if (!urlNode || url === undefined || plaintextKind(url) !== 'http') continue;
        const start = urlNode.startIndex + urlNode.text.indexOf('http');
        report({ messageId: 'httpUpload', span: { start, end: urlNode.endIndex - 1 }, data: { what: `${call.callee} sends data to`, host: parseUrl(url)!.host }, fixes: httpsFix(start) });
      }
    }
    if (file.kind === 'powershell' && file.syntax) {
      for (const cmd of psCommands(file.syntax)) {
        if (!/^(invoke-webrequest|invoke-restmethod|iwr|irm)$/.test(psProgram(cmd)) || !psParam(cmd, ['InFile'], 3)) continue;
        const uriParam = psParam(cmd, ['Uri'], 2);
        const uriNode = uriParam ? valueAfter(cmd, uriParam) : cmd.elements.find((e) => e.kind === 'arg')?.node;
        if (!uriNode) continue;
        const v = psValue(uriNode);
        if (v.dynamic || plaintextKind(v.value) !== 'http') continue;
        const start = uriNode.startIndex + uriNode.text.indexOf('http');
        report({ messageId: 'httpUpload', span: { start, end: start + v.value.length }, data: { what: `${cmd.name} -InFile uploads a file to`, host: parseUrl(v.value)!.host }, fixes: httpsFix(start) });
      }
    }
  },
});
