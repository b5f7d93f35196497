// The model side of a scan: a model file's bytes parsed once per scan, and for Python files the model
// files their load calls name, opened through the front end's `openFile` (the engine has no fs).
import type { FileKind, ModelLoad, ScanInput } from './types';
import { parseModel, type ModelInfo } from './parsers/model';
import { candidatePaths, findModelLoads } from './parsers/pythonLoads';
import { detectKind } from './files/kind';

/** A binary file has no lines: model findings sit at 1:1 and name their byte offset in the message. */
export const MODEL_POSITION = { line: 1, column: 1 } as const;

export class ModelSources {
  private parsed?: ModelInfo;
  private calls?: ModelLoad[];

  constructor(
    private readonly input: ScanInput,
    private readonly kind: FileKind,
    private readonly root?: string,
  ) {}

  get model(): ModelInfo | undefined {
    if (this.kind !== 'model' || !this.input.bytes) return undefined;
    return (this.parsed ??= parseModel(this.input.path, this.input.bytes));
  }

  get loads(): ModelLoad[] {
    if (this.calls) return this.calls;
    this.calls = [];
    if (this.kind !== 'python') return this.calls;
    const opened = new Map<string, { path: string; model: ModelInfo } | undefined>();
    for (const call of findModelLoads(this.input.text)) {
      const load: ModelLoad = { ...call };
      this.calls.push(load);
      // Every candidate ends with the literal's file name: one that is no model file's (`data.parquet`)
      // names no model to open, wherever it is looked for.
      const parts = call.path.split(/[\\/]+/).filter((part) => part !== '' && part !== '.');
      if (!parts.includes('..') && (parts.length === 0 || detectKind(parts[parts.length - 1], '') !== 'model')) continue;
      for (const candidate of candidatePaths(this.input.path, call.path, this.root)) {
        if (!opened.has(candidate)) {
          let bytes;
          try {
            bytes = this.input.openFile?.(candidate);
          } catch {
            bytes = undefined; // a file that cannot be opened is one we cannot judge, not an engine error
          }
          opened.set(candidate, bytes ? { path: candidate, model: parseModel(candidate, bytes) } : undefined);
        }
        const hit = opened.get(candidate);
        if (hit) {
          load.resolved = hit;
          break;
        }
      }
    }
    return this.calls;
  }
}

/** Why a model file is not analysed, or undefined. */
export function modelSkipReason(input: ScanInput): string | undefined {
  return input.bytes ? undefined : 'model file given without its bytes';
}
