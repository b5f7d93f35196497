// "Add auditd watch for this model file": offered on Python code that writes a model to a path the code
// states (`torch.save(model, "/srv/models/twin.pt")`, `joblib.dump`, `pickle.dump` into `open(PATH, "wb")`,
// `save_pretrained(DIR)`, safetensors' `save_file`). The action runs the client's twinguard.addAuditWatch
// command, which adds `-w PATH -p rwa -k model_access` to the workspace's audit rules: the file the code
// writes is the file the serving host should watch (reference article, step 3).
import type { PythonCall } from '../parsers/treeSitterPython';
import { PythonPaths, callsOf } from '../parsers/pythonPaths';
import type { Assist, SourceFile } from '../types';

/** The client command (client/src/toolCommands.ts, addAuditWatchCmd) and the key the article searches for. */
export const ADD_AUDIT_WATCH_COMMAND = 'twinguard.addAuditWatch';
export const MODEL_ACCESS_KEY = 'model_access';
export const AUDIT_WATCH_TITLE = 'Add auditd watch for this model file';

/** What an addAuditWatch call from a code action carries. */
export interface AuditWatchArgs {
  /** The path as the code writes it; relative paths are resolved (and confirmed) by the client. */
  path: string;
  key: string;
}

/** Save calls by qualified name: which positional argument (and keyword) holds the target. */
const SAVES: { match: (c: PythonCall) => boolean; index: number; keyword: string; fileObject: boolean }[] = [
  { match: (c) => c.qualified === 'torch.save', index: 1, keyword: 'f', fileObject: true },
  { match: (c) => /^(joblib|sklearn\.externals\.joblib)\.dump$/.test(c.qualified), index: 1, keyword: 'filename', fileObject: true },
  { match: (c) => /^(pickle|cPickle|_pickle|dill|cloudpickle)\.dump$/.test(c.qualified), index: 1, keyword: 'file', fileObject: true },
  { match: (c) => /^safetensors\.[\w.]*save_file$/.test(c.qualified), index: 1, keyword: 'filename', fileObject: false },
  // model.save_pretrained("models/twin"), tokenizer.save_pretrained(DIR): a directory of weight files.
  { match: (c) => /(^|\.)save_pretrained$/.test(c.callee), index: 0, keyword: 'save_directory', fileObject: false },
];

/** Every model save in a Python file whose target path the code states. */
export function modelSaves(file: SourceFile): { call: PythonCall; path: string }[] {
  // Cheap keyword test first: most Python files save no model, and those are never parsed for this.
  if (file.kind !== 'python' || !/\b(save|dump|save_pretrained|save_file)\s*\(/.test(file.text)) return [];
  const tree = file.syntax;
  if (!tree) return [];
  const paths = new PythonPaths(tree);
  const out: { call: PythonCall; path: string }[] = [];
  for (const call of callsOf(tree)) {
    const save = SAVES.find((s) => s.match(call));
    if (!save) continue;
    const target = call.keywords.get(save.keyword)?.value ?? call.positional[save.index];
    const path = paths.pathOf(target) ?? (save.fileObject ? paths.openedPath(target) : undefined);
    if (path !== undefined && !/\s/.test(path)) out.push({ call, path });
  }
  return out;
}

export function auditWatchAssists(file: SourceFile): Assist[] {
  return modelSaves(file).map(({ call, path }) => ({
    span: { start: call.node.startIndex, end: call.node.endIndex },
    fix: {
      title: AUDIT_WATCH_TITLE,
      kind: 'suggestion',
      command: { id: ADD_AUDIT_WATCH_COMMAND, args: [{ path, key: MODEL_ACCESS_KEY } satisfies AuditWatchArgs] },
    },
  }));
}
