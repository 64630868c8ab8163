/**
 * Every regular expression we ship, found with the TypeScript parser: regex literals in
 * `packages/*\/src/**\/*.ts` and `rules/*.ts`, plus every `new RegExp(…)` / `RegExp(…)` call site (dynamic
 * patterns cannot be compiled statically; the ReDoS test requires each one to be listed and covered).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface RegexLiteral {
  file: string;
  line: number;
  source: string;
  flags: string;
}

export interface DynamicRegex {
  file: string;
  line: number;
  text: string;
}

export function shippedSourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(?:c|m)?ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(p);
    }
  };
  for (const pkg of readdirSync(path.join(REPO, 'packages'))) {
    const src = path.join(REPO, 'packages', pkg, 'src');
    try {
      walk(src);
    } catch {
      // a package without src/
    }
  }
  for (const entry of readdirSync(path.join(REPO, 'rules'))) if (entry.endsWith('.ts') && !entry.endsWith('.d.ts')) files.push(path.join(REPO, 'rules', entry));
  return files.sort();
}

export function regexInventory(): { literals: RegexLiteral[]; dynamic: DynamicRegex[] } {
  const literals: RegexLiteral[] = [];
  const dynamic: DynamicRegex[] = [];
  for (const file of shippedSourceFiles()) {
    const text = readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const rel = path.relative(REPO, file);
    const visit = (node: ts.Node): void => {
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const raw = node.getText(sf);
        const end = raw.lastIndexOf('/');
        literals.push({ file: rel, line, source: raw.slice(1, end), flags: raw.slice(end + 1) });
      } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
        dynamic.push({ file: rel, line, text: node.getText(sf).replace(/\s+/g, ' ').slice(0, 120) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { literals, dynamic };
}
