// Flags a location that proxies to a backend (the model API: proxy_pass, uwsgi_pass, grpc_pass, fastcgi_pass)
// with no `limit_req` in it or inherited from server/http: anyone can query the model as fast as the network
// allows, which is how models get scraped and extracted, and how inference costs explode.
import { defineRule } from '../../defineRule';
import type { Fix, TextEdit } from '../../types';
import { httpLevelInsert, insertFirstInBlock, proxies } from './helpers';

export const DEFAULT_ZONE = 'model_api';
export const ZONE_LINE = `limit_req_zone $binary_remote_addr zone=${DEFAULT_ZONE}:10m rate=5r/s;`;

export default defineRule({
  id: 'nginx/model-route-without-rate-limit',
  title: 'Proxied model route without a rate limit',
  description: 'A location that proxies to a backend has no `limit_req` of its own or inherited, so clients can call the model without limit.',
  severity: 'warning',
  appliesTo: ['nginx'],
  fixKind: 'suggestion',
  messages: {
    noLimit: 'location {{location}} passes requests to {{target}} with no limit_req here or inherited: clients can query the model without limit (scraping, model extraction, cost). Add a limit_req.',
  },
  check(file, report) {
    const tree = file.nginxTree;
    // Zones the config already defines (anywhere in the known include tree): reuse one instead of adding another.
    const zones = [...new Set(tree.named(['limit_req_zone']).map((d) => /zone=([^:\s]+)/.exec(d.args.map((a) => a.value).join(' '))?.[1]).filter((z): z is string => !!z))];
    for (const loc of file.nginx.all()) {
      if (loc.name !== 'location' || !loc.block) continue;
      const pass = proxies(loc);
      if (!pass) continue;
      if (tree.inherited(loc, ['limit_req']).length > 0) continue;
      const zone = zones[0] ?? DEFAULT_ZONE;
      const edits: TextEdit[] = [insertFirstInBlock(file.text, loc, `limit_req zone=${zone} burst=10 nodelay;`)];
      if (zones.length === 0) {
        const zoneEdit = httpLevelInsert(file, loc, [ZONE_LINE]);
        if (!zoneEdit) {
          report({ messageId: 'noLimit', span: loc.nameSpan, data: { location: loc.args.map((a) => a.value).join(' '), target: pass.args[0]?.value ?? pass.name } });
          continue;
        }
        edits.unshift(zoneEdit);
      }
      const fix: Fix = { title: zones.length > 0 ? `Add limit_req zone=${zone} to this location` : `Add a rate-limit zone "${DEFAULT_ZONE}" and limit_req to this location`, kind: 'suggestion', edits: edits.sort((a, b) => a.start - b.start) };
      report({ messageId: 'noLimit', span: loc.nameSpan, data: { location: loc.args.map((a) => a.value).join(' '), target: pass.args[0]?.value ?? pass.name }, fixes: [fix] });
    }
  },
});
