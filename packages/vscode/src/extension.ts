/**
 * dockerlint for VS Code: starts the bundled language server (dist/server/server.cjs) for Dockerfiles.
 * All the logic lives in the server; this file only wires the client.
 */
import * as path from 'node:path';
import { workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server', 'server.cjs'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const settings = workspace.getConfiguration('dockerlint');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'dockerfile' },
      { scheme: 'untitled', language: 'dockerfile' },
      { scheme: 'file', pattern: '**/*.{Dockerfile,dockerfile}' },
      { scheme: 'file', pattern: '**/Containerfile{,.*}' },
    ],
    // The server registers its own file watchers (ignore files, config files, build contexts) and its
    // `dockerlint` configuration section dynamically, and reads settings with workspace/configuration.
    // Restricted Mode: lint with JSON/YAML config only; a repository's dockerlint.config.js (code) runs only once the
    // user trusts the folder. Trust comes from VS Code, never from a setting the repository could write itself.
    initializationOptions: { debounceMs: settings.get<number>('debounceMs', 200), allowJsConfig: workspace.isTrusted },
  };
  const started = new LanguageClient('dockerlint', 'dockerlint', serverOptions, clientOptions);
  client = started;
  await started.start();
  context.subscriptions.push(started);
  context.subscriptions.push(
    workspace.onDidGrantWorkspaceTrust(() => {
      void started.sendNotification('dockerlint/setJsConfigAllowed', { allowed: true });
    }),
  );
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
