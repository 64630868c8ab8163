export * from './types.js';
export {
  initShellParser,
  isShellParserReady,
  parseShell,
  MAX_SHELL_SOURCE_LENGTH,
  MAX_SHELL_NESTING,
  MAX_SHELL_PIPES,
  MAX_SHELL_COMMANDS,
  type ShellParserWasmFiles,
} from './parser.js';
export * from './simple-command.js';
