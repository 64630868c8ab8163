/** checkstyle XML (`<checkstyle><file><error …/></file></checkstyle>`), like eslint-formatter-checkstyle. */
import type { Formatter } from '../types.js';
import { NOT_LINTED_ID, absolutePathOf, xmlEscape } from './util.js';

export const checkstyle: Formatter = (results, ctx) => {
  const out = ['<?xml version="1.0" encoding="utf-8"?>', '<checkstyle version="4.3">'];
  for (const result of results) {
    const name = result.absolutePath || !result.filePath.startsWith('<') ? absolutePathOf(result, ctx) : result.filePath;
    out.push(`  <file name="${xmlEscape(name)}">`);
    if (result.notLinted !== undefined) {
      out.push(`    <error line="1" column="1" severity="error" message="${xmlEscape(result.notLinted)}" source="${xmlEscape(`dockerlint.${NOT_LINTED_ID}`)}" />`);
    }
    for (const f of result.findings) {
      out.push(
        `    <error line="${f.line}" column="${f.column}" severity="${f.severity}" message="${xmlEscape(`${f.message} (${f.ruleId})`)}" source="${xmlEscape(`dockerlint.rules.${f.ruleId}`)}" />`,
      );
    }
    out.push('  </file>');
  }
  out.push('</checkstyle>');
  return `${out.join('\n')}\n`;
};
