import { readFileSync } from 'node:fs';

/** How to start the server; printed by `dockerlint-language-server --help`. */
export const USAGE = `Usage: dockerlint-language-server [--stdio | --node-ipc | --socket=<port> | --pipe=<name>]

dockerlint's Language Server Protocol server: diagnostics, hovers and quick fixes for secrets that leak
into container images, for Dockerfiles and Containerfiles. Editors start it; with no transport it uses --stdio.

Options:
  --stdio            talk LSP over standard input/output (default)
  --node-ipc         talk over a Node.js IPC channel (the parent process forked this one)
  --socket=<port>    connect to a TCP port on 127.0.0.1
  --pipe=<name>      connect to a named pipe / Unix socket
  -h, --help         show this help
  -v, --version      print the version

Editor set-ups: https://github.com/dockerlint/dockerlint/blob/main/docs/editors.md
`;

/** This package's version, read from its package.json (one folder above dist/); undefined where it is not shipped. */
export function serverVersion(): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name?: string; version?: string };
    return pkg.name === '@dockerlint/language-server' ? pkg.version : undefined;
  } catch {
    return undefined; // e.g. inside the VS Code extension's server bundle
  }
}
