/**
 * Which ARG/ENV variables an instruction sees when it runs, and which of the ones it references have
 * secret-like names.
 */
import type { DockerfileModel, Instruction, VariableBinding } from '../model/types.js';
import { classifyName } from '../secrets/names.js';
import { referencedVariables } from '../secrets/values.js';

/**
 * Variables visible just BEFORE `instruction` runs (`model.scopeAt` includes the instruction's own
 * ARG/ENV bindings; Docker expands an ENV's values with the environment from before it). ONBUILD
 * triggers get the scope at their ONBUILD.
 */
export function scopeBefore(model: DockerfileModel, instruction: Instruction): ReadonlyMap<string, VariableBinding> {
  if (instruction.onbuild) return model.scopeAt(instruction);
  const stage = instruction.stage;
  if (!stage) {
    const index = model.globalArgs.indexOf(instruction as never);
    const previous = index > 0 ? model.globalArgs[index - 1] : undefined;
    return previous ? model.scopeAt(previous) : new Map();
  }
  const index = stage.instructions.indexOf(instruction);
  const previous = index > 0 ? stage.instructions[index - 1] : undefined;
  if (previous && previous.kind !== 'FROM') return model.scopeAt(previous);
  // First instruction after FROM: only ENV inherited from a parent stage is visible.
  const scope = new Map<string, VariableBinding>();
  const base = stage.baseStage;
  const last = base?.instructions[base.instructions.length - 1];
  if (base && last) {
    const inherited = last.kind === 'FROM' ? scopeBefore(model, last) : model.scopeAt(last);
    for (const [name, binding] of inherited) if (binding.kind === 'env') scope.set(name, binding);
  }
  return scope;
}

/** Variables referenced in `text` whose names are secret-like and that are bound (ARG/ENV) before `instruction`. */
export function secretVariablesIn(model: DockerfileModel, instruction: Instruction, text: string): VariableBinding[] {
  const scope = scopeBefore(model, instruction);
  const found: VariableBinding[] = [];
  for (const name of referencedVariables(text)) {
    const binding = scope.get(name);
    if (binding && classifyName(name) === 'secret') found.push(binding);
  }
  return found;
}
