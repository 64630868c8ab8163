/**
 * Back to the Dockerfile: align the image history with the instructions of the stages that ship, so that
 * each image finding names its instruction and the static rule that prevents it.
 */
import type { CopyInstruction, DockerfileModel, Instruction, Range, Stage } from '../model/types.js';
import type { DockerfileTie, ImageFinding, ImageScanResult, ScannedImage } from './types.js';

/** Instructions that write a history entry (BuildKit and the classic builder alike); FROM does not. */
const RECORDED = new Set(['RUN', 'COPY', 'ADD', 'ENV', 'LABEL', 'WORKDIR', 'USER', 'EXPOSE', 'VOLUME', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'SHELL', 'STOPSIGNAL', 'ONBUILD', 'ARG', 'MAINTAINER']);

/** The stages whose instructions make up the image: the target and the stages it is built FROM, bottom first. */
export function shippedChain(model: DockerfileModel): Stage[] {
  const chain: Stage[] = [];
  for (let stage = model.targetStage; stage && !chain.includes(stage); stage = stage.baseStage) chain.unshift(stage);
  return chain;
}

/** The keyword a history entry was written by: `RUN |1 A=b /bin/sh -c x` → RUN; `/bin/sh -c #(nop) COPY …` → COPY. */
export function historyKeyword(createdBy: string): string | undefined {
  const text = createdBy.trim();
  const nop = /^\/bin\/sh -c #\(nop\)\s+([A-Z]+)/.exec(text);
  if (nop) return nop[1];
  if (/^\|\d+ /.test(text) || /^\/bin\/sh -c /.test(text)) return 'RUN';
  const keyword = /^([A-Z]+)(?:\s|$)/.exec(text)?.[1];
  return keyword && RECORDED.has(keyword) ? keyword : undefined;
}

export interface Alignment {
  /** history index → instruction. */
  byHistory: Map<number, Instruction>;
  /** instruction → history index. */
  byInstruction: Map<Instruction, number>;
  /** Instructions of the shipped stages in order (no FROM). */
  shipped: Instruction[];
}

/**
 * Align from the end: the image's last history entries are the shipped stages' instructions, in order; what
 * precedes them is the base image. A history entry whose keyword does not fit is a base-image entry.
 */
export function alignHistory(image: ScannedImage, model: DockerfileModel): Alignment {
  const shipped = shippedChain(model).flatMap((stage) => stage.instructions.filter((i) => i.kind !== 'FROM' && RECORDED.has(i.kind)));
  const byHistory = new Map<number, Instruction>();
  const byInstruction = new Map<Instruction, number>();
  let h = image.history.length - 1;
  let i = shipped.length - 1;
  while (h >= 0 && i >= 0) {
    const keyword = historyKeyword(image.history[h]!.createdBy);
    const instruction = shipped[i]!;
    if (keyword === instruction.kind) {
      byHistory.set(h, instruction);
      byInstruction.set(instruction, h);
      h--;
      i--;
    } else if (keyword !== undefined && shipped.slice(0, i).some((x) => x.kind === keyword)) {
      // This instruction left no entry (e.g. an older builder skipping ARG): try the one before it.
      i--;
    } else {
      h--;
    }
  }
  return { byHistory, byInstruction, shipped };
}

function tieAt(range: Range, ruleId: string | undefined, instruction: Instruction, also?: string[]): DockerfileTie {
  return {
    line: range.start.line,
    column: range.start.column,
    endLine: range.end.line,
    endColumn: range.end.column,
    ...(ruleId ? { ruleId } : {}),
    ...(also && also.length > 0 ? { alsoRuleIds: also } : {}),
    instruction: instructionLabel(instruction),
  };
}

function instructionLabel(instruction: Instruction): string {
  // Without the line-continuation backslash (trimmed by hand: a `\s*…$` regex is quadratic on long blank runs).
  let firstLine = instruction.text.split('\n')[0]!.trimEnd();
  if (firstLine.endsWith('\\')) firstLine = firstLine.slice(0, -1).trimEnd();
  return firstLine.length > 100 ? `${firstLine.slice(0, 97)}...` : firstLine;
}

const BROAD_SOURCES = /^(?:\.\/?|\*|\.\/\*|[^*?[\]]*\/)$/;

/** `a/b/` → `b` (trailing slashes dropped without a quadratic `/\/+$/`). */
function lastSegment(path: string): string {
  let end = path.length;
  while (end > 0 && path[end - 1] === '/') end--;
  return path.slice(path.lastIndexOf('/', end - 1) + 1, end);
}

/** The static rule that keeps a file out of the layer this instruction wrote. */
function fileRule(instruction: Instruction, finding: ImageFinding): string | undefined {
  if (instruction.kind === 'RUN') return 'no-persisted-secret';
  if (instruction.kind !== 'COPY' && instruction.kind !== 'ADD') return undefined;
  const copy = instruction as CopyInstruction;
  if (copy.from !== undefined) return 'no-secret-stage-copy';
  if (finding.kind !== 'sensitive-file') return undefined;
  // Named sources (`COPY deploy_key /root/.ssh/id_ed25519`) vs the context or a directory of it (`COPY . .`).
  const base = (finding.location.path ?? '').split('/').pop() ?? '';
  const named = copy.sources.filter((source) => !BROAD_SOURCES.test(source.value));
  const broad = named.length < copy.sources.length;
  const explicit = named.length > 0 && (!broad || named.some((source) => lastSegment(source.value) === base));
  return explicit ? 'no-secret-file-copy' : 'no-context-secrets';
}

/**
 * The ARG declaration a recorded build arg comes from: the last `ARG <name>` of the shipped stages before the
 * RUN (an ENV of the same name may shadow it in scope, but the history still records the build arg).
 */
function argDeclarationOf(alignment: Alignment, instruction: Instruction, name: string): { range: Range; instruction: Instruction } | undefined {
  const at = alignment.shipped.indexOf(instruction);
  for (let i = at - 1; i >= 0; i--) {
    const candidate = alignment.shipped[i]!;
    if (candidate.kind !== 'ARG') continue;
    const declaration = candidate.declarations.find((d) => d.name === name);
    if (declaration) return { range: declaration.range, instruction: candidate };
  }
  return undefined;
}

/** The rule that keeps a literal out of the history entry an instruction writes. */
const HISTORY_RULE: Partial<Record<Instruction['kind'], string>> = { ENV: 'no-secret-env', ARG: 'no-secret-arg' };

/** Fill `finding.dockerfile` for every finding that the aligned history ties to an instruction. */
export function tieFindings(result: ImageScanResult, model: DockerfileModel): Map<ScannedImage, Alignment> {
  const alignments = new Map<ScannedImage, Alignment>();
  for (const image of result.images) alignments.set(image, alignHistory(image, model));
  for (const finding of result.findings) {
    const image = result.images.find((candidate) => candidate.ref === finding.location.image && (finding.location.platform === undefined || candidate.platform === finding.location.platform));
    if (!image) continue;
    const alignment = alignments.get(image)!;
    const tie = tieOne(finding, alignment);
    if (tie) finding.dockerfile = tie;
  }
  return alignments;
}

function tieOne(finding: ImageFinding, alignment: Alignment): DockerfileTie | undefined {
  const { location } = finding;
  if (location.kind === 'config') {
    const [field, name] = [location.field?.split(' ')[0], finding.name];
    if (!name) return undefined;
    const kind = field === 'Env' ? 'ENV' : field === 'Labels' ? 'LABEL' : undefined;
    if (!kind) return undefined;
    // The last shipped instruction that sets the key.
    for (let i = alignment.shipped.length - 1; i >= 0; i--) {
      const instruction = alignment.shipped[i]!;
      if (instruction.kind !== kind) continue;
      const pair = (instruction as { pairs: Array<{ name: string; range: Range }> }).pairs.find((p) => p.name === name);
      if (pair) return tieAt(pair.range, kind === 'ENV' ? 'no-secret-env' : 'no-hardcoded-secret', instruction);
    }
    return undefined;
  }
  const instruction = location.historyIndex !== undefined ? alignment.byHistory.get(location.historyIndex) : undefined;
  if (!instruction) return undefined;
  if (finding.kind === 'build-arg-in-history') {
    const declaration = argDeclarationOf(alignment, instruction, finding.name ?? '');
    if (!declaration) return tieAt(instruction.range, 'no-secret-arg', instruction);
    return tieAt(declaration.range, 'no-secret-arg', declaration.instruction);
  }
  if (finding.kind === 'secret-in-history') return tieAt(instruction.range, HISTORY_RULE[instruction.kind] ?? 'no-hardcoded-secret', instruction);
  const rule = fileRule(instruction, finding);
  const also = finding.visibility === 'deleted-later' && finding.kind === 'sensitive-file' ? ['no-secret-deleted-in-later-layer'] : [];
  return tieAt(instruction.range, rule, instruction, also);
}
