// Shared by the auditd/* rules: each audit rule of a file (rules-file lines, `auditctl` commands in scripts)
// read into options once per scan, and the key a fix suggests for a watch.
import { readAuditOptions, type AuditOption, type AuditProblem, type AuditRule } from '../../parsers/auditd';
import type { SourceFile } from '../../types';
import { trimEndChars } from '../../strings';

export interface ReadRule {
  rule: AuditRule;
  options: AuditOption[];
  problems: AuditProblem[];
}

const cache = new WeakMap<SourceFile, ReadRule[]>();

export function readRules(file: SourceFile): ReadRule[] {
  let read = cache.get(file);
  if (!read) {
    read = file.auditd.map((rule) => ({ rule, ...readAuditOptions(rule, file.text) }));
    cache.set(file, read);
  }
  return read;
}

/** The man page of auditctl(8): "The filter key is an arbitrary string of text that can be up to 31 bytes long." */
export const MAX_KEY_LENGTH = 31;

/** Model file extensions (the ones TwinGuard reads as models): their watches get the `model_access` key. */
const MODEL_FILE = /\.(pkl|pickle|joblib|dill|pt|pth|ckpt|bin|npy|npz|safetensors|keras|h5|onnx)$/i;

export const MODEL_KEY = 'model_access';

/** `model_access` for a model file, else `<name>_access` from the path's last part (letters, digits, `_`, `-`). */
export function keyForPath(path: string): string {
  if (MODEL_FILE.test(path)) return MODEL_KEY;
  const name = trimEndChars(path, '/').split('/').pop() ?? '';
  const clean = trimEndChars(name.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+/, ''), '_');
  const key = `${clean || 'watch'}_access`;
  return key.length <= MAX_KEY_LENGTH ? key : key.slice(0, MAX_KEY_LENGTH);
}

/** Where text appended to a rule goes: after its last option or value, before a trailing comment. */
export function ruleEnd(r: ReadRule): number {
  let end = r.rule.start;
  for (const o of r.options) end = Math.max(end, o.flag.end, o.value?.end ?? 0);
  for (const p of r.problems) if (p.kind === 'strayWord' || p.kind === 'unknownOption') end = Math.max(end, p.word.end);
  return end;
}
