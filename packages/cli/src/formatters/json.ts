/** ESLint's JSON result schema (`eslint -f json`). */
import { PARSE_ERROR_RULE_ID } from '@dockerlint/core';
import type { FileResult, FormatterContext, Formatter } from '../types.js';
import { absolutePathOf, countsOf } from './util.js';

export interface EslintJsonMessage {
  ruleId: string | null;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Absent on the message of a file that could not be linted (it comes from no rule). */
  messageId?: string;
  fatal?: true;
}

export interface EslintJsonResult {
  filePath: string;
  messages: EslintJsonMessage[];
  errorCount: number;
  warningCount: number;
  fatalErrorCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
}

export function toEslintJson(results: readonly FileResult[], ctx: FormatterContext): EslintJsonResult[] {
  return results.map((result) => {
    const c = countsOf(result.findings);
    let fatal = 0;
    const messages = result.findings.map((f) => {
      const m: EslintJsonMessage = {
        ruleId: f.ruleId,
        severity: f.severity === 'error' ? 2 : 1,
        message: f.message,
        line: f.line,
        column: f.column,
        endLine: f.endLine,
        endColumn: f.endColumn,
        messageId: f.messageId,
      };
      if (result.fatal !== undefined && f.ruleId === PARSE_ERROR_RULE_ID && f.severity === 'error') {
        m.fatal = true;
        fatal++;
      }
      return m;
    });
    // Like ESLint's message for a file it could not parse: no rule id, fatal, an error.
    if (result.notLinted !== undefined) {
      messages.unshift({ ruleId: null, severity: 2, message: result.notLinted, line: 1, column: 1, endLine: 1, endColumn: 1, fatal: true });
      fatal++;
    }
    return {
      filePath: result.filePath.startsWith('<') && !result.absolutePath ? result.filePath : absolutePathOf(result, ctx),
      messages,
      errorCount: c.errors + (result.notLinted !== undefined ? 1 : 0),
      warningCount: c.warnings,
      fatalErrorCount: fatal,
      fixableErrorCount: c.fixableErrors,
      fixableWarningCount: c.fixableWarnings,
    };
  });
}

export const json: Formatter = (results, ctx) => `${JSON.stringify(toEslintJson(results, ctx))}\n`;
