// A real BuildKit for ground-truth tests: Debian's docker.io daemon on a socket of its own, no network, a busybox
// base image imported from busybox-static (no registry is reachable). Tests call startRealBuilder() and skip with
// the returned reason when the daemon cannot start; they never fake a build.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian's 20.10 client: the 28.x client in /usr/local/bin needs buildx, which these machines lack. */
export const DOCKER_CLIENT = '/usr/bin/docker';
const DOCKERD = '/usr/sbin/dockerd';
const BUSYBOX = '/bin/busybox';
export const BASE_IMAGE = 'base:busybox';
/** The busybox applets linked in the base image (any other command in a RUN is not there). */
export const BASE_COMMANDS: readonly string[] = ['sh', 'cat', 'echo', 'rm', 'cp', 'mkdir', 'ls', 'env', 'printenv', 'touch', 'chmod', 'mv', 'grep'];

export interface BuildOptions {
  tag: string;
  /** Dockerfile path, relative to the context unless absolute (default: Dockerfile in the context). */
  file?: string;
  target?: string;
  buildArgs?: Record<string, string>;
  /** secret id -> file path (`--secret id=…,src=…`). */
  secrets?: Record<string, string>;
}

export interface BuildResult {
  ok: boolean;
  /** The builder's combined output (plain progress), for assertions on failures. */
  output: string;
}

export interface RealBuilder {
  /** Environment for running the Debian client against this daemon. */
  env: NodeJS.ProcessEnv;
  docker(args: string[], options?: { timeoutMs?: number }): Promise<{ stdout: string; stderr: string }>;
  build(context: string, options: BuildOptions): Promise<BuildResult>;
  /** `created_by` of every history entry, newest first, untruncated. */
  history(image: string): Promise<string[]>;
  /** `docker save` into a tar file; returns its path. */
  save(image: string, outFile: string): Promise<string>;
  stop(): Promise<void>;
}

export type RealBuilderStart = { builder: RealBuilder; skip?: undefined } | { builder?: undefined; skip: string };

function missingParts(): string | undefined {
  if (process.platform !== 'linux') return 'the real builder needs Linux';
  if (process.getuid?.() !== 0) return 'dockerd needs root';
  for (const [path, pkg] of [[DOCKERD, 'docker.io'], [DOCKER_CLIENT, 'docker.io'], [BUSYBOX, 'busybox-static']] as const) {
    if (!existsSync(path)) return `${path} not found (Debian package ${pkg}; .ci/run installs it)`;
  }
  return undefined;
}

async function waitForDaemon(env: NodeJS.ProcessEnv, logFile: string, timeoutMs: number): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await run(DOCKER_CLIENT, ['info', '--format', '{{.ServerVersion}}'], { env, timeout: 5_000 });
      return undefined;
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  const log = await readFile(logFile, 'utf8').catch(() => '');
  const lastLine = log.trim().split('\n').pop() ?? '';
  return `dockerd did not answer within ${timeoutMs / 1000} s (last log line: ${lastLine.slice(0, 200)})`;
}

async function importBusyboxBase(dir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const rootfs = join(dir, 'rootfs');
  for (const sub of ['bin', 'tmp', 'root', 'etc']) await mkdir(join(rootfs, sub), { recursive: true });
  await chmod(join(rootfs, 'tmp'), 0o1777);
  await copyFile(BUSYBOX, join(rootfs, 'bin', 'busybox'));
  await chmod(join(rootfs, 'bin', 'busybox'), 0o755);
  for (const command of BASE_COMMANDS) await symlink('busybox', join(rootfs, 'bin', command));
  await writeFile(join(rootfs, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n');
  await writeFile(join(rootfs, 'etc', 'group'), 'root:x:0:\nnogroup:x:65534:\n');
  await new Promise<void>((resolve, reject) => {
    const tar = spawn('tar', ['-C', rootfs, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const imp = spawn(DOCKER_CLIENT, ['import', '-', BASE_IMAGE], { env, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    imp.stderr.on('data', (d) => (stderr += d));
    tar.stdout.pipe(imp.stdin);
    imp.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`docker import failed: ${stderr.trim()}`))));
  });
}

/**
 * Start a private daemon (own socket, data and exec roots under a temp folder, vfs storage, no bridge/iptables).
 * Resolves with a skip reason instead of throwing when any real part is missing or the daemon does not come up.
 */
export async function startRealBuilder(): Promise<RealBuilderStart> {
  const missing = missingParts();
  if (missing) return { skip: `real BuildKit unavailable: ${missing}` };
  const dir = await mkdtemp(join(tmpdir(), 'dockerlint-buildkit-'));
  const socket = join(dir, 'docker.sock');
  const pidFile = join(dir, 'docker.pid');
  const logFile = join(dir, 'dockerd.log');
  const { openSync } = await import('node:fs');
  const log = openSync(logFile, 'a');
  const daemon = spawn(
    DOCKERD,
    ['-H', `unix://${socket}`, '--data-root', join(dir, 'data'), '--exec-root', join(dir, 'exec'), '--pidfile', pidFile,
      '--storage-driver=vfs', '--iptables=false', '--ip6tables=false', '--bridge=none'],
    { stdio: ['ignore', log, log], detached: true },
  );
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: `unix://${socket}`, DOCKER_BUILDKIT: '1', DOCKER_CONFIG: join(dir, 'client') };
  let exited = false;
  daemon.on('exit', () => (exited = true));
  const stop = async (): Promise<void> => {
    if (!exited) {
      daemon.kill('SIGTERM');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          daemon.kill('SIGKILL');
          resolve();
        }, 15_000);
        daemon.on('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        if (exited) resolve();
      });
    }
    // vfs layers can be large; the exec root may hold mounts until the daemon is gone.
    await rm(dir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
  };
  const notUp = await waitForDaemon(env, logFile, 30_000);
  if (notUp) {
    await stop();
    return { skip: `real BuildKit unavailable: ${notUp}` };
  }
  try {
    await importBusyboxBase(dir, env);
  } catch (error) {
    await stop();
    return { skip: `real BuildKit unavailable: ${(error as Error).message}` };
  }

  const docker: RealBuilder['docker'] = async (args, options = {}) =>
    run(DOCKER_CLIENT, args, { env, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 });

  const builder: RealBuilder = {
    env,
    docker,
    async build(context, options) {
      const args = ['build', '--network=none', '--progress=plain', '-t', options.tag];
      if (options.file) args.push('-f', options.file.startsWith('/') ? options.file : join(context, options.file));
      if (options.target) args.push('--target', options.target);
      for (const [name, value] of Object.entries(options.buildArgs ?? {})) args.push('--build-arg', `${name}=${value}`);
      for (const [id, src] of Object.entries(options.secrets ?? {})) args.push('--secret', `id=${id},src=${src}`);
      args.push(context);
      try {
        const { stdout, stderr } = await docker(args);
        return { ok: true, output: stdout + stderr };
      } catch (error) {
        const e = error as { stdout?: string; stderr?: string; message: string };
        return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? e.message}` };
      }
    },
    async history(image) {
      const { stdout } = await docker(['history', '--no-trunc', '--format', '{{.CreatedBy}}', image]);
      return stdout.split('\n').filter((line) => line !== '');
    },
    async save(image, outFile) {
      await docker(['save', '-o', outFile, image]);
      return outFile;
    },
    stop,
  };
  return { builder };
}
