/**
 * Synchronous calls into the engine worker (see worker.ts for why): post a request, block on an Atomics flag the
 * worker raises after answering, then take the answer with receiveMessageOnPort. One request at a time.
 */
import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

const TIMEOUT_MS = 60_000;

interface Engine {
  worker: Worker;
  port: MessagePort;
  signal: Int32Array;
  next: number;
}

let engine: Engine | undefined;

function start(): Engine {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(join(__dirname, 'worker.js'), { workerData: { port: port2, signal }, transferList: [port2] });
  // Never keep ESLint's process alive for the worker's sake.
  worker.unref();
  port1.unref();
  return { worker, port: port1, signal, next: 1 };
}

export function callEngine<T>(request: Record<string, unknown>): T {
  const current = (engine ??= start());
  const id = current.next++;
  Atomics.store(current.signal, 0, 0);
  current.port.postMessage({ ...request, id });
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const received = receiveMessageOnPort(current.port);
    if (received) {
      const message = received.message as { id: number; result?: T; error?: string };
      if (message.id !== id) continue;
      if (message.error !== undefined) throw new Error(`dockerlint: ${message.error}`);
      return message.result as T;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      void current.worker.terminate();
      engine = undefined;
      throw new Error(`dockerlint: the engine worker did not answer within ${TIMEOUT_MS / 1000} s`);
    }
    Atomics.wait(current.signal, 0, 0, Math.min(left, 1000));
  }
}
