// Terraform/HCL read through tree-sitter-hcl (its terraform flavour): blocks with type, labels, attributes
// and nested blocks, and `hclValue`, which turns literal expressions (strings, numbers, bools, objects,
// tuples, `jsonencode(...)`, heredocs) into plain values. A reference (`var.x`, `aws_s3_bucket.b.id`) or an
// interpolated string is `UNKNOWN`: rules judge what the file states, never guess a variable's value.
import { descendants, namedChildren, type SyntaxNode, type SyntaxTree } from './treeSitter';

export const UNKNOWN: unique symbol = Symbol('unknown HCL value');
export type HclValue = string | number | boolean | null | HclValue[] | { [key: string]: HclValue } | typeof UNKNOWN;

export interface HclAttribute {
  name: string;
  node: SyntaxNode;
  /** The expression after `=`. */
  expr: SyntaxNode;
}

export interface HclBlock {
  node: SyntaxNode;
  /** `resource`, `data`, `module`, or a nested block's name (`rule`, `statement`). */
  type: string;
  labels: string[];
  attributes: Map<string, HclAttribute>;
  blocks: HclBlock[];
}

function bodyOf(node: SyntaxNode): SyntaxNode | undefined {
  return namedChildren(node).find((c) => c.type === 'body');
}

function blockOf(node: SyntaxNode): HclBlock {
  const children = namedChildren(node);
  const type = children.find((c) => c.type === 'identifier')?.text ?? '';
  const labels = children.filter((c) => c.type === 'string_lit' || (c.type === 'identifier' && c !== children[0])).map((c) => (c.type === 'string_lit' ? templateText(c) ?? c.text : c.text));
  const body = bodyOf(node);
  const attributes = new Map<string, HclAttribute>();
  const blocks: HclBlock[] = [];
  for (const c of body ? namedChildren(body) : []) {
    if (c.type === 'attribute') {
      const name = c.firstNamedChild;
      const expr = namedChildren(c).find((x) => x.type === 'expression');
      if (name && expr) attributes.set(name.text, { name: name.text, node: c, expr });
    } else if (c.type === 'block') blocks.push(blockOf(c));
  }
  return { node, type, labels, attributes, blocks };
}

/** Top-level blocks of a file. */
export function hclBlocks(tree: SyntaxTree): HclBlock[] {
  const body = bodyOf(tree.rootNode);
  return body ? namedChildren(body).filter((c) => c.type === 'block').map(blockOf) : [];
}

/** `resource "TYPE" "NAME"` blocks of one type (or all resources). */
export function hclResources(tree: SyntaxTree, type?: string): HclBlock[] {
  return hclBlocks(tree).filter((b) => b.type === 'resource' && (type === undefined || b.labels[0] === type));
}

/** A string_lit's text when it has no `${...}` interpolation or directive. */
function templateText(node: SyntaxNode): string | undefined {
  let out = '';
  for (const c of namedChildren(node)) {
    if (c.type === 'template_literal') out += c.text;
    else if (c.type === 'quoted_template_start' || c.type === 'quoted_template_end') continue;
    else return undefined;
  }
  return out.replace(/\\(["\\])/g, '$1').replace(/\\n/g, '\n');
}

/** The plain value of an expression, or UNKNOWN where it depends on anything but literals. */
export function hclValue(node: SyntaxNode | null | undefined): HclValue {
  if (!node) return UNKNOWN;
  switch (node.type) {
    case 'expression':
    case 'literal_value':
    case 'collection_value':
    case 'function_arguments':
    case 'template_expr': {
      const inner = node.firstNamedChild;
      return inner ? hclValue(inner) : UNKNOWN;
    }
    case 'string_lit':
      return templateText(node) ?? UNKNOWN;
    case 'numeric_lit':
      return Number(node.text);
    case 'bool_lit':
      return node.text === 'true';
    case 'null_lit':
      return null;
    case 'tuple':
      return namedChildren(node).filter((c) => c.type === 'expression').map(hclValue);
    case 'object': {
      const out: Record<string, HclValue> = {};
      for (const elem of namedChildren(node).filter((c) => c.type === 'object_elem')) {
        const [k, v] = namedChildren(elem).filter((c) => c.type === 'expression');
        const key = objectKey(k);
        if (key === undefined) return UNKNOWN;
        out[key] = hclValue(v);
      }
      return out;
    }
    case 'function_call': {
      const name = node.firstNamedChild?.text;
      const args = namedChildren(node).find((c) => c.type === 'function_arguments');
      // jsonencode(x) is x as JSON text; rules read the structure, so the value stays structured.
      if (name === 'jsonencode' && args) return hclValue(args);
      return UNKNOWN;
    }
    case 'heredoc_template': {
      const parts = namedChildren(node).filter((c) => c.type === 'template_literal');
      if (descendants(node, 'template_interpolation', 'template_directive').length > 0) return UNKNOWN;
      return parts.map((p) => p.text).join('');
    }
    default:
      return UNKNOWN;
  }
}

/** An object key: a bare name (`Principal = ...`) or a literal string (`"Principal": ...`). */
function objectKey(node: SyntaxNode | undefined): string | undefined {
  if (!node) return undefined;
  const inner = node.type === 'expression' ? node.firstNamedChild : node;
  if (inner?.type === 'variable_expr' && inner.namedChildCount === 1) return inner.text;
  const v = hclValue(node);
  return typeof v === 'string' ? v : undefined;
}

/** Attribute value of a block, or UNKNOWN when absent or not literal. */
export function attrValue(block: HclBlock, name: string): HclValue {
  return hclValue(block.attributes.get(name)?.expr);
}
