import { describe, expect, it } from 'vitest';
import { initialize, lintText, noBuildContext, type Finding, type ResolvedConfig } from '@dockerlint/core';
import { fakes } from '@dockerlint/core/testing';
import { rules } from '@dockerlint/rules';
import { at, lint } from '../helpers/lint.js';
import { expectMessage } from '../helpers/messages.js';

const RULE = 'no-hardcoded-secret';
const run = (text: string, options: Parameters<typeof lint>[1] = {}) => lint(text, { rules: [RULE], ...options });
const brief = (f: Finding) => `${at(f)} ${f.severity}`;

/** `no-hardcoded-secret@L:C-L:C` for the first occurrence of `value` in `text` (1-based, end exclusive). */
function spanOf(text: string, value: string, from = 0): string {
  const start = text.indexOf(value, from);
  if (start < 0) throw new Error('value not in text');
  const pos = (offset: number) => {
    const before = text.slice(0, offset).split('\n');
    return `${before.length}:${before[before.length - 1]!.length + 1}`;
  };
  return `${RULE}@${pos(start)}-${pos(start + value.length)}`;
}

/** Nothing of the secret may appear in any output field. */
function expectRedacted(findings: Finding[], secret: string): void {
  expect(JSON.stringify(findings)).not.toContain(secret);
}

const ghp = fakes.githubClassic(11);
const ghpBad = fakes.githubClassicBadChecksum(11);
const npmToken = fakes.npmToken(12);
const openai = fakes.openaiKey(13);
const db = fakes.urlWithCredentials(14);

describe('no-hardcoded-secret: provider formats', () => {
  it('reports a GitHub token in a RUN header exactly at the token, as an error with a masked preview', async () => {
    const text = `FROM alpine\nRUN curl -H "Authorization: Bearer ${ghp}" https://api.github.com/user\n`;
    const findings = await run(text);
    expect(findings.map(brief)).toEqual([`${spanOf(text, ghp)} error`]);
    expectMessage(findings[0], 'token', { provider: 'GitHub personal access token (classic)', where: 'RUN', preview: `${ghp.slice(0, 4)}…${ghp.slice(-3)}, 40 chars` });
    expectRedacted(findings, ghp);
  });

  it('keeps a token that fails its checksum as a warning', async () => {
    const text = `FROM alpine\nRUN curl -H "Authorization: token ${ghpBad}" https://api.github.com/user\n`;
    const findings = await run(text);
    expect(findings.map(brief)).toEqual([`${spanOf(text, ghpBad)} warning`]);
    expect(findings[0]!.messageId).toBe('weakToken');
    expect(findings[0]!.message).toContain('checksum');
  });

  it('reports an npm token written by npm set, and an OpenAI key in ENV', async () => {
    const text = `FROM node:20\nRUN npm set //registry.npmjs.org/:_authToken=${npmToken}\nENV OPENAI_API_KEY=${openai}\n`;
    const findings = await run(text);
    expect(findings.map(brief)).toEqual([`${spanOf(text, npmToken)} error`, `${spanOf(text, openai)} error`]);
    expectMessage(findings[1], 'token', { provider: 'OpenAI API key', where: 'ENV', preview: `${openai.slice(0, 4)}…${openai.slice(-3)}, ${openai.length} chars` });
    expectRedacted(findings, openai);
  });

  it('reports a private key in a LABEL', async () => {
    const pem = fakes.opensshPrivateKey(15).trim().replace(/\n/g, '\\n');
    const text = `FROM alpine\nLABEL deploy.key="${pem}"\n`;
    const findings = await run(text);
    expect(findings.map(brief)).toEqual([`${spanOf(text, pem)} error`]);
    expect(findings[0]!.messageId).toBe('token');
    expect(findings[0]!.message).toMatch(/^Private key in LABEL/);
  });

  it('reports the password of a URL with credentials, not the whole URL', async () => {
    const text = `FROM python:3.12\nENV DATABASE_URL=${db.url}\n`;
    const findings = await run(text);
    expect(findings.map(brief)).toEqual([`${spanOf(text, db.password, text.indexOf(`:${db.password}@`))} error`]);
    expectRedacted(findings, db.password);
  });

  it('reports tokens in heredoc bodies (RUN <<EOF and COPY <<EOF)', async () => {
    const text = `FROM alpine\nRUN <<EOF\nset -e\ncurl -fsS -H "Authorization: Bearer ${ghp}" https://api.github.com\nEOF\nCOPY <<EOF /root/.npmrc\n//registry.npmjs.org/:_authToken=${npmToken}\nEOF\n`;
    const findings = await run(text);
    expect(findings.map(brief)).toEqual([`${spanOf(text, ghp)} error`, `${spanOf(text, npmToken)} error`]);
    expectMessage(findings[0], 'token', { provider: 'GitHub personal access token (classic)', where: 'RUN heredoc', preview: `${ghp.slice(0, 4)}…${ghp.slice(-3)}, 40 chars` });
    expectMessage(findings[1], 'token', { provider: 'npm access token', where: 'COPY heredoc', preview: `${npmToken.slice(0, 4)}…${npmToken.slice(-3)}, 40 chars` });
  });

  it('reports tokens in exec-form RUN, ONBUILD triggers, lower-case instructions and with the escape directive', async () => {
    const text = `# escape=\`\nFROM alpine\nrun ["curl", "-H", "Authorization: Bearer ${ghp}", "https://x"]\nONBUILD RUN curl -H "X-Api-Key: ${openai}" \`\n    https://api.example.com\n`;
    const findings = await run(text);
    expect(findings.map(brief)).toEqual([`${spanOf(text, ghp)} error`, `${spanOf(text, openai)} error`]);
    expect(findings[1]!.message).toMatch(/ in ONBUILD RUN /);
  });

  it('fires in every stage, shipping or not', async () => {
    const text = `FROM node:20 AS build\nRUN npm config set //registry.npmjs.org/:_authToken ${npmToken} && npm ci\nFROM nginx\nCOPY --from=build /app/dist /usr/share/nginx/html\n`;
    expect((await run(text)).map(at)).toEqual([spanOf(text, npmToken)]);
  });

  it('reports confirmed tokens in comments as warnings, and ignores weak ones there', async () => {
    const text = `FROM alpine\n# old token: ${ghp}\n# ${ghpBad}\nRUN echo hi \\\n  # ${npmToken}\n  && echo bye\n`;
    const findings = await run(text);
    expect(findings.map(brief)).toEqual([`${spanOf(text, ghp)} warning`, `${spanOf(text, npmToken)} warning`]);
    expect(findings.map((finding) => finding.messageId)).toEqual(['commentToken', 'commentToken']);
  });

  it('a tab-indented comment line of a continued RUN is a comment; a `#` line of a heredoc body is not', async () => {
    const text = `FROM alpine\nRUN echo hi \\\n\t# ${npmToken}\n  && echo bye\nRUN <<EOF\n# ${ghp}\necho done\nEOF\n`;
    const findings = await run(text);
    expect(findings.map(brief)).toEqual([`${spanOf(text, npmToken)} warning`, `${spanOf(text, ghp)} error`]);
    expect(findings.map((finding) => finding.messageId)).toEqual(['commentToken', 'token']);
  });
});

describe('no-hardcoded-secret: credentials on command lines', () => {
  it.each([
    ['RUN mysql -uroot -pS3cr3tPw9 < init.sql', 'S3cr3tPw9', 'mysql -p'],
    ['RUN mysql --password=Xy12abc9 appdb', 'Xy12abc9', '--password'],
    ['RUN sshpass -p hunter2x scp dump.sql backup@host:', 'hunter2x', 'sshpass -p'],
    ["RUN echo 'root:toor' | chpasswd", 'toor', "chpasswd ('user:password')"],
    ['RUN PGPASSWORD=Pg4ssw0rd9 psql -h db -U app -c "select 1"', 'Pg4ssw0rd9', 'PGPASSWORD='],
    ['RUN htpasswd -b -c /etc/nginx/.htpasswd admin Adm1nPw9', 'Adm1nPw9', 'htpasswd -b'],
    ['RUN curl -u deploy:Dpl0yPass7 -O https://repo.example.com/app.tgz', 'Dpl0yPass7', 'curl -u user:password'],
    ['RUN docker login -u me -p Dk3rPass9 registry.example.com', 'Dk3rPass9', 'docker login -p'],
    ["RUN sh -c 'redis-cli -a R3disPw77 ping'", 'R3disPw77', 'redis-cli -a'],
    ['RUN keytool -importcert -storepass Ch4ngedPw -file ca.crt', 'Ch4ngedPw', 'keytool -storepass'],
  ])('%s', async (line, secret, label) => {
    const text = `FROM alpine\n${line}\n`;
    const findings = await run(text);
    expect(findings.map(brief)).toEqual([`${spanOf(text, secret, text.indexOf(line) + 5)} error`]);
    expectMessage(findings[0], 'credentialArgument', { label, where: 'RUN', preview: `••••, ${secret.length} chars` });
    expectRedacted(findings, secret);
  });

  it('reports a well-known default password as a warning', async () => {
    const text = "FROM alpine\nRUN echo 'root:root' | chpasswd\n";
    const findings = await run(text);
    expect(findings.map(brief)).toEqual(['no-hardcoded-secret@2:16-2:20 warning']);
    expectMessage(findings[0]!, 'weakCredential', { label: "chpasswd ('user:password')", where: 'RUN' });
  });

  it('reports secret-named literals in shell assignments and written config lines (generic: warning)', async () => {
    const text = "FROM alpine\nRUN export API_TOKEN=abcd1234efgh && echo \"DB_PASSWORD=Sup3rS3cret9\" >> .env\nRUN printf 'user=app\\npassword=Z1x2c3v4b5\\n' > /root/.my.cnf\n";
    const findings = await run(text);
    expect(findings.map(brief)).toEqual([
      `${spanOf(text, 'abcd1234efgh')} warning`,
      `${spanOf(text, 'Sup3rS3cret9')} warning`,
      `${spanOf(text, 'Z1x2c3v4b5')} warning`,
    ]);
    expectMessage(findings[0]!, 'namedLiteral', { name: 'API_TOKEN', where: 'RUN', preview: '••••, 12 chars' });
  });

  it('reports secret-named ARG/ENV/LABEL literals and COPY heredoc .env lines; error when the value looks generated', async () => {
    const generated = 'q8Zr2LmX0vT4nB7wK1pS';
    const text = `FROM ruby:3.3\nENV DB_PASSWORD=Sup3rS3cret!\nARG SECRET_KEY_BASE=${generated}\nCOPY <<EOF /app/.env\nAPI_URL=https://api.example.com\nSTRIPE_SECRET=St4ipeS3cret9\nEOF\n`;
    const findings = await run(text);
    expect(findings.map(brief)).toEqual([
      `${spanOf(text, 'Sup3rS3cret!')} warning`,
      `${spanOf(text, generated)} error`,
      `${spanOf(text, 'St4ipeS3cret9')} warning`,
    ]);
    expectMessage(findings[2]!, 'namedLiteral', { name: 'STRIPE_SECRET', where: 'COPY heredoc', preview: '••••, 13 chars' });
  });
});

describe('no-hardcoded-secret: valid', () => {
  it.each([
    ['reference in a header', 'RUN --mount=type=secret,id=gh,env=GH_TOKEN curl -H "Authorization: Bearer $GH_TOKEN" https://api.github.com/user'],
    ['documented AWS example', 'ENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE'],
    ['token-shaped placeholder', 'RUN curl -H "Authorization: Bearer ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" https://x'],
    ['npmrc with a reference', 'RUN npm set //registry.npmjs.org/:_authToken=$NPM_TOKEN'],
    ['URL with referenced credentials', 'RUN git clone https://${GIT_USER}:${GIT_TOKEN}@github.com/org/repo.git'],
    ['URL without password', 'ENV DATABASE_URL=postgres://app@db:5432/app'],
    ['URL with a placeholder password', 'ENV DATABASE_URL=postgres://user:changeme@localhost/app'],
    ['password from a secret file', 'RUN --mount=type=secret,id=db mysql --password="$(cat /run/secrets/db)" -e "select 1"'],
    ['empty default expansion', 'RUN TOKEN=${TOKEN:-} ./deploy.sh'],
    ['chpasswd from a variable', 'RUN echo "root:${ROOT_PASSWORD}" | chpasswd'],
    ['placeholder assignment', 'RUN SECRET_KEY=dummy python manage.py collectstatic --no-input'],
    ['mkdir -p and ssh -p', 'RUN mkdir -p /root/.ssh && ssh -p 2222 git@example.com true'],
    ['mysql -p prompts (next word is the database)', 'RUN mysql -u root -p appdb < schema.sql'],
    ['docker build --secret reference', 'RUN docker build --secret id=npm,src=/run/secrets/npm .'],
    ['fingerprints', 'ENV GPG_KEYS=1729F83938DA44E27BA0F4D3DBDB397470D12172 B1B44D8F021E4E2D6021E995DC9FF8D3EE5AF27F'],
    ['checksum', 'ENV PYTHON_GET_PIP_SHA256 dfe9fd5c28dc98b5ac17979a953ea550cec37ae1b47a5116007395bfacff2ab9'],
    ['file names and paths', 'ENV RESET_OS_PASSWORD="resetOSPassword.sh" POSTGRES_PASSWORD_FILE=/run/secrets/db'],
    ['secret-mount env', 'RUN --mount=type=secret,id=composer_auth,env=COMPOSER_AUTH composer install'],
    ['boolean-ish names', 'ENV MYSQL_ALLOW_EMPTY_PASSWORD=yes TOKENIZERS_PARALLELISM=false'],
  ])('%s', async (_name, line) => {
    expect(await run(`FROM alpine\n${line}\n`)).toEqual([]);
  });

  it('honours dockerlint-disable-next-line and the config value allowlist', async () => {
    const text = `FROM alpine\n# dockerlint-disable-next-line no-hardcoded-secret -- test fixture token\nRUN echo ${ghp}\nRUN echo ${npmToken}\n`;
    expect((await run(text)).map(at)).toEqual([spanOf(text, npmToken)]);
    await initialize();
    const config: ResolvedConfig = { files: [], rules: {}, ignores: [], allowlist: { names: [], values: [/^npm_/], fingerprints: [] }, context: [] };
    const result = lintText({ filePath: 'Dockerfile', text: `FROM alpine\nRUN echo ${npmToken} ${ghp}\n`, rules, config, onlyRules: [RULE], buildContext: noBuildContext() });
    expect(result.findings.map((f) => f.message.split(' in ')[0])).toEqual(['GitHub personal access token (classic)']);
  });

  it('is not silenced by BuildKit check=skip (that is for the ARG/ENV rules)', async () => {
    const text = `# check=skip=SecretsUsedInArgOrEnv\nFROM alpine\nARG GITHUB_TOKEN=${ghp}\n`;
    expect((await run(text)).map(at)).toEqual([spanOf(text, ghp)]);
  });
});
