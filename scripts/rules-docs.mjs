// Writes what the docs say about each rule from its metadata: the README rule table and, in each
// docs/rules/<id>.md, the summary with its severity/fixable/context line and the related checks of other tools.
//   node scripts/rules-docs.mjs          rewrite README.md and the pages (`npm run docs:rules`)
//   node scripts/rules-docs.mjs --check  exit 1 and name each file that is out of date
//   --root DIR                           a copy of the repository's README.md and docs/rules/ to work on instead
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderRulesTable, replaceTable } from './rules-table.mjs';

const SUMMARY_START = '<!-- rule-summary:start (generated from the rule\'s metadata by `npm run docs:rules`; do not edit) -->';
const SUMMARY_END = '<!-- rule-summary:end -->';
const RELATED_START = '<!-- rule-related:start (generated from the rule\'s metadata by `npm run docs:rules`; do not edit) -->';
const RELATED_END = '<!-- rule-related:end -->';

const TOOL_NAMES = {
  buildkit: 'Docker BuildKit build check',
  trivy: 'Trivy',
  hadolint: 'hadolint',
  checkov: 'Checkov',
  kics: 'KICS',
  dockle: 'Dockle',
  gitleaks: 'gitleaks',
  secretlint: 'secretlint',
  trufflehog: 'TruffleHog',
  ggshield: 'ggshield',
};

function fixableText(meta) {
  if (meta.fixable !== 'code') return meta.hasSuggestions ? 'no (an editor suggestion offers a rewrite)' : 'no';
  return meta.fixEdits
    ? `yes — \`dockerlint --fix\` and the language server's quick fix write the \`${meta.fixEdits}\` (not ESLint: it edits only the linted file)`
    : 'yes — `dockerlint --fix`, the editors\' quick fixes and ESLint `--fix`';
}

export function renderSummary(meta) {
  const facts = [
    `**Default severity:** ${meta.severity}`,
    `**Fixable:** ${fixableText(meta)}`,
    `**Needs the build context:** ${meta.usesContext ? 'yes' : 'no'}`,
  ];
  return [SUMMARY_START, `> ${meta.description}`, '', facts.join(' · '), SUMMARY_END].join('\n');
}

export function renderRelated(meta) {
  const lines = (meta.related ?? []).map((check) => {
    const name = TOOL_NAMES[check.tool];
    if (!name) throw new Error(`${meta.id}: unknown related tool ${check.tool}`);
    const skip = check.tool === 'buildkit' ? ` — \`# check=skip=${check.id}\` also skips this rule` : '';
    return `- ${name}${check.id ? ` \`${check.id}\`` : ''}${check.note ? `: ${check.note}` : ''}${skip}`;
  });
  return [RELATED_START, ...lines, RELATED_END].join('\n');
}

function replaceBetween(text, start, end, block, what) {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`the page has no ${what} markers`);
  return text.slice(0, from) + block + text.slice(to + end.length);
}

/** A rule page with its generated parts brought up to date from `meta`. */
export function updatePage(page, meta) {
  try {
    return updateMarked(page, meta);
  } catch (error) {
    throw new Error(`docs/rules/${meta.id}.md: ${error.message}`, { cause: error });
  }
}

function updateMarked(page, meta) {
  const withSummary = replaceBetween(page, SUMMARY_START, SUMMARY_END, renderSummary(meta), 'rule-summary');
  return replaceBetween(withSummary, RELATED_START, RELATED_END, renderRelated(meta), 'rule-related');
}

/** The page's summary line (the quoted description), as a reader sees it. */
export function summaryOf(page) {
  return /^> (.*)$/m.exec(page)?.[1];
}

/** Every generated file: path, what it holds now, and what it should hold. */
export function generatedFiles(rules, root) {
  const readmePath = `${root}/README.md`;
  const readme = readFileSync(readmePath, 'utf8');
  const files = [{ path: readmePath, current: readme, expected: replaceTable(readme, renderRulesTable(rules)) }];
  for (const rule of rules) {
    const path = `${root}/docs/rules/${rule.meta.id}.md`;
    const page = readFileSync(path, 'utf8');
    files.push({ path, current: page, expected: updatePage(page, rule.meta) });
  }
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { rules } = await import('@dockerlint/rules');
  const rootArgument = process.argv.indexOf('--root');
  const root = rootArgument > 0 ? process.argv[rootArgument + 1] : fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
  const stale = generatedFiles(rules, root).filter((file) => file.current !== file.expected);
  if (process.argv.includes('--check')) {
    for (const file of stale) console.error(`${file.path.slice(root.length + 1)} is out of date with the rule metadata: run npm run docs:rules`);
    if (stale.length > 0) process.exitCode = 1;
  } else {
    for (const file of stale) writeFileSync(file.path, file.expected);
  }
}
