// The documents TwinGuard reads, apart from the client bundle: extension.ts decides with it, before loading
// anything else, whether a window has anything to check yet (activate() without one starts no server).
import vscode = require('vscode');
import { MODEL_REPORT_SCHEME, SIGNING_REPORT_SCHEME, WORKSPACE_CONTAINS } from '../../server/src/protocol';

/** Language ids the engine knows (server/src/engine/files/kind.ts maps the same ones). */
const LANGUAGES = ['shellscript', 'powershell', 'python', 'yaml', 'terraform', 'nginx', 'hcl', 'github-actions-workflow', 'dockercompose', 'auditd', 'dockerfile'];

/**
 * Files are also sent by name, whatever language VS Code gave them: `*.conf` usually opens as
 * `properties`, and the server itself decides whether such a file is nginx (engine/files/kind.ts).
 */
const FILE_PATTERNS = [
  '**/*.{conf,nginx,sh,bash,zsh,ksh,ps1,psm1,psd1,py,pyw,pyi,yml,yaml,tf,tfvars,hcl}',
  '**/{sites-available,sites-enabled}/*',
  // Audit rules (the `auditd` language registers these names too; sent by name when another extension claims them).
  '**/audit.rules',
  '**/audit/**/*.rules',
  // Secret formats apply to every text file: data and config formats, notebooks opened as JSON, notes and logs.
  '**/*.{json,jsonc,ipynb,env,txt,md,log,cfg,ini,toml,properties,npmrc,pypirc}',
  '**/{.env,.env.*,.npmrc,.pypirc,.netrc,.databrickscfg}',
  '**/{Dockerfile,Dockerfile.*,Containerfile,*.dockerfile}',
];

/** What the language client syncs to the server. */
export const DOCUMENT_SELECTOR: { scheme: string; language?: string; pattern?: string }[] = [
  ...LANGUAGES.map((language) => ({ scheme: 'file', language })),
  ...FILE_PATTERNS.map((pattern) => ({ scheme: 'file', pattern })),
  // The signing report is synced too, so its diagnostics get the server's code actions.
  { scheme: SIGNING_REPORT_SCHEME },
];

/** The schemes of TwinGuard's own read-only reports (their providers live in the client). */
const REPORT_SCHEMES = new Set([SIGNING_REPORT_SCHEME, MODEL_REPORT_SCHEME]);

/** A document TwinGuard checks or provides. */
export function isTwinGuardDocument(doc: vscode.TextDocument): boolean {
  return REPORT_SCHEMES.has(doc.uri.scheme) || vscode.languages.match(DOCUMENT_SELECTOR, doc) > 0;
}

/**
 * Whether the window shows something for TwinGuard now: an editor tab on a document it checks, on a notebook on
 * disk or on one of its reports (a restored report tab, before its content is asked for). Documents loaded but
 * not shown do not count: VS Code loads the user's settings.json at start-up (firing `onLanguage:json` too)
 * without anyone opening it.
 */
export function windowShowsTwinGuardDocument(): boolean {
  if (vscode.window.visibleTextEditors.some((e) => isTwinGuardDocument(e.document))) return true;
  const loaded = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
  return vscode.window.tabGroups.all.some((g) =>
    g.tabs.some(({ input }) => {
      if (input instanceof vscode.TabInputNotebook) return input.uri.scheme === 'file';
      if (!(input instanceof vscode.TabInputText)) return false;
      if (REPORT_SCHEMES.has(input.uri.scheme)) return true;
      const doc = loaded.get(input.uri.toString());
      return !!doc && isTwinGuardDocument(doc);
    }),
  );
}

/** How long VS Code's own `workspaceContains` search may take before it activates the extension anyway. */
const SEARCH_TIMEOUT_MS = 7000;

/**
 * Whether a workspace folder holds a file of the kinds in WORKSPACE_CONTAINS, looked up as VS Code does for
 * `workspaceContains` (the activation event itself does not say which event activated the extension): a search
 * that has not finished after SEARCH_TIMEOUT_MS is cancelled and counts as yes, as VS Code's does.
 */
export async function foldersHoldTwinGuardFiles(): Promise<boolean> {
  if (!vscode.workspace.workspaceFolders?.length) return false;
  const exclude = searchExcludes();
  const cancel = new vscode.CancellationTokenSource();
  const timer = setTimeout(() => cancel.cancel(), SEARCH_TIMEOUT_MS);
  try {
    const found = await Promise.all(WORKSPACE_CONTAINS.map((glob) => vscode.workspace.findFiles(glob, exclude, 1, cancel.token)));
    return cancel.token.isCancellationRequested || found.some((uris) => uris.length > 0);
  } finally {
    clearTimeout(timer);
    cancel.dispose();
  }
}

/**
 * The excludes VS Code's own `workspaceContains` search applies: `files.exclude` and `search.exclude` (by default
 * every `node_modules` folder, where packages ship shell scripts of their own). findFiles applies only the first
 * unless given both. Globs with braces or commas of their own are left out: they cannot go into the combined one.
 */
function searchExcludes(): string | undefined {
  const globs = new Set<string>();
  for (const section of ['files', 'search']) {
    const map = vscode.workspace.getConfiguration(section).get<Record<string, unknown>>('exclude') ?? {};
    for (const [glob, on] of Object.entries(map)) if (on === true && !/[{},]/.test(glob)) globs.add(glob);
  }
  return globs.size ? `{${[...globs].join(',')}}` : undefined;
}
