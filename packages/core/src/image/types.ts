/** Shapes of an image scan: where a finding is in the image, what it is, and what the scan could not read. */
import type { SensitiveFileSettings } from '../analysis/sensitive-files.js';

export type ImageFindingKind =
  /** A file whose name (and, for config files, content) says it holds credentials: `.env`, `id_rsa`, `.npmrc` with a token. */
  | 'sensitive-file'
  /** A provider token in the text of a file with an innocent name. */
  | 'secret-in-file'
  /** A secret-like build arg recorded with a value in a RUN history entry (`RUN |1 NPM_TOKEN=… /bin/sh -c …`). */
  | 'build-arg-in-history'
  /** A literal token in a history entry's `created_by` or `comment`. */
  | 'secret-in-history'
  /** A secret in the image configuration: `Env`, `Labels` or any other field. */
  | 'secret-in-config';

/** Whether a layer finding can still be seen in the final filesystem. */
export type LayerVisibility =
  | 'final'
  /** A later layer deleted it (whiteout or opaque directory): gone from containers, still in `docker save`. */
  | 'deleted-later'
  /** A later layer put another file at the same path: the old content is still in the lower layer. */
  | 'overwritten-later';

export interface ImageLocation {
  kind: 'layer' | 'config' | 'history';
  /** Image reference: its first tag, else the manifest/config digest. */
  image: string;
  /** `os/arch[/variant]` when the archive holds more than one platform. */
  platform?: string;
  /** 1-based layer number (bottom layer = 1). */
  layer?: number;
  /** Uncompressed layer digest (`diff_id`): the same whether the archive stores it raw, gzip or zstd. */
  layerDigest?: string;
  /** Absolute path inside the layer (`/app/.env`); for a sensitive directory, the directory. */
  path?: string;
  /** Config field, e.g. `Env NPM_TOKEN`, `Labels org.example.token`, `Cmd`. */
  field?: string;
  /** 0-based index in the config's `history`. */
  historyIndex?: number;
  /** The history entry's `created_by`, redacted (secrets masked, build-arg values masked). */
  createdBy?: string;
}

export interface DockerfileTie {
  /** 1-based line/column range of the instruction (or the ARG/ENV/LABEL key) in the Dockerfile. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The static rule that prevents this leak; absent when no rule covers it (a token in an innocently named file). */
  ruleId?: string;
  /** A second rule that also applies (`no-secret-deleted-in-later-layer` for a file deleted later). */
  alsoRuleIds?: string[];
  /** Instruction keyword and a short redacted label (`COPY . .`). */
  instruction: string;
}

export interface ImageFinding {
  kind: ImageFindingKind;
  severity: 'error' | 'warning';
  /** One line, already redacted: never holds a secret value. */
  message: string;
  location: ImageLocation;
  visibility?: LayerVisibility;
  /** The 1-based layer that deleted or replaced it. */
  hiddenBy?: number;
  /** What was found: the sensitive-file label or the provider name. */
  what: string;
  /** Catalogue provider id for tokens (`npm-access-token`), the sensitive pattern's glob for files. */
  detail: string;
  /** Variable / key name for build args, Env and Labels. */
  name?: string;
  /** Files inside a sensitive directory that were found (e.g. 42 files under `.git`). */
  fileCount?: number;
  /** Stable across archive layouts (classic vs OCI) and line moves. */
  fingerprint: string;
  /** Set once the image is aligned with its Dockerfile. */
  dockerfile?: DockerfileTie;
}

/** A build arg as the history records it: the evidence `--verify` needs for "not observed" (an empty value). */
export interface RecordedBuildArg {
  name: string;
  historyIndex: number;
  /** The value was empty: the arg was not passed in this build. */
  empty: boolean;
}

export interface ScannedLayer {
  /** 1-based. */
  number: number;
  digest: string;
  compression: 'none' | 'gzip' | 'zstd' | 'unknown';
  historyIndex?: number;
  files: number;
  /** Decompressed bytes read. */
  bytes: number;
}

export interface ScannedHistoryEntry {
  index: number;
  createdBy: string;
  emptyLayer: boolean;
  /** 1-based layer number for entries that made a layer. */
  layer?: number;
}

export interface ScannedImage {
  ref: string;
  platform?: string;
  configDigest?: string;
  layers: ScannedLayer[];
  history: ScannedHistoryEntry[];
  buildArgs: RecordedBuildArg[];
}

export interface ImageScanStats {
  layersRead: number;
  files: number;
  /** Decompressed layer bytes read. */
  bytes: number;
  contentScanned: number;
  skippedLarge: number;
  skippedBinary: number;
}

export interface ImageScanResult {
  /** The source as given (a path or `-`). */
  source: string;
  images: ScannedImage[];
  findings: ImageFinding[];
  /** One-line notes on what could not be read (the result is partial where they say so). */
  warnings: string[];
  stats: ImageScanStats;
}

export interface ImageScanOptions {
  /** Text content of files up to this size is scanned for tokens (default 1 MiB); larger files are classified by name only. */
  maxFileSize?: number;
  /** JSON documents (manifest, index, config) larger than this are not read (default 8 MiB). */
  maxJsonSize?: number;
  /** At most this many layers per image are read (default 1000). */
  maxLayers?: number;
  /** At most this many tar entries per layer (default 2,000,000). */
  maxEntriesPerLayer?: number;
  /** Stop reading a layer whose decompressed size passes this many times its compressed size (default 1000)… */
  maxCompressionRatio?: number;
  /** …once it has decompressed more than this many bytes (default 1 GiB). */
  compressionCheckAfter?: number;
  /** At most this many findings in all (default 5000). */
  maxFindings?: number;
  /** `os/arch[/variant]` to pick from a multi-platform index; default: all platforms. */
  platform?: string;
  /** Sensitive-file list (defaults + `sensitiveFiles`, minus `allowFiles`), the same one the static rules use. */
  sensitiveFiles?: SensitiveFileSettings;
}
