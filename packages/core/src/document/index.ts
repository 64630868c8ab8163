export { isDockerfileName, isIgnoreFileName } from './names.js';
export { BINARY_SNIFF_BYTES, MAX_DOCUMENT_BYTES, readDockerfile, stripBom, textNotLinted, type NotLinted, type NotLintedReason } from './read.js';
export { documentContextDir, layerConfig, loadDocumentConfig, type ConfigOverrides, type DocumentConfigOptions } from './config.js';
export { ignoredByConfig, lintDocument, lintDocumentWithConfig, type DocumentInput, type DocumentResult } from './lint-document.js';
export { errorLine, maskSecrets, redactSecrets } from './redaction.js';
export { discoverDockerfiles, type DiscoveryOptions, type DiscoveryResult } from './discover.js';
