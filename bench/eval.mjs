#!/usr/bin/env node
/**
 * `npm run eval`: accuracy against the labeled peer suites and the in-the-wild corpus, plus finding counts on
 * the real-world corpus for dockerlint (per rule) and every runnable peer. Writes docs/accuracy.md.
 *
 *   node bench/eval.mjs [--shared DIR] [--no-real] [--timeout SECONDS] [--stdout]
 *
 * Our verdict on a case = what `dockerlint` reports for it with its default configuration and the case's
 * directory as the build context (the engine is called in-process; the CLI maps findings 1:1). Every case where
 * our verdict differs from the suite's must have a written reason in REASONS below; a difference without one is
 * listed as UNEXPLAINED (and the script exits 1), so a behaviour change cannot slip through silently.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { initialize, lintText, PARSE_ERROR_RULE_ID } from '@dockerlint/core';
import { rules } from '@dockerlint/rules';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const shared = path.resolve(repo, opt('shared', '../shared'));
const labeled = path.join(shared, 'corpus/labeled');
const wild = path.join(shared, 'corpus/wild');
const real = path.join(shared, 'corpus/real');
const timeoutMs = Number(opt('timeout', '900')) * 1000;

await initialize();

function readTsv(file) {
  const [header, ...rows] = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const cols = header.split('\t');
  return rows.map((row) => Object.fromEntries(row.split('\t').map((v, i) => [cols[i], v])));
}

/**
 * Lint one case. `withContext`: the case directory is its build context (BuildKit's cases save the
 * .dockerignore beside the Dockerfile). The other suites have no build context — Trivy's Rego inputs are
 * instruction JSON, KICS/Checkov cases are lone files, the wild files were fetched without their repositories —
 * so they are linted like stdin: from the text alone (the directory they sit in is not their context).
 */
function lint(absFile, withContext = false) {
  const text = readFileSync(absFile, 'utf8');
  const result = lintText({ filePath: path.relative(shared, absFile), ...(withContext ? { absolutePath: absFile } : {}), text, rules });
  return result.findings;
}
const brief = (findings) => (findings.length === 0 ? '—' : findings.map((f) => `L${f.line} ${f.ruleId}`).join(', '));

// ---------------------------------------------------------------------------------------------------
// Written reasons for every deliberate difference, keyed by `<suite>:<case>` (see the table in the doc).

const GIT_CONFIG =
  'By design (a different, true finding): KICS scans for literal secret values, and `${GIT_TOKEN}` is a reference, so there is no hard-coded secret — we agree and report none. But `git config --global url."https://${GIT_USER}:${GIT_TOKEN}@github.com".insteadOf` writes the expanded token into /root/.gitconfig, which stays in the layer (docs/architecture.md: a tool that writes the secret to disk): `no-persisted-secret`.';

const REASONS = {
  // ---- BuildKit
  'buildkit:testCopyIgnoredFiles/case_01/Dockerfile':
    'Out of scope: CopyIgnoredFile warns when a COPY/ADD names a file that .dockerignore excludes — the file is never sent, so the copy fails or copies nothing; nothing can leak. We check the opposite condition (secret files that .dockerignore does *not* exclude: `no-context-secrets`, `no-secret-file-copy`).',
  'buildkit:testCopyIgnoredFiles/case_02/Dockerfile': 'Out of scope: same as case_01 (copying an excluded file is a build mistake, not a leak).',
  'buildkit:testCopyIgnoredFileContextRoot/case_02/Dockerfile':
    'Out of scope: `COPY . .` with `.dockerignore` = `*` copies nothing, so nothing leaks; BuildKit warns that the copy is useless.',
  'buildkit:testSecretsUsedInArgOrEnv/case_01/Dockerfile L7 ARG "auth"':
    'By design: `auth` alone is ambiguous (auth method, mode, URL…) and its default `bar` is not secret-shaped, so we stay silent; `AUTH_TOKEN`, `auth_password` or a secret-shaped default are reported. BuildKit matches names only. (`super_duper_secret_token` on the same line is reported.)',
  'buildkit:testSecretsUsedInArgOrEnv/case_01/Dockerfile L9 ENV "git_key"':
    'By design: `ENV git_key=` sets an empty value; the image configuration holds nothing secret. BuildKit matches names only.',
  // ---- Trivy DS-0031
  'trivy DS-0031:05_deny_secret_arg_with_prefix.Dockerfile':
    'By design: an AWS access key *ID* is an identifier, not the secret (docs/rules/no-secret-arg.md); the secret half, AWS_SECRET_ACCESS_KEY, is reported (17c). The default here is also a placeholder (`REPLACE_WITH_YOUR_OWN`).',
  'trivy DS-0031:16_allow_secret_in_set_command_with_secret_mount.Dockerfile':
    'Deliberately stricter (the corpus README says this linter should flag it): the secret mount keeps the value out of the history, but `aws configure set aws_access_key_id/aws_secret_access_key …` writes both into ~/.aws/credentials, which stays in the layer. Trivy treats the secret mount as safe.',
  'trivy DS-0031:17d_deny_secret_key_ARTIFACTORY_USR.Dockerfile':
    'By design: a user name is not a secret (Trivy\'s `usr` stem). The password, ARTIFACTORY_PSW (17e), is reported.',
  // ---- KICS
  'kics:common_passwords_and_secrets/negative45.dockerfile': GIT_CONFIG,
  'kics:upstream_index/common_passwords_and_secrets/negative35.dockerfile': GIT_CONFIG,
  'kics:upstream_index/common_passwords_and_secrets/negative49.dockerfile': GIT_CONFIG,
  'kics:upstream_index/common_passwords_and_secrets/negative50.dockerfile': GIT_CONFIG,
  // ---- Checkov
  'checkov secrets:secrets/custom_regex_detector/Dockerfile':
    'By design: Checkov\'s expectation comes from custom regex detectors its test configures, not from its defaults. The only secret-named variable, AWS_ACCESS_KEY_ID, holds AWS\'s documented example secret (`…EXAMPLEKEY`), which we dismiss as a documented example; the other values sit in non-secret names (CIRCLE, SEC_3, TEST, OUT) and are mangled (`/LIR/`, `/HANA/` inside base64), so no provider pattern matches them.',
  // ---- wild
  'wild:shaygef123__Test_repo/Dockerfile':
    'By design: the manifest judges `ACCESS_KEY="key"` / `SECRET_ACCESS_KEY="s_key"` placeholders. A literal in a secret-named ENV ships in the configuration of the image and every child image, and a short real password looks the same; we report it (placeholders as an "insecure default value"). The whole-context `COPY . .` is reported because no .dockerignore is known for this lone file.',
  'wild:tdurieux__docker-parfum-experiment/data_…file__repaired.Dockerfile':
    'By design: `ENV AWS_SECRET_ACCESS_KEY=\'[something]\'` is a placeholder, and we say so — the message is "bakes an insecure default value into the image configuration": a deployment that forgets to override it runs with a value anyone can read from the image. (AWS_ACCESS_KEY_ID is an identifier and is not reported.)',
  'wild:stevess-jfrog__jfrog-software-supply-cha…le-artifactory/Dockerfile':
    'By design: the secret mount is used correctly and we report nothing about it; the finding is the whole-context `COPY . .` that the manifest itself lists in the category — the file was fetched without its repository, so no .dockerignore is known.',
  'wild:tensingn__jj-bott-etl-api/Dockerfile':
    'By design: as for stevess-jfrog — the secret mount is fine; `COPY . .` (listed in the manifest\'s category) is reported because no .dockerignore is known.',
  'wild:gopigl__AWS-CI-CD/Dockerfile':
    'Known gap (a miss): the key pair is written as ARG *names* (`ARG AKIA6GCV…KMW2`, `ARG N0wp…DZNN`), which land in the image history. The corpus redacted both with `XXXX` runs, which our placeholder filter dismisses (on purpose: `AKIAXXXXXXXXXXXXXXXX` is a template), and the ENV lines only reference variables that are never set. We do not scan ARG names for token shapes; an unredacted `AKIA…` ID alone would still not be reported (identifier, see DS-0031 05).',
};

// ---------------------------------------------------------------------------------------------------
// Suites

const cases = []; // { suite, id, file, expected: 'positive'|'negative', detail, ours: Finding[], note }

// BuildKit: per expected warning (SecretsUsedInArgOrEnv) and per case (CopyIgnoredFile).
{
  const rows = readTsv(path.join(labeled, 'buildkit/MANIFEST.tsv'));
  for (const row of rows) {
    const fn = row.file.split('/')[0];
    if (!['testSecretsUsedInArgOrEnv', 'testCopyIgnoredFiles', 'testCopyIgnoredFileContextRoot'].includes(fn)) continue;
    if (!/(^|\/)Dockerfile$/.test(row.file)) continue;
    const abs = path.join(labeled, 'buildkit', row.file);
    const ours = lint(abs, true);
    const warnings = (row['expected_warnings (line: rule: detail)'] ?? '').split(';').map((s) => s.trim()).filter(Boolean);
    if (fn === 'testSecretsUsedInArgOrEnv') {
      // One row per expected warning: do we report the same instruction line?
      const text = readFileSync(abs, 'utf8').split('\n');
      const expectedLines = new Set();
      for (const w of warnings) {
        const m = /^L(\d+) SecretsUsedInArgOrEnv: .*\((ARG|ENV) "([^"]+)"\)/.exec(w);
        if (!m) continue;
        const line = Number(m[1]);
        expectedLines.add(line);
        const onLine = ours.filter((f) => f.line === line && (f.ruleId === 'no-secret-arg' || f.ruleId === 'no-secret-env' || f.ruleId === 'no-hardcoded-secret'));
        // A line can hold two names (ENV password=… secret=…): the name must be in our message or our range.
        const named = onLine.filter((f) => f.message.includes(m[3]) || text[line - 1]?.slice(f.column - 1, f.endLine === line ? f.endColumn - 1 : undefined).includes(m[3]));
        cases.push({ suite: 'buildkit', id: `${row.file} L${line} ${m[2]} "${m[3]}"`, expected: 'positive', detail: w, ours: named.length > 0 ? named : [] , oursAll: onLine });
      }
      // Lines BuildKit does not flag where we report something.
      const extra = ours.filter((f) => !expectedLines.has(f.line));
      for (const f of extra) cases.push({ suite: 'buildkit', id: `${row.file} L${f.line} (not flagged by BuildKit)`, expected: 'negative', detail: 'no warning on this line', ours: [f] });
    } else {
      cases.push({ suite: 'buildkit', id: row.file, expected: row.expected.startsWith('positive') ? 'positive' : 'negative', detail: warnings.join('; ') || row.expected, ours, scope: 'CopyIgnoredFile' });
    }
  }
}

// Trivy DS-0031 (yaml examples, if any, and the cases reconstructed from the Rego tests).
{
  const rows = readTsv(path.join(labeled, 'trivy-checks/MANIFEST.tsv'));
  for (const row of rows) {
    if (row.rule_id !== 'DS-0031') continue;
    const abs = path.join(labeled, 'trivy-checks', row.file);
    cases.push({ suite: 'trivy DS-0031', id: row.file.replace(/^.*\//, ''), expected: row.expected.startsWith('positive') ? 'positive' : 'negative', detail: row.expected_detail ?? '', ours: lint(abs) });
  }
}

// KICS secret queries.
{
  const rows = readTsv(path.join(labeled, 'kics/MANIFEST.tsv'));
  for (const row of rows) {
    if (!/^(common_passwords_and_secrets|upstream_index\/common_passwords_and_secrets|secrets_stored_in_dockerfile|secrets_env)\//.test(row.file)) continue;
    const abs = path.join(labeled, 'kics', row.file);
    cases.push({ suite: 'kics', id: row.file, expected: row.expected.startsWith('positive') ? 'positive' : 'negative', detail: `${row.query_name}: ${row.expected_detail ?? ''}`, ours: lint(abs) });
  }
}

// Checkov secrets framework.
{
  const rows = readTsv(path.join(labeled, 'checkov/MANIFEST.tsv'));
  for (const row of rows) {
    if (!row.file.startsWith('secrets/')) continue;
    const abs = path.join(labeled, 'checkov', row.file);
    cases.push({ suite: 'checkov secrets', id: row.file, expected: row.expected === 'fail' ? 'positive' : 'negative', detail: row.expected_detail ?? '', ours: lint(abs) });
  }
}

// In-the-wild Dockerfiles: the manifest's judgment of what each leaks.
{
  const rows = readTsv(path.join(wild, 'MANIFEST.tsv'));
  for (const row of rows) {
    const leak = row['what_it_seems_to_leak (judgment)'] ?? '';
    const negative = /^negative/.test(row.category) || /^none\b/.test(leak) || /placeholder|non-secret value/.test(row.category);
    const abs = path.join(wild, row.file);
    cases.push({ suite: 'wild', id: row.file.length > 70 ? `${row.file.slice(0, 40)}…${row.file.slice(-25)}` : row.file, expected: negative ? 'negative' : 'positive', detail: `${row.category}: ${leak}`, ours: lint(abs) });
  }
}

// ---------------------------------------------------------------------------------------------------
// Verdicts

const verdict = (c) => (c.ours.length > 0 ? 'positive' : 'negative');
for (const c of cases) {
  c.verdict = verdict(c);
  c.agrees = c.verdict === c.expected;
  c.reason = REASONS[`${c.suite}:${c.id}`];
}
const suites = [...new Set(cases.map((c) => c.suite))];
const unexplained = cases.filter((c) => !c.agrees && !c.reason);

// ---------------------------------------------------------------------------------------------------
// Real corpus: our findings per rule, and each runnable peer's findings.

function runNode(argv, label) {
  const started = Date.now();
  const r = spawnSync(process.execPath, argv, { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 30, timeout: timeoutMs, env: { ...process.env, CI: '1' } });
  const seconds = (Date.now() - started) / 1000;
  if (r.error?.code === 'ETIMEDOUT' || r.signal === 'SIGTERM') return { label, timedOut: true, seconds };
  return { label, stdout: r.stdout, stderr: r.stderr, status: r.status, seconds };
}

const realCounts = {};
if (!args.includes('--no-real') && existsSync(real)) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'dockerlint-eval-'));
  const ours = runNode([path.join(repo, 'packages/cli/bin/dockerlint.js'), real, '--format', 'json', '--output-file', path.join(tmp, 'ours.json')], 'dockerlint');
  const results = JSON.parse(readFileSync(path.join(tmp, 'ours.json'), 'utf8'));
  const byRule = {};
  const bySeverity = { error: 0, warning: 0 };
  const filesWith = {};
  for (const r of results) {
    const seen = new Set();
    for (const m of r.messages) {
      byRule[m.ruleId] = (byRule[m.ruleId] ?? 0) + 1;
      m.severity === 2 ? bySeverity.error++ : bySeverity.warning++;
      if (!seen.has(m.ruleId)) filesWith[m.ruleId] = (filesWith[m.ruleId] ?? 0) + 1;
      seen.add(m.ruleId);
    }
  }
  realCounts.dockerlint = { files: results.length, findings: bySeverity.error + bySeverity.warning, bySeverity, byRule, filesWith, seconds: ours.seconds };

  for (const [name, script] of [['dockerfile-utils', 'bench/peers/dockerfile-utils.mjs'], ['dockerfilelint', 'bench/peers/dockerfilelint.mjs']]) {
    const r = runNode([path.join(repo, script), real], name);
    realCounts[name] = r.timedOut ? { timedOut: true, seconds: r.seconds } : { ...JSON.parse(r.stdout.trim().split('\n').pop()), seconds: r.seconds };
  }
  const files = readFileSync(path.join(repo, 'bench/files.mjs'), 'utf8') && (await import('./files.mjs')).findDockerfiles(real);
  const sl = runNode(
    [path.join(repo, 'node_modules/secretlint/bin/secretlint.js'), '--secretlintrc', path.join(repo, 'bench/peers/secretlintrc.json'), '--format', 'json', '--output', path.join(tmp, 'secretlint.json'), '--no-glob', ...files],
    'secretlint',
  );
  if (sl.timedOut) realCounts.secretlint = { timedOut: true, seconds: sl.seconds };
  else {
    const out = JSON.parse(readFileSync(path.join(tmp, 'secretlint.json'), 'utf8'));
    const byRule = {};
    for (const r of out) for (const m of r.messages) byRule[m.ruleId] = (byRule[m.ruleId] ?? 0) + 1;
    realCounts.secretlint = { files: files.length, findings: Object.values(byRule).reduce((a, b) => a + b, 0), byRule, filesWith: out.filter((r) => r.messages.length > 0).length, seconds: sl.seconds };
  }
  rmSync(tmp, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------------
// Report

const esc = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const out = [];
out.push('# Accuracy');
out.push('');
out.push('Generated by `npm run eval` (`bench/eval.mjs`); the reasons are written in that script, next to the case they explain.');
out.push('Our verdict on a case: does `dockerlint` (default configuration, the case directory as build context) report anything?');
out.push('For BuildKit\'s SecretsUsedInArgOrEnv every expected warning is its own row (we must report that line and name),');
out.push('and every line we report that BuildKit does not is a row too.');
out.push('');
out.push('## Summary');
out.push('');
out.push('| suite | cases | agree | differ (explained) | differ (unexplained) | suite positive / we report | suite negative / we stay silent |');
out.push('|---|---:|---:|---:|---:|---:|---:|');
for (const s of suites) {
  const cs = cases.filter((c) => c.suite === s);
  const pos = cs.filter((c) => c.expected === 'positive');
  const neg = cs.filter((c) => c.expected === 'negative');
  out.push(`| ${s} | ${cs.length} | ${cs.filter((c) => c.agrees).length} | ${cs.filter((c) => !c.agrees && c.reason).length} | ${cs.filter((c) => !c.agrees && !c.reason).length} | ${pos.filter((c) => c.verdict === 'positive').length}/${pos.length} | ${neg.filter((c) => c.verdict === 'negative').length}/${neg.length} |`);
}
out.push('');
out.push('## Where we differ');
out.push('');
out.push('| suite | case | suite verdict | ours | reason |');
out.push('|---|---|---|---|---|');
for (const c of cases.filter((x) => !x.agrees)) {
  out.push(`| ${c.suite} | \`${esc(c.id)}\` | ${c.expected} (${esc(c.detail).slice(0, 140)}) | ${c.verdict}: ${esc(brief(c.oursAll ?? c.ours))} | ${c.reason ? esc(c.reason) : '**UNEXPLAINED**'} |`);
}
out.push('');
out.push('## Every case');
out.push('');
for (const s of suites) {
  out.push(`### ${s}`);
  out.push('');
  out.push('| case | suite | ours | findings |');
  out.push('|---|---|---|---|');
  for (const c of cases.filter((x) => x.suite === s)) out.push(`| \`${esc(c.id)}\` | ${c.expected} | ${c.agrees ? '' : '**'}${c.verdict}${c.agrees ? '' : '**'} | ${esc(brief(c.oursAll ?? c.ours))} |`);
  out.push('');
}
if (Object.keys(realCounts).length > 0) {
  out.push('## Findings on the real-world corpus (`../shared/corpus/real`)');
  out.push('');
  const d = realCounts.dockerlint;
  out.push(`dockerlint: ${d.findings} findings (${d.bySeverity.error} errors, ${d.bySeverity.warning} warnings) in ${d.files} Dockerfiles.`);
  out.push('');
  out.push('| rule | findings | files |');
  out.push('|---|---:|---:|');
  const ids = [...rules.map((r) => r.meta.id), PARSE_ERROR_RULE_ID];
  for (const id of ids) out.push(`| ${id} | ${d.byRule[id] ?? 0} | ${d.filesWith[id] ?? 0} |`);
  out.push('');
  out.push('Peers on the same files (default configuration of each; none of them has a Dockerfile-aware secret rule):');
  out.push('');
  out.push('| peer | findings | breakdown |');
  out.push('|---|---:|---|');
  for (const name of ['dockerfile-utils', 'dockerfilelint', 'secretlint']) {
    const p = realCounts[name];
    if (!p) continue;
    if (p.timedOut) {
      out.push(`| ${name} | timeout (> ${timeoutMs / 1000} s) | |`);
      continue;
    }
    const breakdown = p.byCode ?? p.byRule ?? {};
    const top = Object.entries(breakdown).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}: ${v}`).join(', ');
    out.push(`| ${name} | ${p.findings}${name === 'secretlint' ? ` (in ${p.filesWith} files)` : ''} | ${esc(top)} |`);
  }
  out.push('');
  out.push('dockerfile-utils `code`s are its numeric `ValidationCode`s (e.g. 37 = MULTIPLE_INSTRUCTIONS, 45 = DEPRECATED_MAINTAINER, 50 = WORKDIR_IS_NOT_ABSOLUTE).');
  out.push('');
}
// The real-builder ground truth (test/real-builder/differential.test.ts) is kept as written: eval does not build images.
const previous = existsSync(path.join(repo, 'docs/accuracy.md')) ? readFileSync(path.join(repo, 'docs/accuracy.md'), 'utf8') : '';
const groundTruth = /<!-- ground-truth:start[^]*?<!-- ground-truth:end -->/.exec(previous)?.[0];
if (groundTruth) out.push(groundTruth, '');
const doc = out.join('\n') + '\n';
if (args.includes('--stdout')) process.stdout.write(doc);
else {
  writeFileSync(path.join(repo, 'docs/accuracy.md'), doc);
  process.stderr.write('wrote docs/accuracy.md\n');
}
for (const s of suites) {
  const cs = cases.filter((c) => c.suite === s);
  process.stderr.write(`${s}: ${cs.filter((c) => c.agrees).length}/${cs.length} agree\n`);
}
if (unexplained.length > 0) {
  process.stderr.write(`${unexplained.length} unexplained difference(s):\n`);
  for (const c of unexplained) process.stderr.write(`  ${c.suite}: ${c.id}: suite ${c.expected}, ours ${c.verdict} (${brief(c.oursAll ?? c.ours)})\n`);
  process.exitCode = 1;
}
