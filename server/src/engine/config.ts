// Settings that shape a scan: per-rule severity or off, and exclude globs. Resolved here, once, for every front end.
import { minimatch } from 'minimatch';
import type { EngineConfig, Rule, Severity, SeveritySetting } from './types';
import { getRule } from './registry';

const SEVERITIES: readonly SeveritySetting[] = ['error', 'warning', 'info', 'off'];

/** The severity a rule runs with, or undefined when it is off. */
export function effectiveSeverity(rule: Rule, config: EngineConfig): Severity | undefined {
  const setting = config.rules?.[rule.id];
  if (setting === 'off') return undefined;
  return setting ?? rule.severity;
}

function relative(path: string, root?: string): string {
  const p = path.replace(/\\/g, '/');
  if (!root) return p;
  const r = root.replace(/\\/g, '/').replace(/\/+$/, '');
  return p.startsWith(r + '/') ? p.slice(r.length + 1) : p;
}

/** Whether a path matches one of the exclude globs (relative to the root, `**` and dotfiles allowed). */
export function isExcluded(path: string, config: EngineConfig): string | undefined {
  const rel = relative(path, config.root);
  return config.exclude?.find((glob) => minimatch(rel, glob, { dot: true, matchBase: !glob.includes('/') }));
}

/**
 * Checks user-supplied settings. Bad entries are dropped with one warning each, never thrown:
 * a typo in one rule's severity must not switch the others off.
 */
export function validateConfig(raw: unknown): { config: EngineConfig; warnings: string[] } {
  const warnings: string[] = [];
  const config: EngineConfig = {};
  if (raw === undefined || raw === null) return { config, warnings };
  if (typeof raw !== 'object') return { config, warnings: ['settings must be an object; using defaults'] };
  const r = raw as Record<string, unknown>;
  if (r.rules !== undefined) {
    if (typeof r.rules !== 'object' || r.rules === null || Array.isArray(r.rules)) {
      warnings.push('"rules" must map rule ids to error|warning|info|off; ignored');
    } else {
      config.rules = {};
      for (const [id, value] of Object.entries(r.rules)) {
        if (!getRule(id)) warnings.push(`unknown rule id "${id}" in "rules"; ignored`);
        else if (!SEVERITIES.includes(value as SeveritySetting)) warnings.push(`rule "${id}": "${String(value)}" is not one of ${SEVERITIES.join(', ')}; ignored`);
        else config.rules[id] = value as SeveritySetting;
      }
    }
  }
  if (r.exclude !== undefined) {
    if (!Array.isArray(r.exclude) || r.exclude.some((g) => typeof g !== 'string')) warnings.push('"exclude" must be a list of globs; ignored');
    else config.exclude = r.exclude as string[];
  }
  if (typeof r.root === 'string') config.root = r.root;
  return { config, warnings };
}
