// Detached OpenPGP signatures beside model files, so a poisoned or swapped model is caught before it
// is loaded (pickle and torch.load execute code). Signing goes through the user's own gpg (their keys
// live there, as for commit signing); verification is openpgp.js against the workspace's trusted keys
// (trustedKeys.ts), streaming the model so a multi-GB file is never held in memory. No vscode import.
import { execFile } from 'node:child_process';
import { createReadStream, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
// require(), not import: esbuild then bundles openpgp's CommonJS build; its ESM build needs import.meta.url, which a CommonJS bundle lacks.
import openpgp = require('openpgp');
import type { TrustedKey } from './trustedKeys';

/** Model formats whose loading can run code or whose swap changes behaviour silently. */
export const MODEL_EXTENSIONS = ['.pt', '.pth', '.pkl', '.pickle', '.onnx', '.safetensors'];

export function isModelFile(file: string): boolean {
  return MODEL_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

/** The detached signature's name: `model.pt.asc` (armored, reviewable in a diff). */
export function signatureFile(model: string): string {
  return `${model}.asc`;
}

export function gpgSignArgs(model: string, keyId: string | undefined): string[] {
  return ['--batch', '--yes', '--armor', '--detach-sign', ...(keyId ? ['--local-user', keyId] : []), '--output', signatureFile(model), '--', model];
}

/** Runs `gpg --detach-sign`; `env` carries GNUPGHOME when set. No shell, fixed arguments. */
export function signModel(model: string, keyId: string | undefined, env: NodeJS.ProcessEnv = process.env, gpg = 'gpg'): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(gpg, gpgSignArgs(model, keyId), { env, timeout: 120_000, maxBuffer: 1 << 20 }, (err, _stdout, stderr) => {
      if (err) reject(new Error(`gpg could not sign ${path.basename(model)}: ${String(stderr).trim() || err.message}`));
      else resolve(signatureFile(model));
    });
  });
}

export type Verdict =
  | { status: 'valid'; signer: TrustedKey; keyId: string; created?: Date }
  | { status: 'untrusted'; keyId: string; reason: string }
  | { status: 'invalid'; keyId: string; reason: string }
  | { status: 'missing'; reason: string };

export async function verifyModel(model: string, trusted: readonly TrustedKey[], sigPath = signatureFile(model)): Promise<Verdict> {
  let armored: string;
  try {
    armored = await fsp.readFile(sigPath, 'utf8');
  } catch {
    return { status: 'missing', reason: `no signature file ${path.basename(sigPath)} beside the model` };
  }
  let signature: openpgp.Signature;
  try {
    signature = await openpgp.readSignature({ armoredSignature: armored });
  } catch (err) {
    return { status: 'invalid', keyId: '', reason: `the signature file is not an OpenPGP signature (${(err as Error).message})` };
  }
  const keyId = signature.getSigningKeyIDs()[0]?.toHex().toUpperCase() ?? '';
  const signer = trusted.find((t) => t.key.getKeys().some((k) => k.getKeyID().toHex().toUpperCase() === keyId));
  if (!signer) return { status: 'untrusted', keyId, reason: `signed by key ${keyId}, which is not among the trusted keys` };
  const data = Readable.toWeb(createReadStream(model, { highWaterMark: 1 << 20 })) as unknown as ReadableStream<Uint8Array>;
  const message = await openpgp.createMessage({ binary: data });
  try {
    const result = await openpgp.verify({ message, signature, verificationKeys: [signer.key], format: 'binary', expectSigned: false });
    // The hash is only known once the data stream has been read to the end.
    const reader = (result.data as unknown as ReadableStream<Uint8Array>).getReader();
    while (!(await reader.read()).done);
    const sig = result.signatures[0];
    await sig.verified;
    const packet = await sig.signature;
    return { status: 'valid', signer, keyId, created: packet.packets[0]?.created ?? undefined };
  } catch (err) {
    return { status: 'invalid', keyId, reason: (err as Error).message };
  }
}

export function describeVerdict(model: string, v: Verdict): string {
  const name = path.basename(model);
  switch (v.status) {
    case 'valid':
      return `${name}: good signature by ${v.signer.userIds[0] ?? v.keyId} (${v.signer.fingerprint})`;
    case 'untrusted':
      return `${name}: ${v.reason}`;
    case 'invalid':
      return `${name}: BAD signature${v.keyId ? ` from ${v.keyId}` : ''}: the model does not match what was signed (${v.reason})`;
    case 'missing':
      return `${name}: ${v.reason}`;
  }
}
