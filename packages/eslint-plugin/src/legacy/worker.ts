/**
 * Engine worker for the ESLint 8 entry. ESLint 8 parsers and rules are synchronous, the engine's shell parser
 * (WebAssembly) only initialises asynchronously and the engine is ESM: so the CommonJS legacy entry runs the engine
 * here and waits for each answer synchronously (SharedArrayBuffer + Atomics.wait + receiveMessageOnPort).
 */
import { workerData, type MessagePort } from 'node:worker_threads';

interface WorkerData {
  port: MessagePort;
  signal: Int32Array;
}

type Request =
  | { id: number; type: 'meta' }
  | { id: number; type: 'lint'; text: string; filePath: string; options: Record<string, unknown>; only?: { ruleId: string; options: Record<string, unknown> } };

const { port, signal } = workerData as WorkerData;

function reply(message: unknown): void {
  port.postMessage(message);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

const ready = (async () => {
  const core = await import('@dockerlint/core');
  await core.initialize();
  const findings = await import('../findings.js');
  const language = await import('../language.js');
  const { rules } = await import('@dockerlint/rules');
  const globs = await import('../globs.js');
  return { findings, language, rules, globs };
})();

type Modules = Awaited<typeof ready>;

function handle(modules: Modules, request: Request): unknown {
  const { findings, language, rules, globs } = modules;
  if (request.type === 'meta') {
    return {
      files: globs.DOCKERFILE_GLOBS,
      ignores: globs.DOCKERIGNORE_GLOBS,
      rules: [
        ...rules.map((rule) => ({
          id: rule.meta.id,
          description: rule.meta.description,
          severity: rule.meta.severity,
          recommended: rule.meta.recommended !== false,
          messageIds: Object.keys(rule.meta.messages),
          ...findings.fixMeta(rule),
          schema: findings.optionsSchema(rule),
          url: findings.ruleUrl(rule.meta.id),
        })),
        {
          id: findings.PARSE_ERROR_ID,
          description: 'Dockerfile syntax problems that the parser recovered from (Docker would refuse to build).',
          severity: 'error',
          recommended: true,
          messageIds: [findings.PARSE_ERROR_ID],
          schema: [],
          url: findings.ruleUrl(findings.PARSE_ERROR_ID),
        },
      ],
    };
  }
  const options = request.options ?? {};
  const result = findings.lintPortable({
    text: request.text,
    filePath: request.filePath,
    options,
    ...(request.only ? { only: request.only } : {}),
  });
  const answer: Record<string, unknown> = { findings: result.findings };
  if (result.fatal) answer.fatal = result.fatal;
  if (!request.only && result.model) answer.ast = language.buildAst(result.model);
  return answer;
}

port.on('message', (request: Request) => {
  ready.then(
    (modules) => {
      try {
        reply({ id: request.id, result: handle(modules, request) });
      } catch (error) {
        reply({ id: request.id, error: error instanceof Error ? error.message : String(error) });
      }
    },
    (error: unknown) => reply({ id: request.id, error: `dockerlint engine failed to start: ${error instanceof Error ? error.message : String(error)}` }),
  );
});
