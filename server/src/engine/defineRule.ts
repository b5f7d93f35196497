// Rule modules call defineRule; it derives what every rule shares (the docs URL) so none writes it by hand.
import type { Rule, RuleMeta, SourceFile, ReportDescriptor } from './types';

/** Where rule pages live; a rule's page is `<base>/<id>.md`. */
export const DOCS_BASE = 'https://github.com/twinguard/twinguard/blob/main/docs/rules';

export function docsUrlFor(id: string): string {
  return `${DOCS_BASE}/${id}.md`;
}

export function defineRule(
  def: RuleMeta & { check(file: SourceFile, report: (d: ReportDescriptor) => void): void },
): Rule {
  return { ...def, docsUrl: docsUrlFor(def.id) };
}
