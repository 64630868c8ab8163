/**
 * The dockerlint language server: a thin adapter over `@dockerlint/core`.
 *
 * - Diagnostics: pull (`textDocument/diagnostic`) when the client supports it, push (`publishDiagnostics`,
 *   debounced on change) otherwise — or both with `initializationOptions.diagnosticMode: "both"` (not the
 *   default: VS Code keeps pulled and pushed diagnostics in separate collections and would show each twice).
 * - Re-lint on watched-file changes (`.dockerignore`, `*.dockerignore`, `.gitignore`, config files, files
 *   created or deleted in a build context) and on configuration changes.
 * - Code actions: the core's fixes and suggestions, plus "disable for this instruction".
 * - Hover on a finding: the rule's why, the fix and the docs link.
 *
 * Every finding is mapped 1:1 (convert.ts); nothing is added, dropped or re-graded here. Every handler is
 * guarded: a broken document or a failing rule never takes the server down.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CONFIG_FILE_NAMES,
  buildDefinitionKind,
  clearConfigCache,
  definitionFilesAround,
  describeRuleError,
  buildLintOptionsFor,
  createLintSession,
  documentContextDir,
  enableEditReuse,
  forgetDocumentEdits,
  lintDocument,
  loadDocumentConfig,
  readBuildDefinitions,
  type BuildDefinitionSet,
  initShellParser,
  initialize,
  invalidateBuildContexts,
  isDockerfileName,
  isIgnoreFileName,
  jsConfigDisallowedByEnv,
  PARSE_ERROR_RULE_ID,
  skippedJsConfigMessage,
  type DockerfileModel,
  type Finding,
  type ResolvedConfig,
  type Rule,
  type ShellParserWasmFiles,
} from '@dockerlint/core';
import { rules as allRules, ruleById } from '@dockerlint/rules';
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  MarkupKind,
  MessageType,
  ProposedFeatures,
  ResponseError,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
  WatchKind,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type Hover,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  disableNextLineEdit,
  findingRange,
  quickFix,
  rangeContainsPosition,
  rangesIntersect,
  safe,
  SOURCE,
  toDiagnostic,
  toWorkspaceEdit,
  type DiagnosticData,
  type EditCapabilities,
} from './convert.js';
import { DEFAULT_SETTINGS, normalizeSettings, resolveContextSetting, settingsOverrides, type ServerSettings } from './settings.js';
import { serverVersion } from './version.js';

export const SERVER_NAME = 'dockerlint-language-server';
const SERVER_VERSION = serverVersion();
/** Default delay between the last change and a pushed re-lint. */
export const DEFAULT_DEBOUNCE_MS = 200;

export type DiagnosticMode = 'auto' | 'push' | 'both';

export interface StartServerOptions {
  /** Defaults to `createConnection(ProposedFeatures.all)` (transport from argv: `--stdio`, `--node-ipc`, `--socket=N`). */
  connection?: Connection;
  /** WASM locations for bundles without node_modules (the VS Code extension). */
  wasmFiles?: ShellParserWasmFiles;
  /** Rules to run (tests, embedders); defaults to `@dockerlint/rules`. */
  rules?: readonly Rule[];
}

interface LintOutcome {
  uri: string;
  version: number;
  generation: number;
  findings: Finding[];
  model?: DockerfileModel;
  text: string;
}

/** Options the client may pass in `initializationOptions`. */
interface InitOptions {
  diagnosticMode?: DiagnosticMode;
  debounceMs?: number;
  /** Settings for clients that answer neither `workspace/configuration` nor send them on change. */
  settings?: unknown;
  /**
   * Load `dockerlint.config.js` (it runs code). Default true, false when DOCKERLINT_NO_JS_CONFIG is set. Clients
   * with a trust model pass false for untrusted folders and send `dockerlint/setJsConfigAllowed` once trusted.
   * Deliberately not a workspace setting: a repository must not be able to trust itself.
   */
  allowJsConfig?: boolean;
}

/** Client → server: the workspace was trusted (or trust was withdrawn); lint again with or without JS config. */
export const SET_JS_CONFIG_ALLOWED = 'dockerlint/setJsConfigAllowed';

/** Whether a document is a Dockerfile (by language id, else by name; never a `*.dockerignore`). */
export function isDockerfileDocument(uri: string, languageId: string): boolean {
  const name = decodeURIComponent(uri.split(/[/\\]/).pop() ?? '');
  if (isIgnoreFileName(name)) return false;
  if (/^(?:dockerfile|containerfile)$/i.test(languageId)) return true;
  return isDockerfileName(name);
}

function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

function errorText(error: unknown): string {
  return safe((error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '');
}

export function startServer(options: StartServerOptions = {}): Connection {
  const connection = options.connection ?? createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  const rules = options.rules ?? allRules;
  const ruleIds = rules.map((rule) => rule.meta.id);

  const ready: Promise<void> = (async () => {
    if (options.wasmFiles) await initShellParser(options.wasmFiles);
    await initialize();
  })().catch((error: unknown) => {
    connection.console.error(`dockerlint: shell parser failed to load (${errorText(error)}); RUN analysis is degraded`);
  });

  // Client capabilities and options, set in onInitialize.
  let pull = false;
  let push = true;
  let refreshSupport = false;
  let configurationSupport = false;
  let configurationRegistration = false;
  let watchRegistration = false;
  let hoverMarkdown = true;
  let debounceMs = DEFAULT_DEBOUNCE_MS;
  const editCaps: EditCapabilities = { documentChanges: false, createFiles: false, openVersion: (uri) => documents.get(uri)?.version };
  let workspaceFolders: string[] = [];
  let globalSettings: ServerSettings = DEFAULT_SETTINGS;
  let allowJsConfig = !jsConfigDisallowedByEnv();

  /** Cross-lint reuse for this server process (config files now; the engine's analyses as they move onto it). */
  const session = createLintSession();
  // A keystroke re-lints the whole document: only a window around the edit is parsed again, and what the model and the
  // layer events made of the instructions the edit did not touch is reused.
  enableEditReuse(session);
  /** Bumped whenever something outside the documents changes (settings, files on disk). */
  let generation = 0;
  const settingsCache = new Map<string, Promise<ServerSettings>>();
  const lintCache = new Map<string, LintOutcome>();
  /** Build definitions (compose, bake, workflows) around each Dockerfile folder; dropped when one of them changes. */
  const definitionSets = new Map<string, Promise<BuildDefinitionSet>>();
  const pushTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const reportedOnce = new Set<string>();
  /** Config problems already shown; cleared when a config file changes, so each change is reported once. */
  const reportedConfigProblems = new Set<string>();

  const reportOnce = (message: string, kind: 'error' | 'warning' | 'info' = 'error', shown: Set<string> = reportedOnce) => {
    if (shown.has(message)) return;
    shown.add(message);
    connection.console[kind === 'error' ? 'error' : kind === 'warning' ? 'warn' : 'info'](message);
    // window/showMessage is a notification. connection.window.showErrorMessage sends window/showMessageRequest, a
    // request: Neovim 0.7 answers it with a blocking "Type number and <Enter>" prompt, and a headless client hangs.
    const type = kind === 'error' ? MessageType.Error : kind === 'warning' ? MessageType.Warning : MessageType.Info;
    void connection.sendNotification(ShowMessageNotification.type, { type, message });
  };

  const workspaceFolderOf = (fsPath: string | undefined): string | undefined => {
    if (!fsPath) return workspaceFolders[0];
    let best: string | undefined;
    for (const folder of workspaceFolders) {
      const inside = fsPath === folder || fsPath.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
      if (inside && (!best || folder.length > best.length)) best = folder;
    }
    return best;
  };

  const settingsFor = (uri: string): Promise<ServerSettings> => {
    if (!configurationSupport) return Promise.resolve(globalSettings);
    let promise = settingsCache.get(uri);
    if (!promise) {
      promise = connection.workspace.getConfiguration({ scopeUri: uri, section: 'dockerlint' }).then(
        (raw: unknown) => (raw === null || raw === undefined ? globalSettings : normalizeSettings(raw)),
        () => globalSettings,
      );
      settingsCache.set(uri, promise);
    }
    return promise;
  };

  const configFor = async (fsPath: string | undefined): Promise<ResolvedConfig> => {
    const lookupPath = fsPath ?? path.join(workspaceFolderOf(undefined) ?? process.cwd(), '<untitled>');
    const { config, error } = await loadDocumentConfig(lookupPath, { ruleIds, allowJsConfig, session });
    if (error !== undefined) reportOnce(`dockerlint: ${error} (linting with the default configuration)`, 'error', reportedConfigProblems);
    for (const file of config.skippedJsConfigs ?? []) {
      reportOnce(`dockerlint: ${skippedJsConfigMessage([file], 'the workspace is not trusted')}`, 'info', reportedConfigProblems);
    }
    return config;
  };

  const emptyOutcome = (document: TextDocument): LintOutcome => ({
    uri: document.uri,
    version: document.version,
    generation,
    findings: [],
    text: '',
  });

  /** Lints the current text of `uri` (or reuses the result for this version and generation). */
  const lintCurrent = async (uri: string): Promise<LintOutcome | undefined> => {
    await ready;
    const first = documents.get(uri);
    if (!first) return undefined;
    const startGeneration = generation;
    const settings = await settingsFor(uri);
    const fsPath = uriToPath(uri);
    const config = settings.enable ? await configFor(fsPath) : undefined;
    const definitions = settings.enable && fsPath ? await definitionsAround(fsPath) : undefined;

    // Everything from here to lintText is synchronous: the text and version belong together.
    const document = documents.get(uri);
    if (!document) return undefined;
    const cached = lintCache.get(uri);
    if (cached && cached.version === document.version && cached.generation === generation) return cached;
    if (generation !== startGeneration) return lintCurrent(uri); // settings changed while we waited
    let outcome: LintOutcome = emptyOutcome(document);
    try {
      outcome = lintOpenDocument(document, settings, config, fsPath, definitions);
    } catch (error) {
      connection.console.error(`dockerlint: internal error while linting ${uri}: ${errorText(error)}`);
    }
    lintCache.set(uri, outcome);
    return outcome;
  };

  const definitionsAround = async (fsPath: string): Promise<BuildDefinitionSet | undefined> => {
    const dir = path.dirname(fsPath);
    let promise = definitionSets.get(dir);
    if (!promise) {
      promise = readBuildDefinitions(definitionFilesAround(dir, workspaceFolderOf(fsPath)));
      definitionSets.set(dir, promise);
    }
    try {
      const set = await promise;
      for (const problem of set.problems) reportOnce(`dockerlint: ${problem.file}: ${problem.message} (its builds are not used)`, 'warning');
      return set;
    } catch (error) {
      definitionSets.delete(dir);
      connection.console.error(`dockerlint: could not read build definitions: ${errorText(error)}`);
      return undefined;
    }
  };

  const lintOpenDocument = (
    document: TextDocument,
    settings: ServerSettings,
    config: ResolvedConfig | undefined,
    fsPath: string | undefined,
    definitions?: BuildDefinitionSet,
  ): LintOutcome => {
    const outcome = emptyOutcome(document);
    if (!settings.enable || !isDockerfileDocument(document.uri, document.languageId)) return outcome;
    const folder = workspaceFolderOf(fsPath);
    const chosenContext = settings.context ? resolveContextSetting(settings.context, folder, fsPath ? path.dirname(fsPath) : undefined) : undefined;
    const contextDir = documentContextDir(config, fsPath, chosenContext);
    // Settings and config win; else the context and target of the Dockerfile's build definition.
    const target = settings.target ?? config?.target;
    const builds = definitions && fsPath ? buildLintOptionsFor(definitions.definitions, fsPath, { ...(contextDir ? { contextDir } : {}), ...(target ? { target } : {}) }) : [];
    const result = lintDocument({
      text: document.getText(),
      ...(fsPath ? { path: fsPath } : {}),
      displayPath: fsPath ?? document.uri,
      rules,
      ...(config ? { config } : {}),
      configOverrides: settingsOverrides(settings),
      ...(contextDir ? { contextDir } : {}),
      ...(settings.target ? { target: settings.target } : {}),
      builds,
      session,
    });
    if (result.notLinted) {
      if (result.notLinted.reason === 'too-large') reportOnce(`dockerlint: ${document.uri} skipped: ${result.notLinted.message}`, 'warning');
      return outcome;
    }
    for (const error of result.ruleErrors) connection.console.error(`dockerlint: ${describeRuleError(error, result.filePath)}`);
    outcome.findings = result.findings;
    if (result.model) outcome.model = result.model;
    outcome.text = result.text ?? '';
    return outcome;
  };

  const diagnosticsOf = (outcome: LintOutcome): Diagnostic[] => outcome.findings.map((finding) => toDiagnostic(finding, outcome.uri));

  // ---- push ----------------------------------------------------------------------------------------
  const pushNow = async (uri: string): Promise<void> => {
    try {
      const outcome = await lintCurrent(uri);
      const current = documents.get(uri);
      // Stale: the document changed or closed meanwhile (a newer push is scheduled, or close cleared it).
      if (!outcome || !current || current.version !== outcome.version) return;
      await connection.sendDiagnostics({ uri, version: outcome.version, diagnostics: diagnosticsOf(outcome) });
    } catch (error) {
      connection.console.error(`dockerlint: could not publish diagnostics for ${uri}: ${errorText(error)}`);
    }
  };

  const schedulePush = (uri: string, delay: number) => {
    if (!push) return;
    const previous = pushTimers.get(uri);
    if (previous) clearTimeout(previous);
    pushTimers.set(
      uri,
      setTimeout(() => {
        pushTimers.delete(uri);
        void pushNow(uri);
      }, delay),
    );
  };

  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** Something outside the documents changed: re-lint every open document (coalesced). */
  const refreshAll = () => {
    generation++;
    lintCache.clear();
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined;
      if (pull && refreshSupport) {
        connection.languages.diagnostics.refresh().then(undefined, (error: unknown) => connection.console.warn(`dockerlint: diagnostic refresh failed: ${errorText(error)}`));
      }
      if (push) for (const document of documents.all()) schedulePush(document.uri, 0);
    }, 20);
  };

  // ---- lifecycle -----------------------------------------------------------------------------------
  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    const init = (params.initializationOptions ?? {}) as InitOptions;
    const mode: DiagnosticMode = init.diagnosticMode === 'push' || init.diagnosticMode === 'both' ? init.diagnosticMode : 'auto';
    pull = !!caps.textDocument?.diagnostic && mode !== 'push';
    push = !pull || mode === 'both';
    refreshSupport = !!caps.workspace?.diagnostics?.refreshSupport;
    configurationSupport = !!caps.workspace?.configuration;
    configurationRegistration = configurationSupport && !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    watchRegistration = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    const formats = caps.textDocument?.hover?.contentFormat;
    hoverMarkdown = !formats || formats.includes(MarkupKind.Markdown);
    editCaps.documentChanges = !!caps.workspace?.workspaceEdit?.documentChanges;
    editCaps.createFiles = !!caps.workspace?.workspaceEdit?.resourceOperations?.includes('create');
    if (typeof init.debounceMs === 'number' && init.debounceMs >= 0 && Number.isFinite(init.debounceMs)) debounceMs = init.debounceMs;
    if (init.settings !== undefined) globalSettings = normalizeSettings(init.settings);
    if (typeof init.allowJsConfig === 'boolean') allowJsConfig = init.allowJsConfig;
    const folders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
    workspaceFolders = folders.map(uriToPath).filter((p): p is string => p !== undefined);
    if (workspaceFolders.length === 0 && params.rootPath) workspaceFolders = [params.rootPath];

    const result: InitializeResult = {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix], resolveProvider: false },
        hoverProvider: true,
      },
      serverInfo: { name: SERVER_NAME, ...(SERVER_VERSION ? { version: SERVER_VERSION } : {}) },
    };
    if (pull) result.capabilities.diagnosticProvider = { identifier: SOURCE, interFileDependencies: false, workspaceDiagnostics: false };
    return result;
  });

  connection.onInitialized(() => {
    if (watchRegistration) {
      const all = WatchKind.Create | WatchKind.Change | WatchKind.Delete;
      void connection.client
        .register(DidChangeWatchedFilesNotification.type, {
          watchers: [
            { globPattern: '**/.dockerignore', kind: all },
            { globPattern: '**/*.dockerignore', kind: all },
            { globPattern: '**/.containerignore', kind: all },
            { globPattern: '**/.gitignore', kind: all },
            ...CONFIG_FILE_NAMES.map((name) => ({ globPattern: `**/${name}`, kind: all })),
            // Build definitions decide context, target and supplied secrets.
            { globPattern: '**/{compose,docker-compose}*.{yaml,yml}', kind: all },
            { globPattern: '**/docker-bake*.{hcl,json}', kind: all },
            { globPattern: '**/.github/workflows/*.{yaml,yml}', kind: all },
            // Files appearing in or vanishing from a build context (a new `.env`, a deleted key).
            { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete },
          ],
        })
        .then(undefined, (error: unknown) => connection.console.warn(`dockerlint: could not register file watchers: ${errorText(error)}`));
    }
    if (configurationRegistration) {
      void connection.client
        .register(DidChangeConfigurationNotification.type, { section: 'dockerlint' })
        .then(undefined, () => undefined);
    }
  });

  // ---- documents -----------------------------------------------------------------------------------
  const opened = new Set<string>();
  documents.onDidChangeContent((event) => {
    // Fired on open too: lint a freshly opened document at once, debounce edits.
    const uri = event.document.uri;
    const first = !opened.has(uri);
    opened.add(uri);
    schedulePush(uri, first ? 0 : debounceMs);
  });
  documents.onDidClose((event) => {
    const uri = event.document.uri;
    opened.delete(uri);
    const timer = pushTimers.get(uri);
    if (timer) clearTimeout(timer);
    pushTimers.delete(uri);
    lintCache.delete(uri);
    settingsCache.delete(uri);
    const fsPath = uriToPath(uri);
    forgetDocumentEdits(session, fsPath ?? uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] }).then(undefined, () => undefined);
  });

  // ---- pull ----------------------------------------------------------------------------------------
  connection.languages.diagnostics.on(async (params, token): Promise<DocumentDiagnosticReport> => {
    const uri = params.textDocument.uri;
    const document = documents.get(uri);
    if (!document) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const requested = document.version;
    const resultId = `${generation}:${requested}`;
    if (params.previousResultId === resultId && lintCache.get(uri)?.version === requested) {
      return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
    }
    let outcome: LintOutcome | undefined;
    try {
      outcome = await lintCurrent(uri);
    } catch (error) {
      connection.console.error(`dockerlint: internal error while linting ${uri}: ${errorText(error)}`);
    }
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
    if (!outcome) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    if (outcome.version !== requested) {
      // The request was for a version that no longer exists: drop it and let the client ask again.
      throw new ResponseError(LSPErrorCodes.ServerCancelled, 'document changed', { retriggerRequest: true });
    }
    return { kind: DocumentDiagnosticReportKind.Full, resultId: `${outcome.generation}:${outcome.version}`, items: diagnosticsOf(outcome) };
  });

  // ---- external changes ----------------------------------------------------------------------------
  connection.onDidChangeWatchedFiles((params) => {
    try {
      for (const change of params.changes) {
        const fsPath = uriToPath(change.uri);
        if (!fsPath) continue;
        const name = path.basename(fsPath);
        if ((CONFIG_FILE_NAMES as readonly string[]).includes(name)) {
          clearConfigCache(session);
          reportedConfigProblems.clear();
        }
        if (buildDefinitionKind(fsPath)) definitionSets.clear();
        invalidateBuildContexts(session);
      }
    } catch (error) {
      connection.console.error(`dockerlint: ${errorText(error)}`);
      invalidateBuildContexts(session);
      clearConfigCache(session);
      definitionSets.clear();
      reportedConfigProblems.clear();
    }
    refreshAll();
  });

  connection.onDidChangeConfiguration((params) => {
    settingsCache.clear();
    const raw = (params?.settings as { dockerlint?: unknown } | undefined)?.dockerlint;
    if (raw !== undefined) globalSettings = normalizeSettings(raw);
    refreshAll();
  });

  connection.onNotification(SET_JS_CONFIG_ALLOWED, (params: { allowed?: unknown } | undefined) => {
    if (typeof params?.allowed !== 'boolean' || params.allowed === allowJsConfig) return;
    allowJsConfig = params.allowed;
    reportedConfigProblems.clear();
    refreshAll();
  });

  // ---- code actions --------------------------------------------------------------------------------
  connection.onCodeAction(async (params): Promise<CodeAction[]> => {
    try {
      const only = params.context.only;
      if (only && !only.some((kind) => kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${kind}.`) || kind === '')) return [];
      const outcome = await lintCurrent(params.textDocument.uri);
      const document = documents.get(params.textDocument.uri);
      if (!outcome || !document || outcome.version !== document.version) return [];
      const byFingerprint = new Map<string, Diagnostic>();
      for (const diagnostic of params.context.diagnostics) {
        const data = diagnostic.data as Partial<DiagnosticData> | undefined;
        if (diagnostic.source === SOURCE && typeof data?.fingerprint === 'string') byFingerprint.set(data.fingerprint, diagnostic);
      }
      const target = { uri: document.uri, version: document.version, ...(uriToPath(document.uri) ? { fsPath: uriToPath(document.uri)! } : {}) };
      const actions: CodeAction[] = [];
      for (const finding of outcome.findings) {
        const asked = byFingerprint.get(finding.fingerprint);
        if (!asked && !rangesIntersect(findingRange(finding), params.range)) continue;
        const diagnostic = asked ?? toDiagnostic(finding, document.uri);
        if (finding.fix) {
          const edit = toWorkspaceEdit(finding.fix, target, editCaps);
          if (edit) actions.push(quickFix(finding.fix.description, diagnostic, edit, true));
        }
        for (const suggestion of finding.suggestions ?? []) {
          const edit = toWorkspaceEdit(suggestion, target, editCaps);
          if (edit) actions.push(quickFix(suggestion.description, diagnostic, edit));
        }
        if (finding.ruleId !== PARSE_ERROR_RULE_ID && outcome.model) {
          const edit = disableNextLineEdit(outcome.model, outcome.text, finding);
          if (edit) {
            const workspaceEdit = editCaps.documentChanges
              ? { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits: [edit] }] }
              : { changes: { [document.uri]: [edit] } };
            actions.push(quickFix(`Disable ${finding.ruleId} for this instruction`, diagnostic, workspaceEdit));
          }
        }
      }
      return actions;
    } catch (error) {
      connection.console.error(`dockerlint: code actions failed: ${errorText(error)}`);
      return [];
    }
  });

  // ---- hover ---------------------------------------------------------------------------------------
  connection.onHover(async (params): Promise<Hover | null> => {
    try {
      const outcome = await lintCurrent(params.textDocument.uri);
      if (!outcome) return null;
      const hits = outcome.findings.filter((finding) => rangeContainsPosition(findingRange(finding), params.position));
      if (hits.length === 0) return null;
      const sections = hits.map((finding) => hoverText(finding, hoverMarkdown));
      return {
        contents: { kind: hoverMarkdown ? MarkupKind.Markdown : MarkupKind.PlainText, value: sections.join(hoverMarkdown ? '\n\n---\n\n' : '\n\n') },
        range: findingRange(hits[0]!),
      };
    } catch (error) {
      connection.console.error(`dockerlint: hover failed: ${errorText(error)}`);
      return null;
    }
  });

  connection.onShutdown(() => {
    for (const timer of pushTimers.values()) clearTimeout(timer);
    pushTimers.clear();
    if (refreshTimer) clearTimeout(refreshTimer);
  });

  if (!options.connection) {
    // Last line of defence: log, never die, on anything a handler let through.
    process.on('uncaughtException', (error) => connection.console.error(`dockerlint: uncaught: ${errorText(error)}`));
    process.on('unhandledRejection', (error) => connection.console.error(`dockerlint: unhandled rejection: ${errorText(error)}`));
  }
  documents.listen(connection);
  connection.listen();
  return connection;
}

/** The hover text for one finding: what (the message), why (the rule), fix (its help) and the docs link. */
export function hoverText(finding: Finding, markdown: boolean): string {
  const rule = ruleById.get(finding.ruleId);
  const why = rule?.meta.description;
  if (!markdown) {
    return [
      `dockerlint ${finding.ruleId} (${finding.severity}): ${safe(finding.message)}`,
      ...(why ? [`Why: ${why}`] : []),
      `Fix: ${safe(finding.help)}`,
      `Docs: ${finding.url}`,
    ].join('\n');
  }
  // Backticks are kept: help texts quote commands as code spans.
  const escape = (text: string) => text.replace(/([\\*_{}[\]<>#|])/g, '\\$1');
  return [
    `**dockerlint** [\`${finding.ruleId}\`](${finding.url}) (${finding.severity}): ${escape(safe(finding.message))}`,
    ...(why ? [`**Why:** ${escape(why)}`] : []),
    `**Fix:** ${escape(safe(finding.help))}`,
    `[Rule documentation](${finding.url})`,
  ].join('\n\n');
}
