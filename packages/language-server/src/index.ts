/** @dockerlint/language-server — the LSP adapter over @dockerlint/core. */
export { startServer, isDockerfileDocument, hoverText, SERVER_NAME, DEFAULT_DEBOUNCE_MS, type StartServerOptions, type DiagnosticMode } from './server.js';
export { toDiagnostic, toWorkspaceEdit, disableNextLineEdit, toLspRange, findingRange, SOURCE, DISABLE_DIRECTIVE } from './convert.js';
export { normalizeSettings, layerSettings, settingsOverrides, DEFAULT_SETTINGS, type ServerSettings } from './settings.js';
export { serverVersion, USAGE } from './version.js';
