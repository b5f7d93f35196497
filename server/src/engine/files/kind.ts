// Decides what kind of file a text is, from (in order) the editor's language id, the file name, the shebang.
import type { FileKind } from '../types';
import { trimEndChars } from '../strings';

const BY_LANGUAGE_ID: Record<string, FileKind> = {
  nginx: 'nginx',
  shellscript: 'shell',
  bash: 'shell',
  sh: 'shell',
  zsh: 'shell',
  powershell: 'powershell',
  python: 'python',
  yaml: 'yaml',
  'github-actions-workflow': 'yaml',
  dockercompose: 'yaml',
  terraform: 'terraform',
  hcl: 'terraform',
  json: 'json',
  jsonc: 'json',
  dotenv: 'dotenv',
  dockerfile: 'dockerfile',
  auditd: 'auditd',
};

const BY_EXTENSION: Record<string, FileKind> = {
  '.conf': 'nginx', // narrowed below: only nginx-looking .conf files
  '.nginx': 'nginx',
  '.sh': 'shell',
  '.bash': 'shell',
  '.zsh': 'shell',
  '.ksh': 'shell',
  '.ps1': 'powershell',
  '.psm1': 'powershell',
  '.psd1': 'powershell',
  '.py': 'python',
  '.pyw': 'python',
  '.pyi': 'python',
  '.yml': 'yaml',
  '.yaml': 'yaml',
  '.tf': 'terraform',
  '.tfvars': 'terraform',
  '.hcl': 'terraform',
  '.json': 'json',
  '.jsonc': 'json',
  '.ipynb': 'notebook',
  // Model files: read as bytes (pickles, PyTorch zip, joblib, NumPy, safetensors, Keras), never as text.
  '.pkl': 'model',
  '.pickle': 'model',
  '.joblib': 'model',
  '.dill': 'model',
  '.pt': 'model',
  '.pth': 'model',
  '.ckpt': 'model',
  '.bin': 'model',
  '.npy': 'model',
  '.npz': 'model',
  '.safetensors': 'model',
  '.keras': 'model',
};

/** Interpreters named on a `#!` line: `#!/bin/bash`, `#!/usr/bin/env -S python3 -u`. */
const SHEBANG_INTERPRETERS: Record<string, FileKind> = {
  sh: 'shell',
  bash: 'shell',
  dash: 'shell',
  zsh: 'shell',
  ksh: 'shell',
  ash: 'shell',
  pwsh: 'powershell',
  powershell: 'powershell',
  python: 'python',
};

function basename(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return path.slice(i + 1);
}

function extension(name: string): string {
  const i = name.lastIndexOf('.');
  return i > 0 ? name.slice(i).toLowerCase() : '';
}

/** The interpreter's kind from a shebang line, ignoring `env`, its flags and version suffixes. */
export function kindFromShebang(text: string): FileKind | undefined {
  if (!text.startsWith('#!')) return undefined;
  const firstLine = text.slice(2, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  const words = firstLine.trim().split(/\s+/);
  let program = basename(words[0] ?? '');
  if (program === 'env') {
    // `env -S cmd args` and `env VAR=x cmd`: the first word that is neither a flag nor an assignment.
    program = basename(words.slice(1).find((w) => !w.startsWith('-') && !w.includes('=')) ?? '');
  }
  // python3, python3.11, bash5 -> python, bash
  const bare = trimEndChars(program, '0123456789.');
  return SHEBANG_INTERPRETERS[bare];
}

/** nginx config lives in `*.conf`, `nginx.conf`, and `sites-available|sites-enabled|conf.d` folders. */
function isNginxPath(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  return /(^|\/)nginx[^/]*\.conf$/.test(p) || /(^|\/)(sites-available|sites-enabled|conf\.d|nginx)\//.test(p);
}

/** Whether a `.conf` text looks like nginx: a `server {`, `http {`, `location ... {` or `upstream ... {` block. */
function looksLikeNginx(text: string): boolean {
  // Line by line, each line against an anchored pattern: one regex over the text in `m` mode retried from
  // every line start scans ahead as far as `[^;{]*` reaches (quadratic). A head whose `{` stands on the next
  // line (`location /x\n{`) counts.
  const lines = text.slice(0, 64 * 1024).split('\n');
  return lines.some((line, i) => {
    const m = /^\s*(?:http|server|location|upstream|events|stream)\b[^;{]*(\{)?/.exec(line);
    return !!m && (m[1] !== undefined || (m[0].length === line.length && /^\s*\{/.test(lines[i + 1] ?? '')));
  });
}

/** Kinds named by the whole file name: `.env`, `.env.production`, `prod.env`, `Dockerfile`, `Dockerfile.gpu`, `Containerfile`. */
function kindFromName(name: string): FileKind | undefined {
  if (/^\.env(\.[^/\\]+)?$/.test(name) || /\.env$/.test(name)) return 'dotenv';
  if (/^(Dockerfile|Containerfile)(\.[^/\\]+)?$/i.test(name) || /\.dockerfile$/i.test(name)) return 'dockerfile';
  if (name === 'audit.rules') return 'auditd';
  return undefined;
}

/** `*.rules` files that auditd loads: below a folder named `audit` (`audit/x.rules`, `/etc/audit/rules.d/x.rules`). */
function isAuditRulesPath(path: string): boolean {
  const parts = path.replace(/\\/g, '/').split('/');
  const name = parts[parts.length - 1];
  return name.length > '.rules'.length && name.endsWith('.rules') && parts.slice(0, -1).includes('audit');
}

export function detectKind(path: string, text: string, languageId?: string): FileKind {
  if (languageId && BY_LANGUAGE_ID[languageId]) return BY_LANGUAGE_ID[languageId];
  const name = basename(path);
  const ext = extension(name);
  if (isNginxPath(path) && (ext === '' || ext === '.conf' || ext === '.nginx')) return 'nginx';
  const byName = kindFromName(name);
  if (byName) return byName;
  if (ext === '.rules' && isAuditRulesPath(path)) return 'auditd';
  const byExt = BY_EXTENSION[ext];
  // Only `.conf` is ambiguous (supervisord, resolv.conf...); `.nginx` is nginx whatever it holds.
  if (ext === '.conf') return looksLikeNginx(text) ? 'nginx' : 'text';
  if (byExt) return byExt;
  return kindFromShebang(text) ?? 'text';
}
