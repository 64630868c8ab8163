/**
 * One analysis object per lint: the engine creates it next to the model and hands it to every rule as
 * `context.analysis`. What several rules ask about the same file — a RUN's secret scope, the files each
 * instruction adds or deletes, what a stage still holds at its end — is computed here on first request, only
 * for the instructions and stages asked about, and kept for the rest of this lint (and no longer: nothing
 * here outlives the lint, and nothing is kept in module state).
 */
import type { BuildContext } from '../context/types.js';
import { noBuildContext } from '../context/memory-context.js';
import type { LintSession } from '../engine/session.js';
import { EditReuse } from '../engine/edit-reuse.js';
import type { DockerfileModel, Instruction, RunInstruction, Stage, VariableBinding } from '../model/types.js';
import { addsDeleteCandidate, computeInstructionEvents, liveSecretFilesIn, onbuildTriggersOf, type AddEvent, type FileEvent } from './layers.js';
import { bindingSecret, chainOf, computeSecretScope, secretBindingsIn, type SecretBindings, type SecretScope, type SecretSource } from './secret-scope.js';
import { classifyWithSettings, sensitiveFileSettings, type SensitiveMatch } from './sensitive-files.js';
import { runTriggerFor } from './run-prefilter.js';
import { checkCommentLines } from './check-skip-comments.js';
import { classifyName } from '../secrets/names.js';
import { scanForSecrets } from '../secrets/scan.js';
import type { NameClass, SecretMatch } from '../secrets/types.js';

/**
 * `DOCKERLINT_NO_PREFILTER=1` turns the RUN prefilter off. Read here only: once per session (an environment read
 * is a call into the runtime, measurable over thousands of lints), and per lint without one (so the equivalence
 * test can compare both ways in one process).
 */
function prefilterByDefault(): boolean {
  return process.env.DOCKERLINT_NO_PREFILTER !== '1';
}

/** Session attachment: `prefilterByDefault()` when the session began. */
const PREFILTER_SETTING = 'run-prefilter-setting';

/** How often each analysis was computed in this lint (a memoised answer does not count). */
export interface LintAnalysisStats {
  secretScopes: number;
  /** Scopes (ARG/ENV bindings in force) whose secret-like bindings were listed: one per distinct scope asked about. */
  scopeBindingScans: number;
  instructionEvents: number;
  stageEvents: number;
  liveSecretFiles: number;
}

/** How often a text fact was computed in this lint (a memoised answer does not count). */
export interface LintAnalysisTextStats {
  /** Instructions whose text was scanned for literal secrets (`literalSecrets`). */
  literalScans: number;
  /** Distinct names classified (`classifyName`). */
  nameClassifications: number;
  /** Comment-by-line indexes built for `# check=skip=` questions (none in a file without a `check=` comment). */
  checkCommentIndexes: number;
}

export interface LintAnalysisInput {
  model: DockerfileModel;
  buildContext?: BuildContext;
  /** The caller's cross-lint cache, for analyses that depend only on text. */
  session?: LintSession;
  /** Skip the shell of RUNs that cannot matter to any rule (see run-prefilter.ts); default on. */
  prefilter?: boolean;
}

export class LintAnalysis {
  readonly model: DockerfileModel;
  readonly buildContext: BuildContext;
  readonly session: LintSession | undefined;
  readonly stats: LintAnalysisStats = { secretScopes: 0, scopeBindingScans: 0, instructionEvents: 0, stageEvents: 0, liveSecretFiles: 0 };
  readonly textStats: LintAnalysisTextStats = { literalScans: 0, nameClassifications: 0, checkCommentIndexes: 0 };

  // The memos below are made on the first question of their kind, not with the analysis: a lint asks only some
  // kinds (a file without RUN no secret scope, most files no live secret files), and every file is linted.
  /** The default sensitive-file list, with this lint's memo of basenames already classified. */
  private sensitive: ReturnType<typeof sensitiveFileSettings> | undefined;
  private scopes: Map<RunInstruction, SecretScope> | undefined;
  private bindingSources: Map<VariableBinding, SecretSource | null> | undefined;
  private secretBindingsByScope: Map<ReadonlyMap<string, VariableBinding>, SecretBindings> | undefined;
  private eventsByInstruction: Map<Instruction, FileEvent[]> | undefined;
  private eventsByStage: Map<Stage, FileEvent[]> | undefined;
  private liveByStage: Map<Stage, AddEvent[]> | undefined;
  private relevantRuns: Map<RunInstruction, boolean> | undefined;
  private secretsByInstruction: Map<Instruction, readonly SecretMatch[]> | undefined;
  private nameClasses: Map<string, NameClass> | undefined;
  /** `checkCommentLines` of the model: not asked yet (null), no `check=` comment (undefined), or the index. */
  private checkComments: ReadonlyMap<number, string> | undefined | null = null;
  private readonly prefilter: boolean;
  // The memoised answers as functions for the analyses that take one: made once per lint, not per question.
  private readonly classifyNameOf = (name: string): NameClass => this.classifyName(name);
  private readonly bindingSecretOf = (binding: VariableBinding): SecretSource | undefined => this.bindingSecret(binding);
  private readonly secretBindingsOf = (bindings: ReadonlyMap<string, VariableBinding>): SecretBindings => this.secretBindings(bindings);
  /** Events of instructions an edit did not touch, from the previous lint of this document (opt-in per session). */
  private readonly editReuse: EditReuse | undefined;

  constructor(input: LintAnalysisInput) {
    this.model = input.model;
    this.buildContext = input.buildContext ?? noBuildContext();
    this.session = input.session;
    this.prefilter = input.prefilter ?? (this.session ? this.session.attachment(PREFILTER_SETTING, prefilterByDefault) : prefilterByDefault());
    this.editReuse = EditReuse.begin(this.session, this.model, this.buildContext, `${this.prefilter}:${this.model.targetStage?.index}`);
  }

  /**
   * Can the RUN's shell matter to any rule or analysis? When not, readers of `run.scripts` skip it (it is
   * then never parsed). Always true with the prefilter off.
   */
  runMayMatter(run: RunInstruction): boolean {
    if (!this.prefilter) return true;
    const relevantRuns = (this.relevantRuns ??= new Map());
    let relevant = relevantRuns.get(run);
    if (relevant === undefined) {
      // The analysis answers the prefilter's questions itself: no object of callbacks per RUN.
      relevant = runTriggerFor(this.model, run, this) !== undefined;
      relevantRuns.set(run, relevant);
    }
    return relevant;
  }

  /** Is an ARG/ENV binding in scope at the RUN secret-like (the prefilter's question; once per scope)? */
  secretVariableInScope(run: RunInstruction): boolean {
    return this.secretBindings(this.model.scopeAt(run)).length > 0;
  }

  /**
   * Did an instruction that runs before `run` in the same image (the stage chain; for an ONBUILD trigger, the
   * whole chain and the earlier triggers) add a file a delete could matter for: a secret-bearing file, or a
   * build-context directory copy (whose content a later `rm` may reveal)?
   */
  earlierCandidateAdd(run: RunInstruction): boolean {
    const stage = run.stage;
    if (!stage) return true;
    // In execution order, up to the RUN itself (no list of the earlier instructions is made: asked for every RUN
    // with a delete command).
    for (const entry of chainOf(stage)) {
      for (const instruction of entry.instructions) {
        // An ONBUILD trigger runs in the child image, after all of the chain.
        if (instruction === run) {
          if (run.onbuild === undefined) return false;
          continue;
        }
        if (addsDeleteCandidate(this.instructionEvents(instruction))) return true;
      }
    }
    if (run.onbuild === undefined) return false;
    for (const trigger of onbuildTriggersOf(this.model, stage)) {
      if (trigger === run) return false;
      if (addsDeleteCandidate(this.instructionEvents(trigger))) return true;
    }
    return false;
  }

  /** The RUN's shell scripts if they can matter (see `runMayMatter`), else none. */
  relevantScripts(run: RunInstruction): RunInstruction['scripts'] {
    return this.runMayMatter(run) ? run.scripts : [];
  }

  /**
   * `scanForSecrets` of the instruction's whole text, once per lint: the RUN prefilter and no-hardcoded-secret
   * both scan it. The matches are shared: callers must not change them.
   */
  literalSecrets(instruction: Instruction): readonly SecretMatch[] {
    const secretsByInstruction = (this.secretsByInstruction ??= new Map());
    let matches = secretsByInstruction.get(instruction);
    if (!matches) {
      this.textStats.literalScans++;
      matches = scanForSecrets(instruction.text);
      secretsByInstruction.set(instruction, matches);
    }
    return matches;
  }

  /**
   * `classifyName`, once per name per lint: the prefilter, the ARG/ENV bindings and the rules ask about the same
   * names (`NPM_TOKEN` in an ARG, its RUN and its ENV).
   */
  classifyName(name: string): NameClass {
    const nameClasses = (this.nameClasses ??= new Map());
    let verdict = nameClasses.get(name);
    if (verdict === undefined) {
      this.textStats.nameClassifications++;
      verdict = classifyName(name);
      nameClasses.set(name, verdict);
    }
    return verdict;
  }

  /**
   * The file's comments by line when one of them is a `# check=` line, else undefined (no instruction can then be
   * skipped by one): asked by every rule with a BuildKit check for each instruction it reports, answered once.
   */
  checkCommentLines(): ReadonlyMap<number, string> | undefined {
    if (this.checkComments === null) {
      this.checkComments = checkCommentLines(this.model);
      if (this.checkComments !== undefined) this.textStats.checkCommentIndexes++;
    }
    return this.checkComments;
  }

  /** `classifySensitivePath` with the default list, memoised by basename for this lint. */
  classifySensitivePath(path: string): SensitiveMatch | undefined {
    return classifyWithSettings(path, (this.sensitive ??= sensitiveFileSettings(undefined, this.session)));
  }

  /** What secrets a RUN can see (mounts, secret-like ARG/ENV, shell variables read from them). */
  secretScope(run: RunInstruction): SecretScope {
    const scopes = (this.scopes ??= new Map());
    let scope = scopes.get(run);
    if (!scope) {
      this.stats.secretScopes++;
      scope = computeSecretScope(this.model, run, this.bindingSecretOf, this.relevantScripts(run), this.secretBindingsOf);
      scopes.set(run, scope);
    }
    return scope;
  }

  /** The secret bindings of one scope object, once per lint (RUNs between two ARG/ENV share the scope). */
  private secretBindings(bindings: ReadonlyMap<string, VariableBinding>): SecretBindings {
    const secretBindingsByScope = (this.secretBindingsByScope ??= new Map());
    let secret = secretBindingsByScope.get(bindings);
    if (!secret) {
      this.stats.scopeBindingScans++;
      secret = secretBindingsIn(bindings, this.bindingSecretOf);
      secretBindingsByScope.set(bindings, secret);
    }
    return secret;
  }

  /** Bindings are shared by every instruction that sees them: each is classified once per lint. */
  private bindingSecret(binding: VariableBinding): SecretSource | undefined {
    const bindingSources = (this.bindingSources ??= new Map());
    let source = bindingSources.get(binding);
    if (source === undefined) {
      source = bindingSecret(binding, this.classifyNameOf) ?? null;
      bindingSources.set(binding, source);
    }
    return source ?? undefined;
  }

  /** Files one instruction (COPY/ADD/RUN, ONBUILD triggers included) adds and deletes, in execution order. */
  instructionEvents(instruction: Instruction): FileEvent[] {
    const eventsByInstruction = (this.eventsByInstruction ??= new Map());
    let events = eventsByInstruction.get(instruction);
    if (!events) {
      events = this.editReuse?.eventsFor(instruction, (earlier) => this.instructionEvents(earlier));
      if (!events) {
        this.stats.instructionEvents++;
        events = computeInstructionEvents(this, instruction);
      }
      eventsByInstruction.set(instruction, events);
      this.editReuse?.record(instruction, events);
    }
    return events;
  }

  /** Events of one stage (not its base stages, not its ONBUILD triggers), in instruction order. */
  fileEvents(stage: Stage): FileEvent[] {
    const eventsByStage = (this.eventsByStage ??= new Map());
    let events = eventsByStage.get(stage);
    if (!events) {
      this.stats.stageEvents++;
      events = stage.instructions.flatMap((instruction) => this.instructionEvents(instruction));
      eventsByStage.set(stage, events);
    }
    return events;
  }

  /** Events of the stage and of every base stage it is built `FROM`, oldest first. */
  inheritedFileEvents(stage: Stage): FileEvent[] {
    return chainOf(stage).flatMap((entry) => this.fileEvents(entry));
  }

  /**
   * The stage's history as a child image would see it: the inherited events followed by the stage's own
   * ONBUILD triggers (each trigger is a layer of the child image).
   */
  childImageEvents(stage: Stage): FileEvent[] {
    const triggers = onbuildTriggersOf(this.model, stage);
    const events = this.inheritedFileEvents(stage);
    if (triggers.length === 0) return events;
    return [...events, ...triggers.flatMap((trigger) => this.instructionEvents(trigger))];
  }

  /**
   * Does a RUN of the stage itself (its instructions or its ONBUILD triggers, not its base stages) delete or
   * rewrite a file? Only RUNs produce delete events, so when none does, a rule that reports deletes has nothing
   * to report in this stage and need not compute the COPY/ADD events of its chain at all.
   */
  stageDeletes(stage: Stage): boolean {
    const deletesIn = (instruction: Instruction) =>
      instruction.kind === 'RUN' && this.instructionEvents(instruction).some((event) => event.kind === 'delete');
    return stage.instructions.some(deletesIn) || onbuildTriggersOf(this.model, stage).some(deletesIn);
  }

  /**
   * Secret-bearing files still present in the stage's final filesystem (what `COPY --from=<stage>` can take):
   * every add of the stage chain minus what a later (or the same) RUN removed, minus writes below
   * tmpfs/cache/bind mounts.
   */
  liveSecretFiles(stage: Stage): AddEvent[] {
    const liveByStage = (this.liveByStage ??= new Map());
    let live = liveByStage.get(stage);
    if (!live) {
      this.stats.liveSecretFiles++;
      liveByStage.set(stage, []); // cycle guard
      live = liveSecretFilesIn(this.inheritedFileEvents(stage));
      liveByStage.set(stage, live);
    }
    return live;
  }
}

// Free-standing forms for callers without an analysis object (tests, one-off tools): each call analyses afresh.

/** Events of one instruction; see {@link LintAnalysis.instructionEvents}. */
export function instructionEvents(model: DockerfileModel, instruction: Instruction, context: BuildContext): FileEvent[] {
  return new LintAnalysis({ model, buildContext: context }).instructionEvents(instruction);
}

/** See {@link LintAnalysis.inheritedFileEvents}. */
export function inheritedFileEvents(model: DockerfileModel, stage: Stage, context: BuildContext): FileEvent[] {
  return new LintAnalysis({ model, buildContext: context }).inheritedFileEvents(stage);
}

/** See {@link LintAnalysis.childImageEvents}. */
export function childImageEvents(model: DockerfileModel, stage: Stage, context: BuildContext): FileEvent[] {
  return new LintAnalysis({ model, buildContext: context }).childImageEvents(stage);
}

/** See {@link LintAnalysis.liveSecretFiles}. */
export function liveSecretFilesOf(model: DockerfileModel, stage: Stage, context: BuildContext): AddEvent[] {
  return new LintAnalysis({ model, buildContext: context }).liveSecretFiles(stage);
}
