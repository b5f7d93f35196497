// Runs `nginx -t` on a config fragment the way nginx would load it: included inside `http {}` (or inside a
// `server {}` for location snippets, or as the main config when it is one), with every absolute /etc/nginx
// path mapped into a temp prefix, stub self-signed certificates made by openssl, and empty key/password
// files, so nothing outside the temp dir is read or written. Installs nothing: callers skip without nginx.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseNginx } from '../../server/src/engine/parsers/nginx';

export function nginxBinary(): string | undefined {
  const r = spawnSync('sh', ['-c', 'command -v nginx || ls /usr/sbin/nginx 2>/dev/null'], { encoding: 'utf8' });
  const path = r.stdout.trim().split('\n')[0];
  return path ? path : undefined;
}

export function opensslBinary(): string | undefined {
  const r = spawnSync('sh', ['-c', 'command -v openssl'], { encoding: 'utf8' });
  return r.stdout.trim() || undefined;
}

export interface NginxTestResult {
  ok: boolean;
  output: string;
}

/** `nginx -t` on `text`, read as a file whose top level is in `context` ('main', 'http' or 'server'). */
export function nginxTest(text: string, context: 'main' | 'http' | 'server'): NginxTestResult {
  const dir = mkdtempSync(join(tmpdir(), 'twinguard-nginx-'));
  try {
    const etc = join(dir, 'etc', 'nginx');
    mkdirSync(join(dir, 'logs'), { recursive: true });
    mkdirSync(etc, { recursive: true });
    const mapped = text.replace(/\/etc\/nginx\//g, `${etc}/`);
    // Every file the config names: certificates get the stub pair, other included or referenced files an empty file.
    const stub = join(dir, 'stub');
    mkdirSync(stub);
    const cert = join(stub, 'cert.pem');
    const key = join(stub, 'key.pem');
    const gen = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=twinguard.test'], { encoding: 'utf8' });
    if (gen.status !== 0) throw new Error(`openssl failed: ${gen.stderr}`);
    for (const d of parseNginx(mapped).all()) {
      const path = d.args[0]?.value;
      if (!path || !path.startsWith(dir)) continue;
      mkdirSync(dirname(path), { recursive: true });
      if (existsSync(path)) continue;
      if (d.name === 'ssl_certificate' || d.name === 'ssl_trusted_certificate' || d.name === 'ssl_client_certificate') copyFileSync(cert, path);
      else if (d.name === 'ssl_certificate_key') copyFileSync(key, path);
      else if (!path.includes('*')) writeFileSync(path, '');
    }
    const fragment = join(dir, 'fragment.conf');
    writeFileSync(fragment, mapped);
    const main = join(dir, 'harness.conf');
    if (context === 'main') writeFileSync(main, mapped);
    else if (context === 'http') writeFileSync(main, `events {}\nhttp {\n    include ${fragment};\n}\n`);
    else writeFileSync(main, `events {}\nhttp {\n    server {\n        listen 127.0.0.1:8080;\n        include ${fragment};\n    }\n}\n`);
    const r = spawnSync(nginxBinary()!, ['-t', '-p', `${dir}/`, '-c', main, '-g', `pid ${dir}/nginx.pid; error_log ${dir}/logs/error.log;`], { encoding: 'utf8' });
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}`.replaceAll(dir, '<tmp>') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
