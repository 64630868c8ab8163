/** Human output, ESLint-like: findings grouped by file, a masked code frame, help and docs per finding. */
import pc from 'picocolors';
import type { Finding } from '@dockerlint/core';
import type { FileResult, FormatterContext, Formatter } from '../types.js';
import { countsOf } from './util.js';

const MAX_FRAME_LINES = 3;
const MAX_LINE_WIDTH = 160;
/** Rules whose reported span is itself the secret: always masked in frames, whatever the scanner says. */
const SPAN_IS_SECRET = new Set(['no-hardcoded-secret']);

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function offsetOf(starts: number[], text: string, line: number, column: number): number {
  const start = starts[line - 1];
  if (start === undefined) return text.length;
  return Math.min(start + Math.max(column - 1, 0), text.length);
}

/** The source with every secret masked (same length, `*`), or undefined when no masker is available. */
export function maskedSource(source: string, findings: readonly Finding[], mask: ((text: string) => string) | undefined): string | undefined {
  if (!mask) return undefined;
  let text: string;
  try {
    text = mask(source);
  } catch {
    return undefined;
  }
  if (text.length !== source.length) return undefined;
  const starts = lineStarts(source);
  const chars = text.split(''); // UTF-16 code units, like the columns
  const known = new Set<string>();
  for (const f of findings) {
    if (!SPAN_IS_SECRET.has(f.ruleId)) continue;
    const from = offsetOf(starts, source, f.line, f.column);
    const to = offsetOf(starts, source, f.endLine, f.endColumn);
    for (let i = from; i < to; i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = '*';
    const value = source.slice(from, to).trim();
    if (value.length >= 8 && !value.includes('\n')) known.add(value);
  }
  // The same value elsewhere (`ARG K=<secret>` … `RUN echo "<secret>"`) is just as secret, even where the
  // scanner alone would not recognise it.
  for (const value of known) {
    for (let at = source.indexOf(value); at !== -1; at = source.indexOf(value, at + value.length)) {
      for (let i = at; i < at + value.length; i++) chars[i] = '*';
    }
  }
  return chars.join('');
}

function frame(lines: string[], f: Finding, colors: ReturnType<typeof pc.createColors>, indent: string): string[] {
  let last = f.endLine;
  if (f.endColumn <= 1 && f.endLine > f.line) last = f.endLine - 1;
  last = Math.max(last, f.line);
  const shown: number[] = [];
  for (let n = f.line; n <= last && shown.length < MAX_FRAME_LINES; n++) if (lines[n - 1] !== undefined) shown.push(n);
  if (shown.length === 0) return [];
  const width = String(shown[shown.length - 1]).length;
  const out: string[] = [];
  for (const n of shown) {
    let text = (lines[n - 1] ?? '').replace(/\r$/, '').replace(/\t/g, ' ');
    if (text.length > MAX_LINE_WIDTH) text = `${text.slice(0, MAX_LINE_WIDTH)}…`;
    out.push(`${indent}${colors.dim(`${String(n).padStart(width)} |`)} ${text}`);
  }
  if (last > shown[shown.length - 1]!) out.push(`${indent}${colors.dim(`${' '.repeat(width)} |`)} ${colors.dim('…')}`);
  if (f.line === last && f.column - 1 < MAX_LINE_WIDTH) {
    const end = f.endLine === f.line ? f.endColumn : (lines[f.line - 1]?.length ?? f.column) + 1;
    const len = Math.max(1, Math.min(end, MAX_LINE_WIDTH + 1) - f.column);
    out.push(`${indent}${colors.dim(`${' '.repeat(width)} |`)} ${' '.repeat(f.column - 1)}${colors.red('^'.repeat(len))}`);
  }
  return out;
}

export const stylish: Formatter = (results: readonly FileResult[], ctx: FormatterContext): string => {
  const colors = pc.createColors(ctx.color ?? false);
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  let fixable = 0;
  for (const result of results) {
    if (result.notLinted !== undefined) {
      errors++;
      out.push('', colors.underline(result.filePath), `  ${colors.red('error')}  ${result.notLinted}`);
      continue;
    }
    if (result.findings.length === 0) continue;
    const c = countsOf(result.findings);
    errors += c.errors;
    warnings += c.warnings;
    fixable += c.fixableErrors + c.fixableWarnings;
    out.push('', colors.underline(result.filePath));
    const masked = result.source !== undefined ? maskedSource(result.source, result.findings, ctx.maskSecrets) : undefined;
    const lines = masked?.split('\n');
    const posWidth = Math.max(...result.findings.map((f) => `${f.line}:${f.column}`.length));
    for (const f of result.findings) {
      const pos = `${f.line}:${f.column}`.padEnd(posWidth);
      const sev = f.severity === 'error' ? colors.red('error  ') : colors.yellow('warning');
      out.push(`  ${colors.dim(pos)}  ${sev}  ${f.message}  ${colors.dim(f.ruleId)}`);
      const indent = ' '.repeat(posWidth + 4);
      if (lines) out.push(...frame(lines, f, colors, indent));
      if (f.help) {
        const [first, ...rest] = f.help.split('\n');
        out.push(`${indent}${colors.cyan('help:')} ${first}`);
        for (const l of rest) out.push(`${indent}      ${l}`);
      }
      for (const r of f.related ?? []) out.push(`${indent}${colors.dim(`${r.line}:${r.column}`)} ${colors.dim(r.message)}`);
      if (f.url) out.push(`${indent}${colors.dim(`docs: ${f.url}`)}`);
    }
  }
  const total = errors + warnings;
  if (total === 0) return '';
  const summary = `✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`;
  out.push('', errors > 0 ? colors.bold(colors.red(summary)) : colors.bold(colors.yellow(summary)));
  if (fixable > 0) out.push(colors.dim(`  ${plural(fixable, 'problem')} potentially fixable with the \`--fix\` option (writes .dockerignore entries).`));
  return `${out.join('\n')}\n`;
};
