// Shared by the model rules: where a finding in a model file is placed, and the same finding repeated
// at each Python call that loads that file by literal path (`torch.load("models/x.pt")`).
import type { ReportDescriptor, SourceFile, Span } from '../../types';
import { allPickles, spanOffset, whereIn, type ModelInfo, type ModelPickle } from '../../parsers/model';
import type { PickleImport } from '../../parsers/pickle';

/**
 * The span of a finding at `offset` of a pickle. Model findings show at 1:1 of the binary file; the span is
 * their identity and order: the file offset, or for a pickle inside a deflated entry or a decompressed
 * stream (whose offsets are not file offsets) the entry's offset, widened by the inner offset so that two
 * findings in one entry stay two.
 */
export function spanAt(p: ModelPickle, offset: number): Span {
  const start = spanOffset(p, offset);
  return { start, end: p.inner ? start + 1 + offset : start + 1 };
}

export interface ImportHit {
  pickle: ModelPickle;
  imp: PickleImport;
  /** Offset of the first call of this import, if the pickle calls it. */
  callOffset?: number;
}

/** The first import of each distinct global matching `pick`, per pickle, with the call that uses it. */
export function importHits(model: ModelInfo, pick: (imp: PickleImport) => boolean): ImportHit[] {
  const hits: ImportHit[] = [];
  for (const p of allPickles(model)) {
    const seen = new Set<string>();
    for (const imp of p.imports) {
      const name = `${imp.module}.${imp.name}`;
      if (seen.has(name) || !pick(imp)) continue;
      seen.add(name);
      const call = p.calls.find((c) => c.target === imp && c.opcode !== 'BUILD');
      hits.push({ pickle: p, imp, callOffset: call?.offset });
    }
  }
  return hits;
}

export function describeHit(h: ImportHit): { callable: string; where: string } {
  return { callable: `${h.imp.module}.${h.imp.name}`, where: whereIn(h.pickle, h.imp.offset) };
}

/**
 * Reports at each load call of a Python file whose model file has hits. `summary` turns a model's hits
 * into the message data (the first hit and the count), or undefined when the model is clean for the rule.
 */
export function reportLoadSites(
  file: SourceFile,
  report: (d: ReportDescriptor) => void,
  messageId: string,
  summary: (model: ModelInfo) => Record<string, string | number> | undefined,
): void {
  for (const load of file.modelLoads) {
    if (!load.resolved) continue;
    const data = summary(load.resolved.model);
    if (data) report({ messageId, span: load.span, data: { call: load.callee, model: load.path, ...data } });
  }
}
