import { beforeAll, describe, expect, it } from 'vitest';
import { isShellParserReady, MAX_SHELL_SOURCE_LENGTH, parseShell } from '../../src/shell/parser.js';
import { initShellParser, mapper, names, run } from './helpers.js';

beforeAll(async () => {
  await initShellParser();
});

describe('initShellParser', () => {
  it('is idempotent and shares one promise', async () => {
    const a = initShellParser();
    const b = initShellParser();
    expect(a).toBe(b);
    await Promise.all([a, b]);
    expect(isShellParserReady()).toBe(true);
  });
});

describe('parseShell: commands and words', () => {
  it('splits an apt-get chain with && and \\ continuations', () => {
    const body = 'apt-get update \\\n    && apt-get install -y --no-install-recommends curl ca-certificates \\\n    && rm -rf /var/lib/apt/lists/*';
    const s = run(body);
    expect(s.hasErrors).toBe(false);
    expect(names(s)).toEqual(['apt-get', 'apt-get', 'rm']);
    const install = s.commands[1]!;
    expect(install.args.map((a) => a.value)).toEqual(['install', '-y', '--no-install-recommends', 'curl', 'ca-certificates']);
    expect(install.range).toEqual({ start: { line: 2, column: 8 }, end: { line: 2, column: 71 } });
    expect(install.name!.range).toEqual({ start: { line: 2, column: 8 }, end: { line: 2, column: 15 } });
    expect(s.commands[0]!.range.start).toEqual({ line: 1, column: 5 });
    expect(s.commands[2]!.args[1]!.value).toBe('/var/lib/apt/lists/*');
    expect(s.commands.map((c) => c.index)).toEqual([0, 1, 2]);
    expect(s.commands.every((c) => c.substitutionDepth === 0)).toBe(true);
  });

  it('links pipeline neighbours', () => {
    const s = run('echo "$T" | docker login -u me --password-stdin registry.example.com');
    expect(names(s)).toEqual(['echo', 'docker']);
    const [echo, login] = s.commands;
    expect(echo!.pipeTo).toBe(login);
    expect(login!.pipeFrom).toBe(echo);
    expect(echo!.pipeFrom).toBeUndefined();
    const word = echo!.args[0]!;
    expect(word.raw).toBe('"$T"');
    expect(word.value).toBe('$T');
    expect(word.isLiteral).toBe(false);
    expect(word.parts).toEqual([{ kind: 'variable', name: 'T', text: '$T' }]);
    expect(word.range).toEqual({ start: { line: 1, column: 10 }, end: { line: 1, column: 14 } });
  });

  it('links three-stage pipelines and subshell stages', () => {
    const s = run('(a; b) | c | d');
    const [a, b, c, d] = s.commands;
    expect(names(s)).toEqual(['a', 'b', 'c', 'd']);
    expect(a!.pipeTo).toBeUndefined();
    expect(b!.pipeTo).toBe(c);
    expect(c!.pipeFrom).toBe(b);
    expect(c!.pipeTo).toBe(d);
  });

  it('resolves quotes and escapes in values', () => {
    const s = run(`printf '%s\\n' "a\\"b" c\\ d 'x'"y"z $'t\\tu' "\${A}:x" "\${B:-def}"`);
    const args = s.commands[0]!.args;
    expect(args.map((a) => a.value)).toEqual(['%s\\n', 'a"b', 'c d', 'xyz', 't\tu', '${A}:x', '${B:-def}']);
    expect(args.map((a) => a.isLiteral)).toEqual([true, true, true, true, true, false, false]);
    expect(args[5]!.parts).toEqual([
      { kind: 'variable', name: 'A', text: '${A}' },
      { kind: 'literal', text: ':x' },
    ]);
    expect(args[6]!.parts[0]).toEqual({ kind: 'variable', name: 'B', operator: ':-', operand: 'def', text: '${B:-def}' });
  });

  it('parses expansion operators', () => {
    const s = run('echo ${#A} ${!B} ${C%%.*} ${D[0]} $1 $@ $((E + 1))');
    const parts = s.commands[0]!.args.map((a) => a.parts[0]);
    expect(parts[0]).toMatchObject({ kind: 'variable', name: 'A', operator: '#' });
    expect(parts[1]).toMatchObject({ kind: 'variable', name: 'B', operator: '!' });
    expect(parts[2]).toMatchObject({ kind: 'variable', name: 'C', operator: '%%', operand: '.*' });
    expect(parts[3]).toMatchObject({ kind: 'variable', name: 'D' });
    expect(parts[4]).toMatchObject({ kind: 'variable', name: '1' });
    expect(parts[5]).toMatchObject({ kind: 'variable', name: '@' });
    expect(parts[6]).toMatchObject({ kind: 'variable', name: '', operator: '$((' });
  });

  it('collects redirections with operators, fds and targets', () => {
    const s = run('echo x > /root/.npmrc; echo y >> ~/.netrc 2>/dev/null; cmd &> /log < in; docker login <<< "$PW"; a >| f 3<&0');
    const [e1, e2, cmd, login, a] = s.commands;
    expect(e1!.redirects).toHaveLength(1);
    expect(e1!.redirects[0]).toMatchObject({ operator: '>', target: { value: '/root/.npmrc' } });
    expect(e1!.redirects[0]!.range).toEqual({ start: { line: 1, column: 12 }, end: { line: 1, column: 26 } });
    expect(e1!.text).toBe('echo x > /root/.npmrc');
    expect(e2!.redirects.map((r) => [r.operator, r.fd, r.target?.value])).toEqual([
      ['>>', undefined, '~/.netrc'],
      ['>', 2, '/dev/null'],
    ]);
    expect(cmd!.redirects.map((r) => r.operator)).toEqual(['&>', '<']);
    expect(login!.redirects[0]).toMatchObject({ operator: '<<<', target: { value: '$PW' } });
    expect(a!.redirects.map((r) => [r.operator, r.fd])).toEqual([['>|', undefined], ['<&', 3]]);
  });

  it('handles heredoc redirects with a body and a file redirect', () => {
    const body = 'cat <<EOF > /root/.pypirc && chmod 600 /root/.pypirc\n[pypi]\npassword = $PYPI_TOKEN\nEOF';
    const s = run(body);
    expect(names(s)).toEqual(['cat', 'chmod']);
    const cat = s.commands[0]!;
    const heredoc = cat.redirects.find((r) => r.operator === '<<')!;
    expect(heredoc.heredocBody!.value).toBe('[pypi]\npassword = $PYPI_TOKEN\n');
    expect(heredoc.heredocBody!.isLiteral).toBe(false);
    expect(heredoc.heredocBody!.parts).toContainEqual({ kind: 'variable', name: 'PYPI_TOKEN', text: '$PYPI_TOKEN' });
    expect(heredoc.heredocBody!.range.start).toEqual({ line: 2, column: 1 });
    const file = cat.redirects.find((r) => r.operator === '>')!;
    expect(file.target!.value).toBe('/root/.pypirc');
    expect(cat.text).toBe('cat <<EOF > /root/.pypirc');
    expect(s.commands[1]!.args.map((a) => a.value)).toEqual(['600', '/root/.pypirc']);
  });

  it('keeps quoted heredoc bodies literal and pipes heredocs', () => {
    const s = run("cat <<'EOF' | docker login --password-stdin\n$NOT_EXPANDED\nEOF");
    const [cat, login] = s.commands;
    expect(cat!.redirects[0]!.heredocBody).toMatchObject({ value: '$NOT_EXPANDED\n', isLiteral: true });
    expect(cat!.pipeTo).toBe(login);
    expect(login!.pipeFrom).toBe(cat);
  });

  it('parses command substitutions with depth and inner scripts', () => {
    const s = run('NPM_TOKEN=$(cat /run/secrets/npm) npm set "//registry.npmjs.org/:_authToken=$(cat /run/secrets/x | tr -d \'\\n\')"');
    expect(names(s)).toEqual(['cat', 'cat', 'tr', 'npm']);
    expect(s.commands.map((c) => c.substitutionDepth)).toEqual([1, 1, 1, 0]);
    const npm = s.commands[3]!;
    expect(npm.assignments[0]!.name).toBe('NPM_TOKEN');
    expect(npm.assignments[0]!.exported).toBe(false);
    const valuePart = npm.assignments[0]!.value!.parts[0]!;
    expect(valuePart.kind).toBe('command');
    if (valuePart.kind === 'command') {
      expect(valuePart.script.commands.map((c) => c.name?.value)).toEqual(['cat']);
      expect(valuePart.script.commands[0]!.args[0]!.value).toBe('/run/secrets/npm');
      expect(valuePart.text).toBe('$(cat /run/secrets/npm)');
    }
    const arg = npm.args[1]!;
    expect(arg.value).toBe("//registry.npmjs.org/:_authToken=$(cat /run/secrets/x | tr -d '\\n')");
    expect(arg.parts[0]).toEqual({ kind: 'literal', text: '//registry.npmjs.org/:_authToken=' });
    expect(s.commands[1]!.pipeTo).toBe(s.commands[2]);
  });

  it('parses backticks and nested substitutions', () => {
    const s = run('echo `id -u` $(basename $(pwd))');
    expect(names(s)).toEqual(['id', 'pwd', 'basename', 'echo']);
    expect(s.commands.map((c) => c.substitutionDepth)).toEqual([1, 2, 1, 0]);
  });

  it('records assignment statements and declarations', () => {
    const s = run('X=1; export A=$(cat /run/secrets/a) B; declare -x C="v$D"; local E; readonly F=2; Y= Z=3');
    expect(s.assignments.map((a) => [a.name, a.value?.value, a.exported])).toEqual([
      ['X', '1', false],
      ['A', '$(cat /run/secrets/a)', true],
      ['C', 'v$D', true],
      ['F', '2', true],
      ['Y', '', false],
      ['Z', '3', false],
    ]);
    const exp = s.commands.find((c) => c.name?.value === 'export')!;
    expect(exp.args.map((a) => a.value)).toEqual(['A=$(cat /run/secrets/a)', 'B']);
    expect(exp.assignments.map((a) => [a.name, a.value === undefined])).toEqual([['A', false], ['B', true]]);
    expect(names(s)).toEqual(['<none>', 'cat', 'export', 'declare', 'local', 'readonly', '<none>']);
    const bare = s.commands[0]!;
    expect(bare.assignments[0]!.name).toBe('X');
    expect(bare.text).toBe('X=1');
    // Substitution commands are listed once.
    expect(s.commands.filter((c) => c.name?.value === 'cat')).toHaveLength(1);
  });

  it('finds commands in if/for/while/case/functions/subshells', () => {
    const s = run(
      'if [ -f /x ]; then a 1; elif b; then c; else d; fi; for f in $(ls); do e "$f"; done; ' +
        'while read l; do g; done < list; case $x in a) h;; *) i;; esac; fn() { k; }; (l); ! m; { n; } > out',
    );
    expect(names(s)).toEqual(['[', 'a', 'b', 'c', 'd', 'ls', 'e', 'read', 'g', 'h', 'i', 'k', 'l', 'm', 'n']);
    expect(s.commands[0]!.args.map((a) => a.value)).toEqual(['-f', '/x', ']']);
    expect(s.commands.find((c) => c.name?.value === 'ls')!.substitutionDepth).toBe(1);
    expect(s.commands.find((c) => c.name?.value === 'read')!.redirects[0]).toMatchObject({ operator: '<' });
    expect(s.commands.find((c) => c.name?.value === 'n')!.redirects[0]!.target!.value).toBe('out');
  });

  it('maps positions through multi-byte text (UTF-16 offsets)', () => {
    const s = run('echo "é😀" x');
    expect(s.commands[0]!.args[1]!.range.start).toEqual({ line: 1, column: 16 });
  });
});

describe('parseShell: bad input', () => {
  it('returns partial results for broken syntax', () => {
    const s = run('echo "unterminated && npm ci; if then fi )))');
    expect(s.hasErrors).toBe(true);
    expect(Array.isArray(s.commands)).toBe(true);
  });

  it('still finds commands around a syntax error', () => {
    const s = run('apt-get update && ) && npm ci');
    expect(s.hasErrors).toBe(true);
    expect(names(s)).toContain('apt-get');
  });

  it('survives 5000 nested $( without a stack overflow', () => {
    const src = 'echo ' + '$('.repeat(5000) + 'x' + ')'.repeat(5000);
    const s = parseShell(src, mapper(src));
    expect(s.hasErrors).toBe(true);
    expect(s.truncated).toBe(true);
    expect(s.commands.length).toBeGreaterThan(10);
    const unclosed = 'echo ' + '$('.repeat(5000);
    expect(parseShell(unclosed, mapper(unclosed)).hasErrors).toBe(true);
  });

  it('survives deep subshells and long && chains', () => {
    const deep = '('.repeat(3000) + 'a' + ')'.repeat(3000);
    expect(parseShell(deep, mapper(deep)).truncated).toBe(true);
    const chain = Array.from({ length: 3000 }, (_, i) => `c${i}`).join(' && ');
    const s = parseShell(chain, mapper(chain));
    expect(s.commands).toHaveLength(3000);
    expect(s.truncated).toBeUndefined();
  });

  it('caps the input length', () => {
    const big = 'echo a; '.repeat(Math.ceil((MAX_SHELL_SOURCE_LENGTH + 10) / 8));
    const s = parseShell(big, mapper(big));
    expect(s.truncated).toBe(true);
    expect(s.hasErrors).toBe(true);
    expect(s.source).toBe(big);
    expect(s.commands.length).toBeGreaterThan(1000);
  });

  it('handles empty and comment-only input', () => {
    expect(run('').commands).toEqual([]);
    expect(run('# just a comment').commands).toEqual([]);
  });

  it('does not throw when toPosition throws', () => {
    const s = parseShell('echo hi', () => {
      throw new Error('boom');
    });
    expect(s.commands).toHaveLength(1);
  });
});

describe('parseShell: fuzz (deterministic)', () => {
  it('never throws on random shell-ish input', () => {
    const alphabet = ['$(', ')', '`', '"', "'", '\\', '\n', ' ', '|', '&&', ';', '<<EOF\n', 'EOF\n', '${', '}', 'a', '=', '>', '<', '(', '{', 'if ', 'then ', 'fi', "$'", '#', '\t', 'é', '😀'];
    let seed = 12345;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    for (let n = 0; n < 300; n++) {
      let src = '';
      const len = rand() % 60;
      for (let i = 0; i < len; i++) src += alphabet[rand() % alphabet.length];
      const s = parseShell(src, mapper(src));
      for (const c of s.commands) {
        expect(c.range.start.line).toBeGreaterThanOrEqual(1);
        expect(typeof c.text).toBe('string');
      }
    }
  });
});
