// Flags `resolver` pointing at a public DNS server: answers cross the network unauthenticated, so an
// on-path attacker can spoof the backend's address (proxy_pass with variables resolves at run time).
// gixy: resolver_external.
import { defineRule } from '../../defineRule';

/** Loopback, RFC 1918, link-local, ULA, and names that are clearly local (no dot, .local, .internal). */
function isLocalResolver(address: string): boolean {
  const host = address.replace(/^\[|\](:\d+)?$/g, '').replace(/:\d+$/, '').toLowerCase();
  if (/^(127\.|10\.|192\.168\.|169\.254\.)/.test(host) || /^172\.(1[6-9]|2\d|3[01])\./.test(host)) return true;
  if (host === '::1' || host === 'localhost' || /^f[cd][0-9a-f]{2}:/.test(host) || /^fe80:/.test(host)) return true;
  if (/^[\d.]+$/.test(host) || host.includes(':')) return false; // another IP literal: public
  return !host.includes('.') || /\.(local|internal|lan|svc|cluster\.local)$/.test(host);
}

export default defineRule({
  id: 'nginx/external-resolver',
  title: 'nginx resolves names through a public DNS server',
  description: 'A `resolver` outside the local network answers over UDP without authentication, so its answers can be spoofed.',
  severity: 'warning',
  appliesTo: ['nginx'],
  fixKind: 'none',
  messages: {
    external: 'resolver {{address}} is outside the local network: spoofed DNS answers can redirect proxied requests. Use a local caching resolver (127.0.0.53, a sidecar).',
  },
  check(file, report) {
    for (const d of file.nginx.all()) {
      if (d.name !== 'resolver') continue;
      for (const a of d.args) {
        if (a.value.includes('=')) continue; // valid=30s, ipv6=off, status_zone=...
        if (!isLocalResolver(a.value)) report({ messageId: 'external', span: a, data: { address: a.value } });
      }
    }
  },
});
