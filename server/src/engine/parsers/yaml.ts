// YAML parsed once per scan with the `yaml` package, which keeps each node's source range, so rules flag
// the exact scalar (a `uses:` value) instead of re-scanning lines with a regex.
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Span } from '../types';

export interface YamlFile {
  /** Every document of the stream (`---` separated); an empty text has none. */
  documents: Document.Parsed[];
  /** Syntax errors with their ranges; documents are still built as far as they parse. */
  errors: { message: string; span: Span }[];
}

export function parseYaml(text: string): YamlFile {
  // uniqueKeys off: a duplicated key is a separate concern, not a reason to lose the rest of the tree.
  const documents = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false });
  const docs = Array.isArray(documents) ? documents : [];
  const errors = docs.flatMap((d) => d.errors.map((e) => ({ message: e.message.split('\n')[0], span: { start: e.pos[0], end: e.pos[1] } })));
  return { documents: docs, errors };
}

/** The source span of a node's value (without trailing comments or blank lines). */
export function spanOf(node: Node | null | undefined): Span | undefined {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

/** The pair of a map whose key is the plain string `key`. */
export function pairOf(map: unknown, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  return (map as YAMLMap).items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key) as Pair | undefined;
}

/** The value node under `key` in a map node. */
export function get(map: unknown, key: string): unknown {
  return pairOf(map, key)?.value ?? undefined;
}

export function items(seq: unknown): unknown[] {
  return isSeq(seq) ? seq.items : [];
}

export function entries(map: unknown): Pair[] {
  return isMap(map) ? (map.items as Pair[]) : [];
}

/** A scalar's string value, or undefined for anything else. */
export function str(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}
