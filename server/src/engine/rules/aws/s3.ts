// Reads S3 bucket settings for the aws/* rules: AWS CLI calls in scripts and CI steps (`aws s3api ...`,
// `aws s3 cp/sync --acl`), and Terraform resources. Both come from parsers (tree-sitter-bash words,
// tree-sitter-hcl blocks), never from regexes over the raw text.
import { invocationsIn } from '../../parsers/ciScripts';
import type { ShellWord } from '../../parsers/shell';
import { spanOf } from '../../parsers/treeSitter';
import { hclResources, hclBlocks, hclValue, UNKNOWN, type HclBlock, type HclValue } from '../../parsers/treeSitterHcl';
import type { SourceFile, Span } from '../../types';

export interface AwsCall {
  /** `s3api`, `s3`. */
  service: string;
  /** `put-bucket-acl`, `cp`... */
  operation: string;
  args: ShellWord[];
  /** The whole command (for fixes that rewrite it). */
  span: Span;
}

/** Every `aws <service> <operation> ...` of the file's shell scripts. */
export function awsCalls(file: SourceFile): AwsCall[] {
  const out: AwsCall[] = [];
  for (const { command, args } of invocationsIn(file, 'aws')) {
    // Global options may come before the service (`aws --profile p s3api ...`): skip them and their values.
    let i = 0;
    while (i < args.length && args[i].value.startsWith('--')) i += ['--debug', '--no-verify-ssl', '--no-paginate', '--no-sign-request', '--no-cli-pager'].includes(args[i].value) ? 1 : 2;
    const [service, operation] = [args[i], args[i + 1]];
    if (!service || !operation) continue;
    out.push({ service: service.value, operation: operation.value, args: args.slice(i + 2), span: command });
  }
  return out;
}

/** The value word of `--name value` or `--name=value` (the latter as a sub-span). */
export function option(call: AwsCall, name: string): ShellWord | undefined {
  for (let i = 0; i < call.args.length; i++) {
    const a = call.args[i];
    if (a.value === name) return call.args[i + 1];
    if (a.value.startsWith(`${name}=`) && a.raw.startsWith(`${name}=`)) {
      const v = a.value.slice(name.length + 1);
      return { start: a.start + name.length + 1, end: a.end, raw: a.raw.slice(name.length + 1), value: v, dynamic: a.dynamic };
    }
  }
  return undefined;
}

/** The span of `needle` inside a word as written (for a JSON value in a quoted word), or the whole word. */
export function within(word: ShellWord, needle: string): Span {
  const at = word.raw.indexOf(needle);
  return at === -1 ? { start: word.start, end: word.end } : { start: word.start + at, end: word.start + at + needle.length };
}

/** Canned ACLs that open a bucket or object to everyone (AllUsers) or to any AWS account (AuthenticatedUsers). */
export const PUBLIC_ACLS = new Set(['public-read', 'public-read-write', 'authenticated-read']);
/** Grantee URIs of the two global groups. */
export const PUBLIC_GROUP = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)/;

/** A Terraform literal as a string, or undefined. */
export function str(v: HclValue): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export { hclResources, hclBlocks, hclValue, UNKNOWN, spanOf, type HclBlock, type HclValue };

// ---- bucket policies ---------------------------------------------------------------------------------

type Json = unknown;

/** A statement that allows anyone (`"Principal": "*"` or `{"AWS": "*"}`) with no Condition narrowing who. */
export function publicStatements(policy: Json): Json[] {
  if (typeof policy !== 'object' || policy === null) return [];
  const statements = (policy as Record<string, Json>).Statement;
  const list = Array.isArray(statements) ? statements : statements ? [statements] : [];
  return list.filter((s) => {
    if (typeof s !== 'object' || s === null) return false;
    const st = s as Record<string, Json>;
    if (st.Effect !== 'Allow') return false;
    const cond = st.Condition;
    if (cond && typeof cond === 'object' && Object.keys(cond).length > 0) return false;
    return isEveryone(st.Principal);
  });
}

function isEveryone(p: Json): boolean {
  if (p === '*') return true;
  if (typeof p === 'object' && p !== null) {
    const aws = (p as Record<string, Json>).AWS;
    return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
  }
  return false;
}

/** `data "aws_iam_policy_document"` statements: principals with type `*` or identifiers `*` and no condition block. */
export function publicPolicyDocumentStatements(block: HclBlock): HclBlock[] {
  return block.blocks.filter((st) => {
    if (st.type !== 'statement') return false;
    const effect = str(hclValue(st.attributes.get('effect')?.expr)) ?? 'Allow';
    if (effect !== 'Allow') return false;
    if (st.blocks.some((b) => b.type === 'condition')) return false;
    return st.blocks.some((pr) => {
      if (pr.type !== 'principals') return false;
      const type = str(hclValue(pr.attributes.get('type')?.expr));
      const ids = hclValue(pr.attributes.get('identifiers')?.expr);
      return type === '*' || (type === 'AWS' && Array.isArray(ids) && ids.includes('*'));
    });
  });
}

/** Parses a JSON policy given inline; undefined for `file://...` or invalid JSON. */
export function parseJson(text: string): Json | undefined {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Whether a shell script or Terraform module relaxes the account's defaults (public access block off, ACLs re-enabled). */
export function relaxesDefaults(file: SourceFile): boolean {
  if (file.kind === 'terraform') {
    if (!file.syntax) return false;
    for (const b of hclResources(file.syntax)) {
      if (b.labels[0] === 'aws_s3_bucket_public_access_block' && [...b.attributes.values()].some((a) => hclValue(a.expr) === false)) return true;
      if (b.labels[0] === 'aws_s3_bucket_ownership_controls') {
        const rule = b.blocks.find((x) => x.type === 'rule');
        const own = rule && str(hclValue(rule.attributes.get('object_ownership')?.expr));
        if (own && own !== 'BucketOwnerEnforced') return true;
      }
    }
    return false;
  }
  return awsCalls(file).some(
    (c) =>
      c.service === 's3api' &&
      (c.operation === 'delete-public-access-block' ||
        (c.operation === 'put-public-access-block' && /=\s*false|"\s*:\s*false/i.test(option(c, '--public-access-block-configuration')?.value ?? '')) ||
        (c.operation === 'put-bucket-ownership-controls' && /BucketOwnerPreferred|ObjectWriter/.test(option(c, '--ownership-controls')?.value ?? ''))),
  );
}
