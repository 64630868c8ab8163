/** Worker thread: initialises the engine once, then lints batches of files sent by the main thread. */
import { parentPort } from 'node:worker_threads';
import { initialize } from '@dockerlint/core';
import { rules } from '@dockerlint/rules';
import { createRunSession, runJob, type JobOutcome, type LintJob } from './lint-file.js';

type Message = { type: 'batch'; id: number; jobs: LintJob[] };

const port = parentPort;
if (port) {
  const ready = initialize();
  const session = createRunSession();
  port.on('message', (message: Message) => {
    void ready.then(
      () => {
        const outcomes: JobOutcome[] = message.jobs.map((job) => runJob(job, rules, session));
        port.postMessage({ type: 'results', id: message.id, outcomes });
      },
      (error: unknown) => {
        port.postMessage({ type: 'fatal', id: message.id, message: error instanceof Error ? error.message : String(error) });
      },
    );
  });
}
