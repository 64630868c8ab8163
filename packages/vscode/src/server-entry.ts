/** Entry of the bundled server (CJS, esbuild): the WASM files are copied next to the bundle. */
import * as path from 'node:path';
import { startServer } from '@dockerlint/language-server';

startServer({
  wasmFiles: {
    runtime: path.join(__dirname, 'web-tree-sitter.wasm'),
    bash: path.join(__dirname, 'tree-sitter-bash.wasm'),
    hcl: path.join(__dirname, 'tree-sitter-hcl.wasm'),
  },
});
