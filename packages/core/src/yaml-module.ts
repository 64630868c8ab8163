/**
 * The `yaml` package, imported only by a run that reads a YAML config or a compose/bake/workflow file: importing
 * it cost ~46 ms of a one-file run's start-up (issue 15) that most runs never use. The async entry points
 * (`loadConfig`, `readConfigFile`, `readBuildDefinitions`, `readBakeDirectory`) load it; the synchronous readers
 * below them use the loaded module.
 */
type YamlModule = typeof import('yaml');

let yamlModule: YamlModule | undefined;

/** Thrown by a synchronous YAML reader reached before `loadYaml()`; the async entry points load and retry. */
export class YamlNotLoadedError extends Error {
  constructor() {
    super('internal: YAML read before loadYaml()');
  }
}

/** Import `yaml` (once per process). Call before `readComposeDirectory` / `readWorkflow` when calling them directly. */
export async function loadYaml(): Promise<void> {
  yamlModule ??= await import('yaml');
}

/** The loaded `yaml` module. */
export function loadedYaml(): YamlModule {
  if (!yamlModule) throw new YamlNotLoadedError();
  return yamlModule;
}
