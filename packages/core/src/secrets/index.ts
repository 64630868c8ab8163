/** Public API of the secret catalogue (token formats, names, values, redaction); test fakes are in `@dockerlint/core/testing`. */
export type { Confidence, NameClass, SecretMatch, SecretProvider, ValueClass, Verdict } from './types.js';
export { PROVIDERS, providerById, knownTokenVerdict } from './providers.js';
export { MAX_SCAN_LENGTH, scanEachForSecrets, scanForSecrets, type ScanOptions } from './scan.js';
export {
  crc32,
  crc32Base62Checksum,
  decodeBase64,
  decodeBase64Text,
  decodeJwtHeader,
  hasValidJwtHeader,
  isPypiMacaroon,
  privateKeyBodyMagic,
  toBase62,
  validCloudflareChecksum,
  validCrc32Base62,
  type PrivateKeyMagic,
} from './checksums.js';
export { classifyName, isSecretName, normalizeName } from './names.js';
export {
  FINGERPRINT_NAME_RE,
  FINGERPRINT_VALUE_RE,
  classifyValue,
  containsReference,
  isClearlyNotSecret,
  isDocumentedExample,
  isFingerprintValue,
  isPlaceholder,
  isPlaceholderToken,
  isReference,
  literalSegments,
  referencedVariables,
} from './values.js';
export { shannonEntropy } from './entropy.js';
export { containsSecret, redact, redactText } from './redact.js';
