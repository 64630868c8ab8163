/** Configuration: types, validation, discovery and loading. */
export * from './types.js';
export { validateConfig, validateRuleIds } from './validate.js';
export {
  CONFIG_FILE_NAMES,
  clearConfigCache,
  contextFor,
  defaultConfig,
  findConfigFiles,
  isIgnoredByConfig,
  isJsConfigFile,
  jsConfigDisallowedByEnv,
  loadConfig,
  NO_JS_CONFIG_ENV,
  skippedJsConfigMessage,
  mergeConfigs,
  readConfigFile,
  serializeConfig,
  type LoadConfigOptions,
} from './load.js';
