/** SARIF 2.1.0, shaped for GitHub code scanning (relative URIs under %SRCROOT%, partialFingerprints, rule help). */
import { pathToFileURL } from 'node:url';
import { PARSE_ERROR_RULE_ID, type Finding, type RuleMeta } from '@dockerlint/core';
import type { FileResult, FormatterContext, Formatter } from '../types.js';
import { sarifImageProperties, sarifLogicalLocations } from './sarif-image.js';
import { INFORMATION_URI, NOT_LINTED_ID, absolutePathOf, docsUrlFor, metaOf, repoRelative } from './util.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

function pascal(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function encodeRelative(rel: string): string {
  return rel.split('/').map(encodeURIComponent).join('/');
}

function securitySeverity(meta: RuleMeta): string {
  const score = meta.securitySeverity ?? (meta.severity === 'error' ? 7.5 : 4.0);
  return score.toFixed(1);
}

function syntheticMeta(finding: Finding): RuleMeta {
  const isParse = finding.ruleId === PARSE_ERROR_RULE_ID;
  return {
    id: finding.ruleId,
    description: isParse ? 'The Dockerfile could not be parsed.' : finding.ruleId,
    severity: finding.severity,
    messages: {},
    help: isParse ? 'Fix the syntax error so that the file can be analysed.' : finding.help,
    tags: isParse ? ['correctness'] : ['security'],
    ...(isParse ? { securitySeverity: 1 } : {}),
  };
}

export function toSarif(results: readonly FileResult[], ctx: FormatterContext): Record<string, unknown> {
  const allFindings = results.flatMap((r) => r.findings);
  const metas: RuleMeta[] = ctx.rules.map(metaOf);
  const index = new Map<string, number>();
  metas.forEach((m, i) => index.set(m.id, i));
  for (const f of allFindings) {
    if (!index.has(f.ruleId)) {
      index.set(f.ruleId, metas.length);
      metas.push(syntheticMeta(f));
    }
  }
  const rules = metas.map((meta) => {
    const helpUri = docsUrlFor(meta.id, ctx, allFindings);
    const tags = [...new Set([...(meta.tags ?? []), ...(meta.id === PARSE_ERROR_RULE_ID ? [] : ['security'])])];
    const full = meta.description.endsWith('.') ? meta.description : `${meta.description}.`;
    return {
      id: meta.id,
      name: pascal(meta.id),
      shortDescription: { text: meta.description },
      fullDescription: { text: full },
      help: { text: `${meta.help}\n\nDocumentation: ${helpUri}`, markdown: `${meta.help}\n\n[Documentation](${helpUri})` },
      helpUri,
      defaultConfiguration: { level: meta.severity },
      properties: {
        tags,
        precision: meta.id === PARSE_ERROR_RULE_ID ? 'very-high' : 'high',
        'security-severity': securitySeverity(meta),
      },
    };
  });

  const artifactLocationOf = (result: FileResult) => {
    const rel = repoRelative(result, ctx);
    return rel !== undefined
      ? { uri: encodeRelative(rel), uriBaseId: '%SRCROOT%' }
      : result.absolutePath || !result.filePath.startsWith('<')
        ? { uri: pathToFileURL(absolutePathOf(result, ctx)).href }
        : { uri: encodeURIComponent(result.filePath) };
  };
  // A file that could not be linted is not a result of any rule: SARIF's place for it is a tool execution
  // notification (GitHub code scanning lists them on the tool status page).
  const notifications = results.flatMap((result) =>
    result.notLinted === undefined
      ? []
      : [{
          level: 'error',
          message: { text: result.notLinted },
          descriptor: { id: NOT_LINTED_ID },
          locations: [{ physicalLocation: { artifactLocation: artifactLocationOf(result) } }],
        }],
  );

  const sarifResults = results.flatMap((result) => {
    const artifactLocation = artifactLocationOf(result);
    return result.findings.map((f) => {
      const out: Record<string, unknown> = {
        ruleId: f.ruleId,
        ruleIndex: index.get(f.ruleId),
        level: f.severity,
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation,
              region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
            },
            ...(sarifLogicalLocations(f) ? { logicalLocations: sarifLogicalLocations(f) } : {}),
          },
        ],
        ...(sarifImageProperties(f) ? { properties: sarifImageProperties(f) } : {}),
        // The engine's fingerprint ignores line numbers, so moving unrelated lines keeps it; GitHub only reads
        // primaryLocationLineHash (the upload action keeps a value that is present). The versioned key is the same
        // value under our own name: what `--baseline` files and config `allowlist.fingerprints` list.
        partialFingerprints: { primaryLocationLineHash: f.fingerprint, 'dockerlintFingerprint/v1': f.fingerprint },
      };
      if (f.related && f.related.length > 0) {
        out.relatedLocations = f.related.map((r, i) => ({
          id: i + 1,
          physicalLocation: {
            artifactLocation,
            region: {
              startLine: r.line,
              startColumn: r.column,
              ...(r.endLine !== undefined ? { endLine: r.endLine } : {}),
              ...(r.endColumn !== undefined ? { endColumn: r.endColumn } : {}),
            },
          },
          message: { text: r.message },
        }));
      }
      return out;
    });
  });

  const rootUri = pathToFileURL(ctx.rootDir).href;
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dockerlint',
            version: ctx.version,
            semanticVersion: ctx.version,
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
            ...(ctx.configNotices && ctx.configNotices.length > 0
              ? {
                  toolConfigurationNotifications: ctx.configNotices.map((notice) => ({
                    descriptor: { id: notice.id },
                    level: 'warning',
                    message: { text: notice.message },
                  })),
                }
              : {}),
          },
        ],
        originalUriBaseIds: { '%SRCROOT%': { uri: rootUri.endsWith('/') ? rootUri : `${rootUri}/` } },
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
      },
    ],
  };
}

export const sarif: Formatter = (results, ctx) => `${JSON.stringify(toSarif(results, ctx), null, 2)}\n`;
