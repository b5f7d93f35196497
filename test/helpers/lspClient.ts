// A minimal LSP client for protocol tests: spawns the real built server over stdio and speaks JSON-RPC.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { SERVER_EXEC_ARGV, serverEnv } from '../../server/src/processOptions';

export const SERVER = join(__dirname, '..', '..', 'server', 'out', 'server.js');

export interface Settings {
  enable?: boolean;
  rules?: Record<string, string>;
  exclude?: string[];
  git?: { enable: boolean };
  nginx?: { contexts: Record<string, string> };
  signing?: { requiredBranches?: string[]; trustedKeyFiles?: string[]; useGpgKeyring?: boolean };
}

export class TestClient {
  readonly connection: MessageConnection;
  readonly process: ChildProcess;
  settings: Settings = {};
  private readonly published: PublishDiagnosticsParams[] = [];
  private readonly waiters: { match: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  stderr = '';
  /** workspace/configuration reads answered so far. */
  configurationReads = 0;
  /** While set, workspace/configuration reads are answered only once it resolves (holdConfiguration). */
  private configurationGate: Promise<void> | undefined;

  /** `args`: node arguments instead of the bundle (a server run from source with a preload, for fault injection). */
  constructor(env: NodeJS.ProcessEnv = process.env, args: string[] = [SERVER, '--stdio']) {
    // Started as the VS Code client starts it (server/src/processOptions.ts).
    this.process = spawn(process.execPath, [...SERVER_EXEC_ARGV, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: serverEnv(env) });
    this.process.stderr!.on('data', (d) => (this.stderr += String(d)));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      for (const w of [...this.waiters]) {
        if (w.match(p)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p);
        }
      }
    });
    this.connection.onNotification((method: string, params: unknown) => this.notifications.push({ method, params }));
    this.connection.onRequest('workspace/configuration', async (p: { items: unknown[] }) => {
      await this.configurationGate;
      this.configurationReads++;
      return p.items.map(() => this.settings);
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.listen();
  }

  /** Holds every workspace/configuration read (as a busy editor would) until the returned function is called. */
  holdConfiguration(): () => void {
    let release!: () => void;
    this.configurationGate = new Promise<void>((r) => (release = r));
    return () => {
      this.configurationGate = undefined;
      release();
    };
  }

  /** `settings`: initializationOptions.settings, the settings section per document URI the client sends as it starts. */
  async start(opts: { rootDir?: string; trusted?: boolean; workDoneProgress?: boolean; settings?: Record<string, unknown> } = {}): Promise<void> {
    const folder = opts.rootDir ? [{ uri: `file://${opts.rootDir}`, name: 'ws' }] : null;
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folder ? folder[0].uri : null,
      workspaceFolders: folder,
      capabilities: { workspace: { configuration: true, workspaceFolders: true }, textDocument: { publishDiagnostics: { versionSupport: true } }, ...(opts.workDoneProgress ? { window: { workDoneProgress: true } } : {}) },
      initializationOptions: { trusted: opts.trusted ?? false, ...(opts.settings ? { settings: opts.settings } : {}) },
    });
    await this.connection.sendNotification('initialized', {});
  }

  /** The next diagnostics published for a URI that satisfy `match` (already published ones count). */
  diagnostics(uri: string, match: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 15000): Promise<PublishDiagnosticsParams> {
    const found = [...this.published].reverse().find((p) => p.uri === uri && match(p));
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri}; last: ${JSON.stringify(this.published.filter((p) => p.uri === uri).at(-1))}`)), timeoutMs);
      this.waiters.push({ match: (p) => p.uri === uri && match(p), resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  }

  /** Versions of the diagnostics published for a URI so far, in arrival order. */
  publishedVersions(uri: string): number[] {
    return this.published.filter((p) => p.uri === uri && p.version !== undefined).map((p) => p.version!);
  }

  /** Everything published for a URI so far, in arrival order. */
  publications(uri: string): PublishDiagnosticsParams[] {
    return this.published.filter((p) => p.uri === uri);
  }

  /** Every URI diagnostics were published for so far, once each. */
  publishedUris(): string[] {
    return [...new Set(this.published.map((p) => p.uri))];
  }

  /** Forgets what was published so far, so the next wait sees only new publications. */
  resetPublished(): void {
    this.published.length = 0;
  }

  open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, text: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  codeActions(uri: string, diagnostics: Diagnostic[]): Promise<Array<{ title: string; edit?: { changes: Record<string, { range: Diagnostic['range']; newText: string }[]> }; command?: { command: string; arguments: unknown[] } }>> {
    return this.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics },
    });
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // the process may already be gone
    }
    this.connection.dispose();
    if (this.process.exitCode === null) this.process.kill();
  }
}

/** Runs `body` with a server started on `opts` (as `TestClient.start`), and stops the server whatever happens. */
export async function withClient<T>(opts: Parameters<TestClient['start']>[0], body: (client: TestClient) => Promise<T>): Promise<T> {
  const client = new TestClient();
  try {
    await client.start(opts);
    return await body(client);
  } finally {
    await client.stop();
  }
}
