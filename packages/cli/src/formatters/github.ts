/** GitHub Actions workflow commands (`::error file=…::message`), escaped like `@actions/core`. */
import type { FileResult, FormatterContext, Formatter } from '../types.js';
import { reportPath } from './util.js';

export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export const github: Formatter = (results: readonly FileResult[], ctx: FormatterContext): string => {
  const lines: string[] = [];
  for (const result of results) {
    const file = reportPath(result, ctx);
    if (result.notLinted !== undefined) lines.push(`::error file=${escapeProperty(file)},title=dockerlint::${escapeData(result.notLinted)}`);
    for (const f of result.findings) {
      const props: [string, string | number][] = [
        ['file', file],
        ['line', f.line],
        ['endLine', f.endLine],
      ];
      if (f.line === f.endLine) props.push(['col', f.column], ['endColumn', f.endColumn]);
      props.push(['title', `dockerlint/${f.ruleId}`]);
      const message = f.help ? `${f.message}\n${f.help}` : f.message;
      lines.push(`::${f.severity === 'error' ? 'error' : 'warning'} ${props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}::${escapeData(message)}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};
