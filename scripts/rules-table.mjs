// The README rule table, rendered from rule metadata (`npm run docs:rules` writes it, scripts/rules-docs.mjs).
export const TABLE_START = '<!-- rules-table:start (generated from rule metadata by `npm run docs:rules`; do not edit) -->';
export const TABLE_END = '<!-- rules-table:end -->';

/** `--fix`, `suggestion` or `no`: what the rule's findings can carry. */
export function fixLabel(meta) {
  if (meta.fixable === 'code') return '`--fix`';
  return meta.hasSuggestions ? 'suggestion' : 'no';
}

export function renderRulesTable(rules) {
  const rows = rules.map((rule) => {
    const { id, description, severity, usesContext } = rule.meta;
    return `| [\`${id}\`](docs/rules/${id}.md) | ${severity} | ${fixLabel(rule.meta)} | ${usesContext ? 'yes' : 'no'} | ${description.replace(/\|/g, '\\|')} |`;
  });
  return [TABLE_START, '| Rule | Default severity | Fixable | Needs build context | What it catches |', '| --- | --- | --- | --- | --- |', ...rows, TABLE_END].join('\n');
}

export function replaceTable(readme, table) {
  const start = readme.indexOf(TABLE_START.slice(0, TABLE_START.indexOf(' (')));
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < 0) throw new Error('README.md has no rules-table markers');
  return readme.slice(0, start) + table + readme.slice(end + TABLE_END.length);
}
