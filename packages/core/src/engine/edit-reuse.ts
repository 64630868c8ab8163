/**
 * Reuse of per-instruction layer events across edits of one document (editors: a re-lint after every keystroke).
 *
 * The layer events of an instruction (what COPY/ADD/RUN add and delete, analysis/layers.ts) depend on the
 * instruction and on what comes BEFORE it in the file (variables, WORKDIR/USER, earlier stages, earlier adds for
 * the RUN prefilter) and on the build context — never on later text, except for ONBUILD triggers (they run with
 * their stage's final WORKDIR/USER), which are never reused. So after an edit:
 * - every instruction that ends before the first changed character keeps the events of the previous lint: they
 *   are re-pointed at the new model's instruction and stage objects instead of being recomputed (which parses the
 *   RUN's shell and computes its secret scope);
 * - when the edit changed only RUNs and instructions that only describe the image (LABEL, EXPOSE, CMD, …: no
 *   other instruction, no line added or removed), an unchanged RUN or build-context COPY/ADD after it keeps its
 *   events too, at the same lines: neither changes anything a later instruction reads (variables, WORKDIR, USER,
 *   SHELL, stages); a RUN can only change whether it adds a file a later delete may matter for (the RUN
 *   prefilter), which is compared between the old and the new RUN before anything after it is reused.
 *
 * The kept model also serves the next model of the document: its instructions with unchanged text at an unchanged
 * place hand over what they made from their own text (`previousModelOf`, model/build.ts).
 *
 * Opt-in per session (`enableEditReuse`): a caller that lints each file once (the CLI) would only keep models
 * alive. The store hangs off the caller's session and is bounded (`documents`).
 */
import type { BuildContext } from '../context/types.js';
import { addsDeleteCandidate, type AddEvent, type FileEvent } from '../analysis/layers.js';
import type { DockerfileModel, Instruction, InstructionKind, Stage } from '../model/types.js';
import { commonPrefixLength, commonSuffixLength } from '../model/reparse.js';
import type { LintSession } from './session.js';

/** Documents whose last lint is kept per session unless the caller says otherwise. */
export const DEFAULT_EDIT_REUSE_DOCUMENTS = 8;

export interface EditReuseOptions {
  /** Most recently linted documents whose events are kept (least recently linted dropped first). */
  documents?: number;
}

export interface EditReuseStats {
  /** Instructions whose events were taken from the previous lint of the same document. */
  reused: number;
  /** Instructions whose events had to be computed (changed, after the edit, an ONBUILD trigger, first lint). */
  computed: number;
}

/** One lint of one document: what the next lint of it may reuse. */
interface LintRecord {
  model: DockerfileModel;
  buildContext: BuildContext;
  /** Analysis settings the events depend on (the RUN prefilter). */
  variant: string;
  events: Map<Instruction, FileEvent[]>;
}

class EditReuseStore {
  readonly stats: EditReuseStats = { reused: 0, computed: 0 };
  private readonly records = new Map<string, LintRecord>();

  constructor(private readonly maxDocuments: number) {}

  /** The previous lint of `path` (if any); `next` takes its place. */
  swap(path: string, next: LintRecord): LintRecord | undefined {
    const previous = this.records.get(path);
    this.records.delete(path);
    this.records.set(path, next);
    if (this.records.size > this.maxDocuments) this.records.delete(this.records.keys().next().value as string);
    return previous;
  }

  forget(path: string): void {
    this.records.delete(path);
  }

  /** The model of the last lint of `path`, if kept. */
  lastModel(path: string): DockerfileModel | undefined {
    return this.records.get(path)?.model;
  }
}

/** The store is an attachment of the caller's session (not module state): it lives and dies with the session. */
const EDIT_REUSE = 'edit-reuse';
const storeOf = (session: LintSession) => session.attached<EditReuseStore>(EDIT_REUSE);

/**
 * Lets lints through `session` reuse the previous lint of the same document: its parse outside a window around the
 * edit, what its model made of unchanged instructions (model/reparse.ts, model/build.ts) and their layer events.
 */
export function enableEditReuse(session: LintSession, options: EditReuseOptions = {}): void {
  session.attachment(EDIT_REUSE, () => new EditReuseStore(Math.max(1, options.documents ?? DEFAULT_EDIT_REUSE_DOCUMENTS)));
}

/** Reused and computed instruction counts since `enableEditReuse` (undefined when not enabled). */
export function editReuseStats(session: LintSession): EditReuseStats | undefined {
  const store = storeOf(session);
  return store ? { ...store.stats } : undefined;
}

/** Drops what is kept of the document at `path` (the model's path: the file path, or the editor's name for it), e.g. when it is closed. */
export function forgetDocumentEdits(session: LintSession, path: string): void {
  storeOf(session)?.forget(path);
}

/**
 * The model of the previous lint of the document at `path` through `session` (when edit reuse is on): the next
 * model of the document takes over what its unchanged instructions made from their own text (model/build.ts).
 */
export function previousModelOf(session: LintSession, path: string): DockerfileModel | undefined {
  return storeOf(session)?.lastModel(path);
}

/** A plain RUN (not an ONBUILD trigger): its events are compared before the instructions after it are reused. */
function isPlainRun(instruction: Instruction): boolean {
  return instruction.kind === 'RUN' && instruction.onbuild === undefined;
}

/**
 * Kinds that only describe the image (metadata, what runs when it starts): no layer events of their own and
 * nothing a later instruction's events read — not variables (ARG/ENV), WORKDIR, USER, SHELL or stages (FROM).
 */
const DESCRIPTIVE_KINDS: ReadonlySet<InstructionKind> = new Set<InstructionKind>(['LABEL', 'MAINTAINER', 'EXPOSE', 'CMD', 'ENTRYPOINT', 'VOLUME', 'STOPSIGNAL', 'HEALTHCHECK']);

/** May an edit have changed this instruction (old or new side) and the instructions after it still be reused? */
function changeKeepsLaterEvents(instruction: Instruction): boolean {
  return isPlainRun(instruction) || (DESCRIPTIVE_KINDS.has(instruction.kind) && instruction.onbuild === undefined);
}

/** Instructions whose events read only themselves, what comes before them and the build context (not another stage's events). */
function isSelfContained(instruction: Instruction): boolean {
  if (instruction.onbuild !== undefined) return false;
  if (instruction.kind === 'RUN') return true;
  return (instruction.kind === 'COPY' || instruction.kind === 'ADD') && instruction.from === undefined;
}

/**
 * One lint's view: `eventsFor` answers from the previous lint when it can; `record` keeps what this lint
 * computed or reused for the next one.
 */
export class EditReuse {
  private readonly previous: LintRecord | undefined;
  private readonly current: LintRecord;
  /** Old instruction → its position in the previous model's `allInstructions()`; only the reusable ones. */
  private readonly stableOld = new Map<Instruction, number>();
  /** New instruction → the old one it equals (reusable positions only). */
  private readonly oldOf = new Map<Instruction, Instruction>();
  private readonly newInstructions: Instruction[];
  /** After a RUN-only edit: unchanged instructions after it, new → old and old → new. */
  private readonly suffixOldOf = new Map<Instruction, Instruction>();
  private readonly suffixNewOf = new Map<Instruction, Instruction>();
  /** The changed instructions with a RUN on at least one side, old and new side by side. */
  private changedRuns: [Instruction, Instruction][] = [];
  /** Whether each changed RUN adds a prefilter candidate exactly when its old text did; decided on first need. */
  private changedRunsAgree: boolean | undefined;

  private constructor(private readonly store: EditReuseStore, model: DockerfileModel, buildContext: BuildContext, variant: string) {
    this.current = { model, buildContext, variant, events: new Map() };
    const previous = store.swap(model.path, this.current);
    this.newInstructions = model.allInstructions();
    if (!previous || previous.buildContext !== buildContext || previous.variant !== variant) return;
    this.previous = previous;
    const firstChange = commonPrefixLength(previous.model.text, model.text);
    const old = previous.model.allInstructions();
    for (let i = 0; i < old.length && i < this.newInstructions.length; i++) {
      const before = old[i]!;
      const after = this.newInstructions[i]!;
      // The instruction's extent is settled once the next one has started (its last line had no continuation).
      const next = previous.model.instructions[before.index + 1];
      if (!next || next.offset > firstChange) break;
      if (before.onbuild !== undefined || after.onbuild !== undefined) continue;
      if (before.offset !== after.offset || before.text !== after.text || before.kind !== after.kind) break;
      this.stableOld.set(before, i);
      this.oldOf.set(after, before);
    }
    this.matchAfterEdit(previous.model, model, firstChange);
  }

  /** Pairs the unchanged instructions after an edit that changed only RUNs and descriptive instructions (and kept them where they were). */
  private matchAfterEdit(oldModel: DockerfileModel, model: DockerfileModel, firstChange: number): void {
    const oldText = oldModel.text;
    const text = model.text;
    if (oldText === text) return;
    // Parser directives (`# escape=`) come before the first instruction: an edit there changes every parse.
    const first = Math.max(oldModel.instructions[0]?.offset ?? Infinity, model.instructions[0]?.offset ?? Infinity);
    if (firstChange <= first) return;
    const suffix = commonSuffixLength(oldText, text, firstChange);
    const oldEnd = oldText.length - suffix;
    const newEnd = text.length - suffix;
    const old = oldModel.allInstructions();
    const now = this.newInstructions;
    // From the end: unchanged instructions, wholly in the common suffix, at the same line and column (so every
    // position in their events is unchanged; an edit that adds or removes a line stops the matching here).
    let matched = 0;
    for (; matched < old.length && matched < now.length; matched++) {
      const before = old[old.length - 1 - matched]!;
      const after = now[now.length - 1 - matched]!;
      if (before.offset < oldEnd || after.offset < newEnd || before.text !== after.text || before.kind !== after.kind) break;
      if (before.range.start.line !== after.range.start.line || before.range.start.column !== after.range.start.column) break;
    }
    // Between the two: what the edit changed. Only RUNs and descriptive instructions, the same number of them at
    // the same places; a RUN may have become a descriptive instruction or the other way round (its events are then
    // compared with none).
    const oldChanged = old.slice(0, old.length - matched).filter((instruction) => !this.stableOld.has(instruction) && instruction.onbuild === undefined);
    const newChanged = now.slice(0, now.length - matched).filter((instruction) => !this.oldOf.has(instruction) && instruction.onbuild === undefined);
    if (oldChanged.length !== newChanged.length || !oldChanged.every(changeKeepsLaterEvents) || !newChanged.every(changeKeepsLaterEvents)) return;
    for (let i = 0; i < oldChanged.length; i++) {
      if (oldChanged[i]!.index !== newChanged[i]!.index || oldChanged[i]!.stage?.index !== newChanged[i]!.stage?.index) return;
    }
    this.changedRuns = oldChanged.flatMap((before, i): [Instruction, Instruction][] => {
      const after = newChanged[i]!;
      return isPlainRun(before) || isPlainRun(after) ? [[before, after]] : [];
    });
    for (let k = 0; k < matched; k++) {
      const before = old[old.length - 1 - k]!;
      const after = now[now.length - 1 - k]!;
      if (!isSelfContained(before) || !isSelfContained(after)) continue;
      this.suffixOldOf.set(after, before);
      this.suffixNewOf.set(before, after);
    }
  }

  /** Does every changed RUN add a prefilter candidate exactly when its old text did (so later RUNs are filtered alike)? */
  private editKeepsCandidates(eventsOf: (instruction: Instruction) => FileEvent[]): boolean {
    if (this.changedRunsAgree === undefined) {
      this.changedRunsAgree = this.changedRuns.every(([before, after]) => {
        const oldEvents = isPlainRun(before) ? this.previous?.events.get(before) : [];
        const newEvents = isPlainRun(after) ? eventsOf(after) : [];
        return oldEvents !== undefined && addsDeleteCandidate(oldEvents) === addsDeleteCandidate(newEvents);
      });
    }
    return this.changedRunsAgree;
  }

  /** The reuse view for one lint, or undefined when the session has not enabled reuse. */
  static begin(session: LintSession | undefined, model: DockerfileModel, buildContext: BuildContext, variant: string): EditReuse | undefined {
    const store = session ? storeOf(session) : undefined;
    return store ? new EditReuse(store, model, buildContext, variant) : undefined;
  }

  /**
   * The previous lint's events of `instruction`, re-pointed at this model, or undefined when they must be
   * computed. `eventsOf` gives this lint's events of another (earlier) instruction, for `origin` links.
   */
  eventsFor(instruction: Instruction, eventsOf: (instruction: Instruction) => FileEvent[]): FileEvent[] | undefined {
    let before = this.oldOf.get(instruction);
    if (!before) {
      const after = this.suffixOldOf.get(instruction);
      if (after && this.editKeepsCandidates(eventsOf)) before = after;
    }
    const oldEvents = before && this.previous?.events.get(before);
    if (!oldEvents) {
      this.store.stats.computed++;
      return undefined;
    }
    const remapped: FileEvent[] = [];
    for (const event of oldEvents) {
      const moved = this.remapEvent(event, eventsOf);
      if (!moved) {
        this.store.stats.computed++;
        return undefined;
      }
      remapped.push(moved);
    }
    this.store.stats.reused++;
    return remapped;
  }

  /** Keeps this lint's events of `instruction` for the next lint. */
  record(instruction: Instruction, events: FileEvent[]): void {
    this.current.events.set(instruction, events);
  }

  private instructionNow(before: Instruction): Instruction | undefined {
    const at = this.stableOld.get(before);
    return at === undefined ? this.suffixNewOf.get(before) : this.newInstructions[at];
  }

  private stageNow(before: Stage): Stage | undefined {
    const from = this.instructionNow(before.from);
    return from?.stage;
  }

  private remapEvent(event: FileEvent, eventsOf: (instruction: Instruction) => FileEvent[]): FileEvent | undefined {
    const instruction = this.instructionNow(event.instruction);
    if (!instruction) return undefined;
    if (event.kind === 'delete') {
      if (instruction.kind !== 'RUN') return undefined;
      return { ...event, instruction };
    }
    const moved: AddEvent = { ...event, instruction };
    if (event.fromStage) {
      const stage = this.stageNow(event.fromStage);
      if (!stage) return undefined;
      moved.fromStage = stage;
    }
    if (event.origin) {
      const origin = this.originNow(event.origin, eventsOf);
      if (!origin) return undefined;
      moved.origin = origin;
    }
    return moved;
  }

  /** The event of this lint that stands where `origin` stood (same instruction, same place): identity as if computed. */
  private originNow(origin: AddEvent, eventsOf: (instruction: Instruction) => FileEvent[]): AddEvent | undefined {
    const oldEvents = this.previous?.events.get(origin.instruction);
    const at = oldEvents?.indexOf(origin) ?? -1;
    const instruction = this.instructionNow(origin.instruction);
    if (at < 0 || !instruction) return undefined;
    const now = eventsOf(instruction)[at];
    return now?.kind === 'add' && now.path === origin.path ? now : undefined;
  }
}
