/** How a Dockerfile is really built: what compose, bake and CI workflow files say about context, target, args and secrets. */
import type { Range } from '../model/types.js';

export type DefinitionKind = 'compose' | 'bake' | 'workflow';

/** A place in a build definition file (1-based, end exclusive, like every range of ours). */
export interface DefinitionLocation {
  /** Absolute path of the definition file. */
  file: string;
  range: Range;
}

/** A build arg that a definition passes to the build (`args:`, bake `args`, `--build-arg`, `build-args:`). */
export interface SuppliedArg extends DefinitionLocation {
  name: string;
  /**
   * The value as written in the file (before interpolation), or undefined when the arg takes its value from the
   * environment of the build (`args: [NPM_TOKEN]`, `--build-arg NPM_TOKEN`).
   */
  value?: string;
  /** Where the value is written, when it is. */
  valueRange?: Range;
}

/** A build secret that a definition supplies (`secrets:`, bake `secret`, `--secret`, `secrets:` / `secret-files:`). */
export interface SuppliedSecret extends DefinitionLocation {
  /** The id a `RUN --mount=type=secret,id=<id>` reads. */
  id: string;
}

export interface BuildDefinition {
  kind: DefinitionKind;
  /** Absolute path of the file that defines the build (for merged compose files: the first). */
  file: string;
  /** Service, bake target or workflow step, for messages: `compose.yaml service api`. */
  label: string;
  /** Absolute path of the Dockerfile built, or undefined for an inline Dockerfile / a remote context. */
  dockerfile?: string;
  /** `dockerfile_inline` / `dockerfile-inline`: nothing on disk to lint. */
  inlineDockerfile?: boolean;
  /** Absolute path of the build context, or undefined when it is remote (git URL, tarball) or unresolved. */
  contextDir?: string;
  /** Stage built (`target`), when the definition names one. */
  target?: string;
  args: SuppliedArg[];
  secrets: SuppliedSecret[];
  /** Named extra contexts (`additional_contexts`, bake `contexts`): name → path or URL as written. */
  additionalContexts: Record<string, string>;
  /** Where the definition starts (the service / target / step), for notes and related locations. */
  at: DefinitionLocation;
}

/** A definition file that could not be read or understood (one line, never a secret). */
export interface DefinitionProblem {
  file: string;
  message: string;
  range?: Range;
}

/** The text of a definition file that was read (reporters show code frames from it). */
export interface DefinitionFile {
  path: string;
  kind: DefinitionKind;
  text: string;
}

export interface BuildDefinitionSet {
  definitions: BuildDefinition[];
  problems: DefinitionProblem[];
  files: DefinitionFile[];
}

/** One distinct way a Dockerfile is built: the Dockerfile is linted once per (context, target). */
export interface PlannedBuild {
  contextDir?: string;
  target?: string;
  /** The definitions that build it this way (several compose services may share one). */
  definitions: BuildDefinition[];
  /** `compose.yaml service api, docker-bake.hcl target api`. */
  label: string;
}
