// Run the dockerlint CLI in-process with captured output (and an optional byte stream as standard input).
import type { Readable } from 'node:stream';
import { main } from '../../packages/cli/src/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], cwd: string, stdin?: () => Readable): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    cwd,
    env: { NO_COLOR: '1' },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    readStdin: async () => '',
    ...(stdin ? { stdinStream: stdin } : {}),
  });
  return { code, stdout, stderr };
}
