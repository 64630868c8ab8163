/** The rule catalogue (ids are fixed: see docs/architecture.md, "Contracts"). One file per rule id. */
import type { Rule } from '@dockerlint/core';
import { rule as noContextSecrets } from './no-context-secrets.js';
import { rule as noSecretFileCopy } from './no-secret-file-copy.js';
import { rule as noSecretDeletedInLaterLayer } from './no-secret-deleted-in-later-layer.js';
import { rule as noSecretArg } from './no-secret-arg.js';
import { rule as noSecretEnv } from './no-secret-env.js';
import { rule as noHardcodedSecret } from './no-hardcoded-secret.js';
import { rule as noPersistedSecret } from './no-persisted-secret.js';
import { rule as noSecretStageCopy } from './no-secret-stage-copy.js';
import { rule as noSecretInBuildOutput } from './no-secret-in-build-output.js';

export const rules: readonly Rule[] = [
  noContextSecrets,
  noSecretFileCopy,
  noSecretDeletedInLaterLayer,
  noSecretArg,
  noSecretEnv,
  noHardcodedSecret,
  noPersistedSecret,
  noSecretStageCopy,
  noSecretInBuildOutput,
];

export const ruleById: ReadonlyMap<string, Rule> = new Map(rules.map((rule) => [rule.meta.id, rule]));

export const ruleIds: readonly string[] = rules.map((rule) => rule.meta.id);
