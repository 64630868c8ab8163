/**
 * `docker build` / `docker buildx build` command lines in CI scripts: words with their offsets in the script, and
 * the build's flags. Enough shell to read a build command (quotes, backslash-newline, `${{ … }}` expressions kept
 * whole); variables stay as written.
 */
export interface ScriptWord {
  text: string;
  /** [start, end) of the word as written in the script. */
  start: number;
  end: number;
}

const SEPARATORS = new Set([';', '&', '|', '\n', '(', ')']);

/** Splits a script into simple commands (lists of words); separators: newline, `;`, `&&`, `||`, `|`, `&`. */
export function splitCommands(script: string): ScriptWord[][] {
  const commands: ScriptWord[][] = [];
  let words: ScriptWord[] = [];
  let i = 0;
  const flush = () => {
    if (words.length > 0) commands.push(words);
    words = [];
  };
  while (i < script.length) {
    const ch = script[i]!;
    if (ch === '\\' && script[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    if (ch === '#') {
      while (i < script.length && script[i] !== '\n') i++;
      continue;
    }
    if (SEPARATORS.has(ch)) {
      flush();
      i++;
      continue;
    }
    const start = i;
    let text = '';
    while (i < script.length) {
      const c = script[i]!;
      if (c === ' ' || c === '\t' || c === '\r' || SEPARATORS.has(c)) break;
      if (c === '\\' && script[i + 1] === '\n') {
        i += 2;
        break;
      }
      if (c === '$' && script[i + 1] === '{' && script[i + 2] === '{') {
        const close = script.indexOf('}}', i + 3);
        const end = close < 0 ? script.length : close + 2;
        text += script.slice(i, end);
        i = end;
        continue;
      }
      if (c === "'" || c === '"') {
        const close = findClosingQuote(script, i);
        text += unquoteSegment(script.slice(i + 1, close), c);
        i = Math.min(script.length, close + 1);
        continue;
      }
      if (c === '\\' && i + 1 < script.length) {
        text += script[i + 1];
        i += 2;
        continue;
      }
      text += c;
      i++;
    }
    words.push({ text, start, end: i });
  }
  flush();
  return commands;
}

function findClosingQuote(script: string, open: number): number {
  const quote = script[open];
  for (let j = open + 1; j < script.length; j++) {
    if (quote === '"' && script[j] === '\\') {
      j++;
      continue;
    }
    if (script[j] === quote) return j;
  }
  return script.length;
}

function unquoteSegment(text: string, quote: string): string {
  return quote === '"' ? text.replace(/\\(["\\$`])/g, '$1') : text;
}

/** `docker build` flags that take a value (the next word when not written `--flag=value`). */
const VALUE_FLAGS = new Set([
  '-f', '--file', '--target', '--build-arg', '--secret', '-t', '--tag', '--platform', '--label', '--cache-from', '--cache-to',
  '-o', '--output', '--progress', '--network', '--ssh', '--build-context', '--iidfile', '--metadata-file', '--add-host',
  '--ulimit', '--shm-size', '--attest', '--annotation', '--builder', '--provenance', '--sbom', '--allow', '--call',
  '--cgroup-parent', '-m', '--memory', '--memory-swap', '--cpu-shares', '--cpuset-cpus', '--cpuset-mems', '--cpu-period',
  '--cpu-quota', '--isolation', '--security-opt', '--policy', '--ulimit', '--entitlements',
]);

export interface DockerBuildCommand {
  /** The context argument (`.`, `services/api`, a URL, `-`), when given. */
  context?: ScriptWord;
  file?: ScriptWord;
  target?: ScriptWord;
  /** `--build-arg NAME=value` / `--build-arg NAME`: the value word (the flag's argument). */
  buildArgs: ScriptWord[];
  secrets: ScriptWord[];
}

/** Reads `docker build`, `docker buildx build` (`b`) and `docker image build`; undefined for any other command. */
export function dockerBuildCommand(words: readonly ScriptWord[]): DockerBuildCommand | undefined {
  let index = 0;
  while (index < words.length && (words[index]!.text === 'sudo' || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[index]!.text))) index++;
  if (words[index]?.text !== 'docker') return undefined;
  index++;
  // Global options before the subcommand (`docker --context x buildx build`).
  while (index < words.length && words[index]!.text.startsWith('-')) index += /^--(?:context|host|config|log-level)$/.test(words[index]!.text) || words[index]!.text === '-H' ? 2 : 1;
  const sub = words[index]?.text;
  if (sub === 'build') index++;
  else if ((sub === 'buildx' && (words[index + 1]?.text === 'build' || words[index + 1]?.text === 'b')) || (sub === 'image' && words[index + 1]?.text === 'build')) index += 2;
  else return undefined;
  const command: DockerBuildCommand = { buildArgs: [], secrets: [] };
  for (; index < words.length; index++) {
    const word = words[index]!;
    if (word.text === '--') continue;
    if (!word.text.startsWith('-') || word.text === '-') {
      command.context ??= word;
      continue;
    }
    const eq = word.text.indexOf('=');
    // `--flag=value`, `--flag value`, and the joined short forms `-fDockerfile`, `-tname`.
    const joinedShort = /^-[ft]./.test(word.text);
    const flag = eq > 0 && word.text.startsWith('--') ? word.text.slice(0, eq) : joinedShort ? word.text.slice(0, 2) : word.text;
    let value: ScriptWord | undefined;
    if (eq > 0 && word.text.startsWith('--')) {
      // Exact when nothing before the `=` is quoted, which is how flags are written.
      const offset = word.start + eq + 1;
      value = { text: word.text.slice(eq + 1), start: offset, end: word.end };
    } else if (joinedShort) {
      value = { text: word.text.slice(2), start: word.start + 2, end: word.end };
    } else if (VALUE_FLAGS.has(flag)) {
      value = words[++index];
    }
    if (!value) continue;
    if (flag === '-f' || flag === '--file') command.file = value;
    else if (flag === '--target') command.target = value;
    else if (flag === '--build-arg') command.buildArgs.push(value);
    else if (flag === '--secret') command.secrets.push(value);
  }
  return command;
}
