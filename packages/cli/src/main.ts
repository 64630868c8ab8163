/** `dockerlint` entry point: returns the exit code (0 clean, 1 findings, 2 usage/config/IO/internal error). */
import { HELP, UsageError, parseCliArgs } from './args.js';
import type { Io } from './run.js';
import { readVersion } from './version.js';

function readProcessStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer | string) => chunks.push(typeof c === 'string' ? Buffer.from(c) : c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

export async function main(argv: string[], io: Partial<Io> = {}): Promise<number> {
  const fullIo: Io = {
    cwd: io.cwd ?? process.cwd(),
    env: io.env ?? process.env,
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    readStdin: io.readStdin ?? readProcessStdin,
    ...(io.stdinStream ? { stdinStream: io.stdinStream } : {}),
    ...(io.rules ? { rules: io.rules } : {}),
  };
  try {
    const opts = parseCliArgs(argv);
    if (opts.help) {
      fullIo.stdout.write(HELP);
      return 0;
    }
    if (opts.version) {
      fullIo.stdout.write(`${readVersion()}\n`);
      return 0;
    }
    // The engine (WASM shell parser, rules) is only loaded for an actual run.
    const { run } = await import('./run.js');
    return await run(opts, fullIo);
  } catch (error) {
    if (error instanceof UsageError) {
      fullIo.stderr.write(`dockerlint: ${error.message}\n`);
      return 2;
    }
    const e = error as { name?: string; message?: string };
    if (e && e.name === 'ConfigError') {
      fullIo.stderr.write(`dockerlint: ${e.message}\n`);
      return 2;
    }
    fullIo.stderr.write(`dockerlint: internal error: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}\n`);
    return 2;
  }
}
