/**
 * The CommonJS entry, `require('@dockerlint/eslint-plugin')`, for both config systems that load plugins with
 * `require()`:
 * - flat config in `eslint.config.cjs` (ESLint 9/10): `configs.recommended`, a flat config object that lints
 *   Dockerfiles with ESLint's JavaScript language and this package's parser (`parser.cjs`); rule ids
 *   `dockerlint/<id>`, engine settings in `languageOptions.parserOptions.dockerlint`;
 * - eslintrc (ESLint 8, ESLint 9 with ESLINT_USE_FLAT_CONFIG=false): `plugins: ['@dockerlint']`,
 *   `extends: ['plugin:@dockerlint/legacy-recommended']`; rule ids `@dockerlint/<id>` (eslintrc derives the prefix
 *   from the package name).
 * The ESM entry (index.ts, `import`) is the flat plugin with the `dockerlint/dockerfile` language instead: it needs
 * top-level await for the WebAssembly parser, which `require()` cannot wait for. Here the same core rules run in an
 * engine worker called synchronously; see client.cts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { callEngine } from './client.cjs';
import * as parser from './parser.cjs';
import type { DockerlintServices, LegacyFinding } from './parser.cjs';

interface RuleInfo {
  id: string;
  description: string;
  severity: 'error' | 'warning';
  recommended: boolean;
  messageIds: string[];
  /** From the core rule's metadata (see findings.ts fixMeta). */
  fixable?: 'code';
  hasSuggestions?: true;
  schema: unknown[];
  url: string;
}

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { name: string; version: string };
const { rules: infos, files, ignores } = callEngine<{ rules: RuleInfo[]; files: string[]; ignores: string[] }>({ type: 'meta' });

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
      ...(info.fixable ? { fixable: info.fixable } : {}),
      ...(info.hasSuggestions ? { hasSuggestions: true } : {}),
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

// eslintrc names the parser by path and loads it itself; flat config takes the module object.
const parserPath = join(__dirname, 'parser.cjs');
const recommendedOf = (prefix: string) =>
  Object.fromEntries(infos.filter((info) => info.recommended).map((info) => [`${prefix}/${info.id}`, info.severity === 'error' ? 'error' : 'warn']));

const plugin = {
  meta: { name: pkg.name, version: pkg.version, namespace: 'dockerlint' },
  rules,
  configs: {
    /** Flat config (ESLint ≥ 9.7): `module.exports = [require('@dockerlint/eslint-plugin').configs.recommended]`. */
    recommended: {
      name: 'dockerlint/recommended',
      files,
      ignores,
      plugins: {} as Record<string, unknown>,
      languageOptions: { parser },
      rules: recommendedOf('dockerlint'),
    },
    /** eslintrc (ESLint 8): `extends: ['plugin:@dockerlint/legacy-recommended']`. */
    'legacy-recommended': {
      plugins: ['@dockerlint'],
      overrides: [
        // eslintrc never auto-discovers files for an override with a pattern ending in `*`: keep those apart.
        { files: ['Dockerfile', 'dockerfile', '*.Dockerfile', '*.dockerfile', 'Containerfile'], parser: parserPath, rules: recommendedOf('@dockerlint') },
        { files: ['Dockerfile.*', 'Containerfile.*'], excludedFiles: ['*.dockerignore', '*.containerignore'], parser: parserPath, rules: recommendedOf('@dockerlint') },
      ],
    },
  },
};

plugin.configs.recommended.plugins.dockerlint = plugin;

export = plugin;
