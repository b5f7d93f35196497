// Settings that shape a scan: per-rule severity or off, and exclude globs. Resolved here, once, for every front end.
import { Minimatch } from 'minimatch';
import type { EngineConfig, Rule, Severity, SeveritySetting } from './types';
import { getRule, RULE_ALIASES } from './registry';
import { DEFAULT_TEST_FILES } from './configFile';
import { trimEndChars } from './strings';

const SEVERITIES: readonly SeveritySetting[] = ['error', 'warning', 'info', 'off'];

/**
 * The severity a rule runs with on a path, or undefined when it is off. Later layers win: the rule's default,
 * the project file's `rules`, its matching `overrides` (in order), then the front end's settings
 * (VS Code `twinguard.rules`, CLI `--rule`). Test folders with `tests.findings: info` report at most info.
 */
export function effectiveSeverity(rule: Rule, config: EngineConfig, path?: string): Severity | undefined {
  // The project file applies only to files below its folder (or to every file when no path is given).
  const inProject = path !== undefined && config.project ? projectRelative(path, config.project.dir) : undefined;
  let setting: SeveritySetting | undefined = path === undefined || inProject !== undefined ? settingFor(config.project?.rules, rule.id) : undefined;
  if (inProject !== undefined) {
    for (const o of config.project!.overrides) if (settingFor(o.rules, rule.id) && o.files.some((g) => matches(inProject, g))) setting = settingFor(o.rules, rule.id);
  }
  setting = settingFor(config.rules, rule.id) ?? setting;
  if (setting === 'off') return undefined;
  if (setting === undefined && rule.defaultOff) return undefined;
  const severity = setting ?? rule.severity;
  if (inProject !== undefined && config.project!.tests.findings === 'info' && isTestPath(inProject, config)) return 'info';
  return severity;
}

/** A rule's entry in a settings map; the rule's own id wins over a retired id (RULE_ALIASES) that stands for it. */
function settingFor(map: Record<string, SeveritySetting> | undefined, id: string): SeveritySetting | undefined {
  if (!map) return undefined;
  if (map[id] !== undefined) return map[id];
  const aliases = ALIASES_OF.get(id);
  if (aliases) for (const alias of aliases) if (map[alias] !== undefined) return map[alias];
  return undefined;
}

/** Rule id -> the retired ids that stand for it (settingFor runs for every rule on every file of a scan). */
const ALIASES_OF = new Map<string, string[]>();
for (const [alias, ids] of Object.entries(RULE_ALIASES)) for (const id of ids) ALIASES_OF.set(id, [...(ALIASES_OF.get(id) ?? []), alias]);

function matches(rel: string, glob: string): boolean {
  return globMatches(glob, rel);
}

/** A path relative to the project config's folder, or undefined when it lies outside it. */
function projectRelative(path: string, dir: string): string | undefined {
  const p = path.replace(/\\/g, '/');
  const d = trimEndChars(dir.replace(/\\/g, '/'), '/');
  return p.startsWith(d + '/') ? p.slice(d.length + 1) : undefined;
}

function isTestPath(rel: string, config: EngineConfig): boolean {
  return !!config.project?.tests.files.some((g) => matches(rel, g));
}

/** Whether a path lies in a test folder: the project file's `tests.files`, or their defaults when there is none. */
export function isInTestFolder(path: string, config: EngineConfig): boolean {
  const rel = (config.project && projectRelative(path, config.project.dir)) ?? relative(path, config.root);
  return (config.project?.tests.files ?? DEFAULT_TEST_FILES).some((g) => globMatches(g, rel));
}

/**
 * Whether `rel` matches `glob` (minimatch, dotfiles included, a glob without `/` matched against the file
 * name). Most paths of a scan match none of the test-folder and exclude globs, and minimatch's matcher costs
 * more than a text search: a path that lacks one of the glob's literal runs is not matched at all.
 */
export function globMatches(glob: string, rel: string): boolean {
  let c = COMPILED.get(glob);
  if (!c) COMPILED.set(glob, (c = { matcher: new Minimatch(glob, { dot: true, matchBase: !glob.includes('/') }), runs: literalRuns(glob) }));
  for (const run of c.runs) if (!rel.includes(run)) return false;
  return c.matcher.match(rel);
}

/** Compiled globs: minimatch() compiles its pattern on every call, which a scan of thousands of files feels. */
const COMPILED = new Map<string, { matcher: Minimatch; runs: string[] }>();

/**
 * Text every path matching `glob` contains: the runs of literal characters between its wildcards, without the
 * slashes at their ends (`**\/` may match nothing, taking its slash with it). None for a negated glob or one
 * with classes, braces, extglobs, escapes or `.`/`..` segments, whose literal characters are not simply in the path.
 */
export function literalRuns(glob: string): string[] {
  // minimatch also drops `.` segments and resolves `..` ones: such globs are not searched for either.
  if (/[[\]{}()!+@\\]/.test(glob) || glob.split('/').some((segment) => segment === '.' || segment === '..')) return [];
  return glob
    .split(/[*?]+/)
    .map((run) => trimEndChars(run.replace(/^\/+/, ''), '/'))
    .filter((run) => run !== '');
}

function relative(path: string, root?: string): string {
  const p = path.replace(/\\/g, '/');
  if (!root) return p;
  const r = trimEndChars(root.replace(/\\/g, '/'), '/');
  return p.startsWith(r + '/') ? p.slice(r.length + 1) : p;
}

/** Whether a path matches one of the exclude globs (relative to the root, `**` and dotfiles allowed). */
export function isExcluded(path: string, config: EngineConfig): string | undefined {
  const rel = relative(path, config.root);
  const own = config.exclude?.find((glob) => matches(rel, glob));
  if (own || !config.project) return own;
  // The project file's globs are relative to its own folder, like .gitignore's.
  const inProject = projectRelative(path, config.project.dir);
  if (inProject === undefined) return undefined;
  const glob = config.project.exclude.find((g) => matches(inProject, g));
  if (glob) return glob;
  if (config.project.tests.findings === 'off') return config.project.tests.files.find((g) => matches(inProject, g));
  return undefined;
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
  if (r.nginxContexts !== undefined) {
    const ok = typeof r.nginxContexts === 'object' && r.nginxContexts !== null && !Array.isArray(r.nginxContexts) && Object.values(r.nginxContexts).every((v) => typeof v === 'string' && /^[a-z_ ]+$/.test(v));
    if (!ok) warnings.push('"nginx.contexts" must map globs to a context name (http, server, location...); ignored');
    else config.nginxContexts = r.nginxContexts as Record<string, string>;
  }
  if (typeof r.root === 'string') config.root = r.root;
  return { config, warnings };
}
