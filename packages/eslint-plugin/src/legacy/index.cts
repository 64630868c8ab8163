/**
 * ESLint 8 entry (CommonJS, eslintrc): `plugins: ['@dockerlint']` / `extends: ['plugin:@dockerlint/recommended']`.
 * Rules are ids `@dockerlint/<id>` here (eslintrc derives the prefix from the package name). The same core rules
 * run in an engine worker; see client.cts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { callEngine } from './client.cjs';
import type { DockerlintServices, LegacyFinding } from './parser.cjs';

interface RuleInfo {
  id: string;
  description: string;
  severity: 'error' | 'warning';
  recommended: boolean;
  messageIds: string[];
  schema: unknown[];
  url: string;
}

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { name: string; version: string };
const { rules: infos } = callEngine<{ rules: RuleInfo[] }>({ type: 'meta' });

interface LegacyContext {
  options: unknown[];
  sourceCode?: { parserServices?: { dockerlint?: DockerlintServices } };
  parserServices?: { dockerlint?: DockerlintServices };
  getSourceCode?(): { parserServices?: { dockerlint?: DockerlintServices } };
  report(descriptor: Record<string, unknown>): void;
}
interface Fixer {
  replaceTextRange(range: [number, number], text: string): unknown;
}

function fixFunction(fix: { edits: { range: [number, number]; text: string }[] }) {
  return (fixer: Fixer) => fix.edits.map((edit) => fixer.replaceTextRange(edit.range, edit.text));
}

function report(context: LegacyContext, finding: LegacyFinding, messageIds: Set<string>): void {
  // ESTree columns are 0-based: ESLint adds 1 back in its output, so positions equal the CLI's.
  const descriptor: Record<string, unknown> = {
    loc: { start: { line: finding.line, column: finding.column - 1 }, end: { line: finding.endLine, column: finding.endColumn - 1 } },
  };
  if (messageIds.has(finding.messageId)) {
    descriptor.messageId = finding.messageId;
    descriptor.data = { message: finding.message };
  } else {
    descriptor.message = finding.message;
  }
  if (finding.fix) descriptor.fix = fixFunction(finding.fix);
  if (finding.suggestions) descriptor.suggest = finding.suggestions.map((s) => ({ desc: s.description, fix: fixFunction(s) }));
  context.report(descriptor);
}

function servicesOf(context: LegacyContext): DockerlintServices | undefined {
  const sourceCode = context.sourceCode ?? context.getSourceCode?.();
  return sourceCode?.parserServices?.dockerlint ?? context.parserServices?.dockerlint;
}

const rules: Record<string, unknown> = {};
for (const info of infos) {
  const messages = Object.fromEntries(info.messageIds.map((id) => [id, '{{message}}']));
  const messageIds = new Set(info.messageIds);
  rules[info.id] = {
    meta: {
      type: 'problem',
      docs: { description: info.description, recommended: info.recommended, url: info.url },
      fixable: 'code',
      hasSuggestions: true,
      schema: info.schema,
      messages,
    },
    create(context: LegacyContext) {
      const services = servicesOf(context);
      if (!services) return {}; // not parsed by our parser: not a Dockerfile
      return {
        Program() {
          const options = context.options[0] as Record<string, unknown> | undefined;
          for (const finding of services.findings(info.id, options)) report(context, finding, messageIds);
        },
      };
    },
  };
}

const parser = join(__dirname, 'parser.cjs');
const recommendedRules = Object.fromEntries(
  infos.filter((info) => info.recommended).map((info) => [`@dockerlint/${info.id}`, info.severity === 'error' ? 'error' : 'warn']),
);

const plugin = {
  meta: { name: pkg.name, version: pkg.version },
  rules,
  configs: {
    recommended: {
      plugins: ['@dockerlint'],
      overrides: [
        // eslintrc never auto-discovers files for an override with a pattern ending in `*`: keep those apart.
        { files: ['Dockerfile', 'dockerfile', '*.Dockerfile', '*.dockerfile', 'Containerfile'], parser, rules: recommendedRules },
        { files: ['Dockerfile.*', 'Containerfile.*'], excludedFiles: ['*.dockerignore', '*.containerignore'], parser, rules: recommendedRules },
      ],
    },
  },
};

export = plugin;
