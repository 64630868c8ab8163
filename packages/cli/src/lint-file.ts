/** Linting one file through core's document API, as one job of a run. Shared by the main thread and workers. */
import { errorLine, createLintSession, describeRuleError, DIRECTORY_LISTING, lintDocument, RAW_ARGUMENTS, SENSITIVE_NAMES, type DocumentInput, DEFAULT_SESSION_ENTRIES, type LintSession, type ResolvedConfig, type Rule } from '@dockerlint/core';
import type { FileResult } from './types.js';

export interface LintJob {
  index: number;
  absolutePath: string;
  displayPath: string;
  contextDir?: string;
  /** Other Dockerfiles of this run built from the same context (see `LintOptions.contextPeers`). */
  contextPeers?: string[];
  config?: ResolvedConfig;
  target?: string;
  onlyRules?: string[];
  /** Keep the source text for code frames. */
  wantSource: boolean;
  /** Text to lint instead of reading the file (stdin). */
  text?: string;
  /** Set when build definitions build this Dockerfile: which, and the secret ids its builds supply. */
  build?: { label: string; secretIds: string[] };
  /** Jobs of one Dockerfile built several ways share the index of the first: their results are merged. */
  group?: number;
}

/**
 * Bounds of a run's session (one per run, and one per worker). A run walks the tree in sorted order, so what repeats
 * (a templated Dockerfile, a shared build context) mostly repeats in neighbouring files. Measured on the 5,835-file
 * corpus (issue 15): at 1024 entries per kind the shell kinds hold ~27 MB, and V8 lets the old generation grow to
 * about four times what survives a full GC, so peak RSS was ~300 MB; at 64–256 entries they hold 6–11 MB, peak RSS
 * falls to 175–213 MB, and hit rates move by at most 4 points (shell-template 14.8–17.3 % against 17.8 %,
 * shell-placed 27.8–31.7 % against 33.4 %). Basename verdicts are tiny and hit 88–95 %: they keep the default.
 */
export const RUN_SESSION_ENTRIES = 128;

/**
 * Folder listings a run keeps: discovery lists every folder before the first lint, so the bound must hold a whole
 * tree's worth for the later probes to find them. Measured on the 5,835-Dockerfile corpus (issue 15): 6,693 folders
 * (the tree's 6,689 and 4 above it) are listed once each, the 18,447 listing lookups after discovery are all hits,
 * and the listings add ~3 MB to the heap. A larger tree evicts the earliest listings; a probe then reads the folder again.
 */
export const RUN_DIRECTORY_LISTINGS = 8192;

/**
 * A run keeps no raw-argument scans: across files an instruction repeats at the same line and column only 32 % of
 * the time (14,972 hits, 32,174 misses on the corpus), and building and hashing the key of each miss costs more than
 * the word scan it would save (one thread, interleaved A/B: wall −2 %, CPU −3 % without). The editor keeps them: an
 * edit leaves most instructions in place.
 */
const RUN_RAW_ARGUMENT_SCANS = 0;

/**
 * The run's session. A run lints one snapshot of the tree (`fileSystemSnapshot`): folder listings are read once;
 * whatever the run itself writes (`--fix`) is followed by `invalidateBuildContexts`.
 */
export function createRunSession(): LintSession {
  return createLintSession({
    maxEntriesPerKind: RUN_SESSION_ENTRIES,
    maxEntriesByKind: { [SENSITIVE_NAMES]: DEFAULT_SESSION_ENTRIES, [DIRECTORY_LISTING]: RUN_DIRECTORY_LISTINGS, [RAW_ARGUMENTS]: RUN_RAW_ARGUMENT_SCANS },
    fileSystemSnapshot: true,
  });
}

export type JobOutcome =
  | { index: number; kind: 'result'; result: FileResult; ruleErrors?: string[]; unknownTarget?: { target: string; stages: string[] }; unknownTargetBuild?: string }
  | { index: number; kind: 'skipped'; message: string }
  | { index: number; kind: 'error'; message: string };


export function runJob(job: LintJob, rules: readonly Rule[], session?: LintSession): JobOutcome {
  try {
    // The run already left out what the config ignores (and says so for files named on the command line).
    const input: DocumentInput = { displayPath: job.displayPath, rules, honourIgnores: false };
    if (job.absolutePath) input.path = job.absolutePath;
    if (job.text !== undefined) input.text = job.text;
    if (job.config) input.config = job.config;
    if (job.contextDir) input.contextDir = job.contextDir;
    if (job.contextPeers) input.contextPeers = job.contextPeers;
    if (job.target) input.target = job.target;
    if (job.build) input.build = job.build;
    if (job.onlyRules) input.onlyRules = job.onlyRules;
    if (session) input.session = session;
    const lint = lintDocument(input);
    if (lint.notLinted) {
      const { reason, message } = lint.notLinted;
      // Binary and huge files are expected in a tree; a path that cannot be read is an error of the run.
      return reason === 'binary' || reason === 'too-large' ? { index: job.index, kind: 'skipped', message: `not linted: ${message}` } : { index: job.index, kind: 'error', message };
    }
    const result: FileResult = {
      filePath: job.displayPath,
      ...(job.absolutePath ? { absolutePath: job.absolutePath } : {}),
      findings: lint.findings,
      ...(lint.fatal !== undefined ? { fatal: lint.fatal } : {}),
      // Code frames are drawn only under findings: a clean file's text is not kept until the report.
      ...(job.wantSource && lint.text !== undefined && lint.findings.length > 0 ? { source: lint.text } : {}),
    };
    return {
      index: job.index,
      kind: 'result',
      result,
      ...(lint.ruleErrors.length > 0 ? { ruleErrors: lint.ruleErrors.map((error) => describeRuleError(error, lint.filePath)) } : {}),
      ...(lint.unknownTarget ? { unknownTarget: lint.unknownTarget } : {}),
    };
  } catch (error) {
    return { index: job.index, kind: 'error', message: `internal error while linting: ${errorLine(error)}` };
  }
}
