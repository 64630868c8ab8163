/**
 * `dockerlint --image <src> [Dockerfile] [--verify]`: check a built image with core's image scanner, tie its
 * findings to the Dockerfile, and report them through the same formatters, exit codes and redaction.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  errorLine, IMAGE_RULE_METAS,
  ConfigError,
  describeRuleError,
  imageFindingToFinding,
  initialize,
  lintDocument,
  loadConfig,
  maskSecrets,
  readDockerfile,
  ruleDocsUrl,
  scanImage,
  sensitiveFileSettings,
  tieFindings,
  verificationSuffix,
  verifyFindings,
  type DockerfileModel,
  type Finding,
  type ImageScanOptions,
  type Rule,
} from '@dockerlint/core';
import { UsageError, useColor, type CliOptions } from './args.js';
import { loadFormatter } from './formatters/load.js';
import type { Io } from './run.js';
import type { FileResult, FormatterContext } from './types.js';
import { readVersion } from './version.js';


interface StaticSide {
  displayPath: string;
  absolutePath: string;
  text: string;
  findings: Finding[];
  model: DockerfileModel;
  sensitiveOptions?: Record<string, unknown>;
}

async function lintDockerfile(opts: CliOptions, io: Io, rules: readonly Rule[], file: string): Promise<StaticSide> {
  const abs = path.resolve(io.cwd, file);
  const read = readDockerfile(abs);
  if ('notLinted' in read) {
    const { reason, message } = read.notLinted;
    throw new UsageError(`${file}: ${reason === 'binary' || reason === 'too-large' ? `not linted: ${message}` : message}`);
  }
  const config = await loadConfig(abs, {
    ...(opts.config !== undefined ? { explicitConfig: path.resolve(io.cwd, opts.config) } : {}),
    noConfigLookup: opts.noConfigLookup,
  });
  await initialize();
  const displayPath = path.relative(io.cwd, abs) || path.basename(abs);
  const lint = lintDocument({
    path: abs,
    text: read.text,
    displayPath,
    rules,
    config,
    ...(opts.context !== undefined ? { contextDir: path.resolve(io.cwd, opts.context) } : {}),
    ...(opts.target ? { target: opts.target } : {}),
    ...(opts.rules.length > 0 ? { onlyRules: opts.rules } : {}),
    // Named on the command line to check an image against: linted whatever the config's `ignores` say.
    honourIgnores: false,
  });
  for (const error of lint.ruleErrors) io.stderr.write(`dockerlint: ${displayPath}: ${describeRuleError(error, displayPath)}\n`);
  if (!lint.model || lint.fatal !== undefined) throw new UsageError(`${file}: ${lint.fatal ?? 'cannot be analysed'}`);
  const sensitiveOptions = config.rules['no-context-secrets']?.options;
  return { displayPath, absolutePath: abs, text: read.text, findings: lint.findings, model: lint.model, ...(sensitiveOptions ? { sensitiveOptions } : {}) };
}

export async function runImage(opts: CliOptions, io: Io, rules: readonly Rule[]): Promise<number> {
  const err = (line: string) => io.stderr.write(`dockerlint: ${line}\n`);
  const source = opts.image!;
  const staticSide = opts.imageDockerfile !== undefined ? await lintDockerfile(opts, io, rules, opts.imageDockerfile).catch((error: unknown) => {
    if (error instanceof UsageError || (error as { name?: string }).name === 'ConfigError' || error instanceof ConfigError) throw error;
    throw new UsageError(`${opts.imageDockerfile}: ${errorLine(error)}`);
  }) : undefined;

  const scanOptions: ImageScanOptions = {
    ...(opts.imageMaxFileSize !== undefined ? { maxFileSize: opts.imageMaxFileSize } : {}),
    ...(opts.platform !== undefined ? { platform: opts.platform } : {}),
    sensitiveFiles: sensitiveFileSettings(staticSide?.sensitiveOptions),
  };
  let scan;
  try {
    scan = source === '-'
      ? await scanImage({ stream: (io.stdinStream ?? (() => process.stdin))(), name: '<stdin>' }, scanOptions)
      : await scanImage(path.resolve(io.cwd, source), scanOptions);
  } catch (error) {
    err(`--image: ${source === '-' ? '<stdin>' : source}: ${errorLine(error).replace(/^.*?: (?=not |cannot )/, '')}`);
    return 2;
  }
  for (const warning of scan.warnings) err(`${source === '-' ? '<stdin>' : source}: ${warning}`);

  const imagePath = source === '-' ? '<stdin>' : source;
  const ruleMetas = rules.map((rule) => rule.meta);
  let findings: Finding[];
  if (staticSide) {
    const alignments = tieFindings(scan, staticSide.model);
    const toFinding = (f: (typeof scan.findings)[number]) => imageFindingToFinding(f, { dockerfilePath: staticSide.displayPath, imagePath, ruleMetas });
    if (opts.verify) {
      const outcome = verifyFindings(staticSide.findings, scan, staticSide.model, alignments);
      findings = [
        ...outcome.findings.map((f) => ({ ...f, message: `${f.message}${verificationSuffix(f.verification!)}` })),
        ...outcome.missed.map((f) => {
          const verification = { status: 'missed-by-static' as const, note: 'missed by static analysis' };
          const finding = toFinding(f);
          return { ...finding, verification, message: `${finding.message}${verificationSuffix(verification)}` };
        }),
      ];
    } else {
      findings = scan.findings.map(toFinding);
    }
  } else {
    findings = scan.findings.map((f) => imageFindingToFinding(f, { imagePath, ruleMetas }));
  }

  // One result per file: the Dockerfile (tied findings) and the image (the rest).
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
  if (staticSide && !byFile.has(staticSide.displayPath)) byFile.set(staticSide.displayPath, []);
  const results: FileResult[] = [...byFile].map(([file, list]) => {
    const isDockerfile = staticSide !== undefined && file === staticSide.displayPath;
    const sorted = list.sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
    return {
      filePath: file,
      ...(isDockerfile ? { absolutePath: staticSide.absolutePath } : file.startsWith('<') ? {} : { absolutePath: path.resolve(io.cwd, file) }),
      findings: opts.quiet ? sorted.filter((f) => f.severity === 'error') : sorted,
      ...(isDockerfile && opts.format === 'stylish' ? { source: staticSide.text } : {}),
    };
  });
  return emitImageReport(results, opts, io, [...rules, ...IMAGE_RULE_METAS]);
}

async function emitImageReport(results: FileResult[], opts: CliOptions, io: Io, rules: FormatterContext['rules']): Promise<number> {
  const { findRepoRoot } = await import('./run.js');
  const ctx: FormatterContext = {
    cwd: io.cwd,
    rootDir: findRepoRoot(io.cwd),
    rules,
    version: readVersion(),
    color: opts.outputFile === undefined && opts.format === 'stylish' && useColor(opts.color, io.env, !!io.stdout.isTTY),
    docsUrl: (id) => ruleDocsUrl(id),
    maskSecrets,
  };
  const report = (await loadFormatter(opts.format))(results, ctx);
  if (opts.outputFile !== undefined) {
    const out = path.resolve(io.cwd, opts.outputFile);
    try {
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(out, report);
    } catch (error) {
      io.stderr.write(`dockerlint: --output-file: cannot write ${opts.outputFile} (${(error as NodeJS.ErrnoException).code ?? errorLine(error)})\n`);
      return 2;
    }
  } else if (report !== '') {
    io.stdout.write(report);
  }
  let errors = 0;
  let warnings = 0;
  for (const f of results.flatMap((r) => r.findings)) f.severity === 'error' ? errors++ : warnings++;
  if (errors > 0) return 1;
  if (opts.maxWarnings >= 0 && warnings > opts.maxWarnings) {
    io.stderr.write(`dockerlint: too many warnings (${warnings}, maximum: ${opts.maxWarnings})\n`);
    return 1;
  }
  return 0;
}
