export * from './types.js';
export { interpolateCompose, type Interpolated } from './interpolate.js';
export { isComposeFileName, readComposeDirectory } from './compose.js';
export { isBakeFileName, readBakeDirectory, secretIdOf } from './bake.js';
export { isWorkflowPath, readWorkflow } from './workflows.js';
export { dockerBuildCommand, splitCommands, type DockerBuildCommand, type ScriptWord } from './command-line.js';
export {
  MAX_DEFINITION_FILE_BYTES,
  buildLintOptions,
  buildLintOptionsFor,
  type BuildLintOptions,
  buildDefinitionKind,
  definitionFilesAround,
  plannedBuilds,
  readBuildDefinitions,
  suppliedSecretIds,
  type BuildOverrides,
} from './resolve.js';
export { lintBuildDefinitions, lintEachBuild, mergeBuildFindings, type BuildDefinitionLintOptions, type DefinitionLintResult } from './lint.js';
