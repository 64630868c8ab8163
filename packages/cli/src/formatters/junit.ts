/** JUnit XML: one testsuite per file, one testcase per finding (a passing testcase for a clean file). */
import type { Formatter } from '../types.js';
import { NOT_LINTED_ID, countsOf, xmlEscape } from './util.js';

export const junit: Formatter = (results) => {
  const out = ['<?xml version="1.0" encoding="utf-8"?>'];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  const suites: string[] = [];
  for (const result of results) {
    const name = result.filePath;
    const classname = name.replace(/\.[^./\\]*$/, '') || name;
    const c = countsOf(result.findings);
    if (result.notLinted !== undefined) {
      // A file that could not be linted is a test that could not run: a JUnit error, not a failure.
      tests += 1;
      errors += 1;
      suites.push(`  <testsuite package="dockerlint" time="0" tests="1" errors="1" failures="0" name="${xmlEscape(name)}">`);
      suites.push(`    <testcase time="0" name="${xmlEscape(`dockerlint.${NOT_LINTED_ID}`)}" classname="${xmlEscape(classname)}">`);
      suites.push(`      <error message="${xmlEscape(result.notLinted)}" type="error">${xmlEscape(result.notLinted)}</error>`);
      suites.push('    </testcase>', '  </testsuite>');
      continue;
    }
    const n = Math.max(result.findings.length, 1);
    tests += n;
    failures += result.findings.length;
    suites.push(
      `  <testsuite package="dockerlint" time="0" tests="${n}" errors="${c.errors}" failures="${result.findings.length}" name="${xmlEscape(name)}">`,
    );
    if (result.findings.length === 0) {
      suites.push(`    <testcase time="0" name="${xmlEscape(name)}" classname="${xmlEscape(classname)}" />`);
    }
    for (const f of result.findings) {
      const sev = f.severity === 'error' ? 'Error' : 'Warning';
      suites.push(`    <testcase time="0" name="${xmlEscape(`dockerlint.${f.ruleId}`)}" classname="${xmlEscape(classname)}">`);
      suites.push(
        `      <failure message="${xmlEscape(f.message)}" type="${xmlEscape(f.severity)}">${xmlEscape(`line ${f.line}, col ${f.column}, ${sev} - ${f.message} (${f.ruleId})`)}</failure>`,
      );
      suites.push('    </testcase>');
    }
    suites.push('  </testsuite>');
  }
  const errorsAttribute = errors > 0 ? ` errors="${errors}"` : '';
  out.push(`<testsuites name="dockerlint" tests="${tests}" failures="${failures}"${errorsAttribute}>`, ...suites, '</testsuites>');
  return `${out.join('\n')}\n`;
};
