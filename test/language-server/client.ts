/**
 * A minimal LSP client for end-to-end tests: spawns a server binary over stdio and speaks JSON-RPC with
 * `vscode-jsonrpc`. It answers `workspace/configuration` from `settings`, records registrations, refresh
 * requests and published diagnostics, and can apply workspace edits (to open documents or files on disk).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const SERVER_BIN = path.join(REPO, 'packages/language-server/bin/dockerlint-language-server.js');
export const CLI_BIN = path.join(REPO, 'packages/cli/bin/dockerlint.js');

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }
export interface Diagnostic {
  range: Range;
  severity?: number;
  code?: string | number;
  codeDescription?: { href: string };
  source?: string;
  message: string;
  relatedInformation?: { location: { uri: string; range: Range }; message: string }[];
  data?: unknown;
}
export interface TextEdit { range: Range; newText: string }
export interface WorkspaceEdit {
  changes?: Record<string, TextEdit[]>;
  documentChanges?: ({ textDocument: { uri: string; version: number | null }; edits: TextEdit[] } | { kind: 'create'; uri: string })[];
}
export interface CodeAction { title: string; kind?: string; diagnostics?: Diagnostic[]; edit?: WorkspaceEdit; isPreferred?: boolean }
export interface Published { uri: string; version?: number; diagnostics: Diagnostic[] }

export type Mode = 'pull' | 'push';

export interface StartOptions {
  server?: string;
  mode?: Mode;
  rootDir?: string;
  settings?: Record<string, unknown>;
  initializationOptions?: Record<string, unknown>;
  /** Extra client capabilities merged over the defaults. */
  watchers?: boolean;
}

export class LspClient {
  readonly published: Published[] = [];
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  refreshes = 0;
  configurationRequests = 0;
  settings: Record<string, unknown>;
  stderr = '';
  /** `window/logMessage` texts. */
  readonly logs: string[] = [];
  /** `window/showMessage` notifications (type: 1 error, 2 warning). */
  readonly shownMessages: { type: number; message: string }[] = [];
  /** `window/showMessageRequest` requests: a server must never send one (they block or hang some clients). */
  readonly messageRequests: { type: number; message: string }[] = [];
  exited: number | null | undefined;
  private readonly docs = new Map<string, TextDocument>();
  private listeners: (() => void)[] = [];

  private constructor(
    readonly proc: ChildProcess,
    readonly conn: MessageConnection,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
  }

  static async start(options: StartOptions = {}): Promise<LspClient> {
    const proc = spawn(process.execPath, [options.server ?? SERVER_BIN, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const client = new LspClient(proc, conn, options.settings ?? {});
    proc.stderr!.on('data', (chunk: Buffer) => (client.stderr += chunk.toString()));
    proc.on('exit', (code) => {
      client.exited = code;
      client.notify();
    });
    conn.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      client.registrations.push(...params.registrations);
      return null;
    });
    conn.onRequest('workspace/configuration', (params: { items: { section?: string; scopeUri?: string }[] }) => {
      client.configurationRequests++;
      return params.items.map((item) => (item.section === 'dockerlint' ? client.settings : null));
    });
    conn.onRequest('workspace/diagnostic/refresh', () => {
      client.refreshes++;
      client.notify();
      return null;
    });
    conn.onRequest('window/showMessageRequest', (params: { type: number; message: string }) => {
      client.messageRequests.push(params);
      return null;
    });
    conn.onNotification('window/showMessage', (params: { type: number; message: string }) => {
      client.shownMessages.push(params);
      client.notify();
    });
    conn.onNotification('window/logMessage', (params: { message: string }) => client.logs.push(params.message));
    conn.onNotification('textDocument/publishDiagnostics', (params: Published) => {
      client.published.push(params);
      client.notify();
    });
    conn.listen();
    const rootDir = options.rootDir;
    const mode = options.mode ?? 'pull';
    const watchers = options.watchers ?? true;
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: rootDir ? pathToFileURL(rootDir).href : null,
      workspaceFolders: rootDir ? [{ uri: pathToFileURL(rootDir).href, name: path.basename(rootDir) }] : null,
      initializationOptions: options.initializationOptions ?? {},
      capabilities: {
        workspace: {
          configuration: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: watchers },
          workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
          diagnostics: { refreshSupport: mode === 'pull' },
        },
        textDocument: {
          ...(mode === 'pull' ? { diagnostic: { dynamicRegistration: false } } : {}),
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          synchronization: { dynamicRegistration: false },
        },
      },
    });
    await conn.sendNotification('initialized', {});
    return client;
  }

  private notify(): void {
    for (const listener of this.listeners.splice(0)) listener();
  }

  /** Waits until `predicate` holds (re-checked on every server message), or fails after `timeoutMs`. */
  async waitFor<T>(predicate: () => T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value) return value;
      if (this.exited !== undefined) throw new Error(`server exited (${this.exited}) while waiting for ${what}\n${this.stderr}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 50));
        this.listeners.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  document(uri: string): TextDocument {
    const doc = this.docs.get(uri);
    if (!doc) throw new Error(`not open: ${uri}`);
    return doc;
  }

  async open(file: string, text?: string, languageId = 'dockerfile'): Promise<string> {
    const uri = file.startsWith('untitled:') || file.startsWith('file:') ? file : pathToFileURL(file).href;
    const content = text ?? stripBom(readFileSync(file, 'utf8'));
    this.docs.set(uri, TextDocument.create(uri, languageId, 1, content));
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text: content } });
    return uri;
  }

  /** Sends a full-text change; returns the new version. */
  async change(uri: string, text: string): Promise<number> {
    const doc = this.document(uri);
    const version = doc.version + 1;
    this.docs.set(uri, TextDocument.create(uri, doc.languageId, version, text));
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** Sends an incremental change. */
  async edit(uri: string, edits: TextEdit[]): Promise<number> {
    const doc = this.document(uri);
    const version = doc.version + 1;
    const text = TextDocument.applyEdits(doc, edits);
    this.docs.set(uri, TextDocument.create(uri, doc.languageId, version, text));
    await this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [...edits].reverse().map((edit) => ({ range: edit.range, text: edit.newText })),
    });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.docs.delete(uri);
    await this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async pull(uri: string): Promise<Diagnostic[]> {
    const report = await this.conn.sendRequest<{ kind: string; items?: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
    if (report.kind !== 'full') throw new Error(`expected a full report, got ${report.kind}`);
    return report.items ?? [];
  }

  lastPublished(uri: string): Published | undefined {
    for (let i = this.published.length - 1; i >= 0; i--) if (this.published[i]!.uri === uri) return this.published[i];
    return undefined;
  }

  /** Waits for a publishDiagnostics for `uri` after `since` (an index into `published`) matching `predicate`. */
  async waitForPublish(uri: string, since: number, predicate: (p: Published) => boolean = () => true, timeoutMs = 10_000): Promise<Published> {
    return this.waitFor(() => this.published.slice(since).find((p) => p.uri === uri && predicate(p)), timeoutMs, `diagnostics for ${uri}`);
  }

  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    return (await this.conn.sendRequest<CodeAction[] | null>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } })) ?? [];
  }

  async hover(uri: string, position: Position): Promise<{ contents: { kind: string; value: string }; range?: Range } | null> {
    return this.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position });
  }

  async changeConfiguration(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.conn.sendNotification('workspace/didChangeConfiguration', { settings: { dockerlint: settings } });
  }

  async sendNotification(method: string, params: unknown): Promise<void> {
    await this.conn.sendNotification(method, params);
  }

  async changedFiles(changes: { file: string; type: 1 | 2 | 3 }[]): Promise<void> {
    await this.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.map((c) => ({ uri: pathToFileURL(c.file).href, type: c.type })) });
  }

  /** Applies a workspace edit like an editor: open documents get a didChange, other files are written to disk. */
  async applyEdit(edit: WorkspaceEdit): Promise<string[]> {
    const touchedOnDisk: string[] = [];
    const steps: { uri: string; edits: TextEdit[]; create?: boolean }[] = [];
    if (edit.documentChanges) {
      for (const change of edit.documentChanges) {
        if ('kind' in change) steps.push({ uri: change.uri, edits: [], create: true });
        else steps.push({ uri: change.textDocument.uri, edits: change.edits });
      }
    } else {
      for (const [uri, edits] of Object.entries(edit.changes ?? {})) steps.push({ uri, edits });
    }
    for (const step of steps) {
      if (this.docs.has(step.uri)) {
        if (step.edits.length > 0) await this.edit(step.uri, step.edits);
        continue;
      }
      const file = fileURLToPath(step.uri);
      if (step.create) {
        if (!existsSync(file)) {
          mkdirSync(path.dirname(file), { recursive: true });
          writeFileSync(file, '');
        }
      } else {
        const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
        writeFileSync(file, TextDocument.applyEdits(TextDocument.create(step.uri, 'ignore', 0, before), step.edits));
      }
      touchedOnDisk.push(file);
    }
    return touchedOnDisk;
  }

  async stop(): Promise<void> {
    if (this.exited === undefined) {
      try {
        await Promise.race([this.conn.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 2000))]);
        await this.conn.sendNotification('exit');
      } catch {
        // already gone
      }
      await Promise.race([new Promise((resolve) => this.proc.once('exit', resolve)), new Promise((resolve) => setTimeout(resolve, 2000))]);
      if (this.exited === undefined) this.proc.kill();
    }
    this.conn.dispose();
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A finding reduced to what must be identical between the CLI and the server (0-based like LSP). */
export interface Comparable { ruleId: string; severity: 'error' | 'warning'; line: number; character: number; endLine: number; endCharacter: number; message: string }

export function sortComparable(list: Comparable[]): Comparable[] {
  return [...list].sort((a, b) => a.line - b.line || a.character - b.character || a.ruleId.localeCompare(b.ruleId) || a.endLine - b.endLine || a.endCharacter - b.endCharacter || a.message.localeCompare(b.message));
}

export function fromDiagnostics(diagnostics: Diagnostic[]): Comparable[] {
  return sortComparable(
    diagnostics.map((d) => ({
      ruleId: String(d.code),
      severity: d.severity === 1 ? 'error' : 'warning',
      line: d.range.start.line,
      character: d.range.start.character,
      endLine: d.range.end.line,
      endCharacter: d.range.end.character,
      message: d.message,
    })),
  );
}

/** Runs the real CLI (`--format json`) on files; returns the comparable findings per absolute path. */
export function cliFindings(files: string[], extraArgs: string[] = [], cwd = REPO): Map<string, Comparable[]> {
  const run = spawnSync(process.execPath, [CLI_BIN, '--format', 'json', ...extraArgs, ...files], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0 && run.status !== 1) throw new Error(`CLI exited ${run.status}: ${run.stderr}`);
  const results = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string | null; severity: 1 | 2; message: string; line: number; column: number; endLine?: number; endColumn?: number }[] }[];
  const out = new Map<string, Comparable[]>();
  for (const result of results) {
    out.set(
      path.resolve(cwd, result.filePath),
      sortComparable(
        result.messages.map((m) => ({
          ruleId: m.ruleId ?? 'parse-error',
          severity: m.severity === 2 ? 'error' : 'warning',
          line: m.line - 1,
          character: m.column - 1,
          endLine: (m.endLine ?? m.line) - 1,
          endCharacter: (m.endColumn ?? m.column) - 1,
          message: m.message,
        })),
      ),
    );
  }
  return out;
}
