/**
 * Image findings as engine `Finding`s (what every CLI formatter prints), and `--verify`: each static finding
 * checked against the built image, and the image findings no static finding explains.
 */
import { DOCS_BASE_URL, PARSE_ERROR_RULE_ID, ruleDocsUrl } from '../engine/lint.js';
import type { Finding, FindingImageLocation, RuleMeta, Verification } from '../engine/types.js';
import type { DockerfileModel, Instruction } from '../model/types.js';
import { shortDigest } from './metadata.js';
import type { Alignment } from './dockerfile.js';
import type { ImageFinding, ImageFindingKind, ImageScanResult, ScannedImage } from './types.js';

export const IMAGE_DOCS_URL = `${DOCS_BASE_URL.replace(/rules\/$/, '')}image.md`;

const IMAGE_RULE_TEXT: Record<ImageFindingKind, { description: string; help: string }> = {
  'sensitive-file': {
    description: 'A credential file (.env, private key, keystore, .npmrc with a token, .git…) is in a layer of the built image.',
    help: 'Keep the file out of every layer: exclude it in .dockerignore, copy only what the build needs, and use RUN --mount=type=secret for build-time credentials. Deleting it in a later layer does not remove it from the image.',
  },
  'secret-in-file': {
    description: 'A provider token is in the text of a file in a layer of the built image.',
    help: 'Remove the token from the file and revoke it; pass credentials at run time or through RUN --mount=type=secret at build time.',
  },
  'build-arg-in-history': {
    description: 'A secret build arg is recorded with its value in the image history.',
    help: 'Pass the secret with RUN --mount=type=secret,id=<id> and docker build --secret instead of --build-arg, and revoke the recorded value.',
  },
  'secret-in-history': {
    description: 'A literal token is written in the image history (created_by).',
    help: 'Remove the literal from the Dockerfile, revoke it, and pass it with RUN --mount=type=secret at build time.',
  },
  'secret-in-config': {
    description: 'A secret is in the image configuration (Env, Labels or another field).',
    help: 'Do not bake secrets into ENV or LABEL: provide them at run time (docker run -e, orchestrator secrets, *_FILE pointers).',
  },
};

export function imageRuleId(kind: ImageFindingKind): string {
  return `image-${kind}`;
}

/** Rule descriptions for reports (SARIF `tool.driver.rules`). */
export const IMAGE_RULE_METAS: readonly RuleMeta[] = (Object.keys(IMAGE_RULE_TEXT) as ImageFindingKind[]).map((kind) => ({
  id: imageRuleId(kind),
  description: IMAGE_RULE_TEXT[kind].description,
  severity: 'error',
  messages: {},
  help: IMAGE_RULE_TEXT[kind].help,
  tags: ['security', 'secrets', 'image'],
  securitySeverity: 8.5,
}));

export interface ToFindingsOptions {
  /** Path shown for findings tied to the Dockerfile. */
  dockerfilePath?: string;
  /** Path shown for findings with no Dockerfile line (the archive as given). */
  imagePath: string;
  /** Metadata of the static rules, for the preventing rule's help text. */
  ruleMetas?: readonly RuleMeta[];
}

export function imageLocationText(finding: ImageFinding): string {
  const { location } = finding;
  const platform = location.platform ? ` [${location.platform}]` : '';
  if (location.kind === 'layer') return `${location.image}${platform} layer ${location.layer} (${shortDigest(location.layerDigest)}) ${location.path}`;
  if (location.kind === 'config') return `${location.image}${platform} config ${location.field}`;
  return `${location.image}${platform} history entry ${(location.historyIndex ?? 0) + 1}`;
}

function findingLocation(finding: ImageFinding): FindingImageLocation {
  return { ...finding.location, ...(finding.visibility ? { visibility: finding.visibility } : {}) };
}

export function imageFindingToFinding(finding: ImageFinding, options: ToFindingsOptions): Finding {
  const tie = finding.dockerfile;
  const rule = tie?.ruleId ? options.ruleMetas?.find((meta) => meta.id === tie.ruleId) : undefined;
  const also = tie?.alsoRuleIds?.length ? ` and ${tie.alsoRuleIds.join(', ')}` : '';
  const origin = tie
    ? `; written by ${tie.instruction} (line ${tie.line})${tie.ruleId ? `, prevented by ${tie.ruleId}${also}` : ', which no static rule covers'}`
    : finding.location.kind === 'layer' && finding.location.historyIndex !== undefined && options.dockerfilePath
      ? '; from the base image'
      : '';
  const help = tie?.ruleId ? `${IMAGE_RULE_TEXT[finding.kind].help} ${tie.ruleId}: ${rule?.help ?? ''}`.trim() : IMAGE_RULE_TEXT[finding.kind].help;
  return {
    ruleId: imageRuleId(finding.kind),
    messageId: finding.kind,
    message: `${finding.message}${origin}`,
    severity: finding.severity,
    file: tie && options.dockerfilePath ? options.dockerfilePath : options.imagePath,
    line: tie?.line ?? 1,
    column: tie?.column ?? 1,
    endLine: tie?.endLine ?? 1,
    endColumn: tie?.endColumn ?? 1,
    help,
    url: tie?.ruleId ? ruleDocsUrl(tie.ruleId) : `${IMAGE_DOCS_URL}#${finding.kind}`,
    fingerprint: finding.fingerprint,
    image: findingLocation(finding),
  };
}

/** Is `finding` (static) the one that explains `imageFinding` (tied to a line and a rule)? */
function explains(finding: Finding, imageFinding: ImageFinding): boolean {
  const tie = imageFinding.dockerfile;
  if (!tie) return false;
  const covers = (line: number) => line >= finding.line && line <= finding.endLine;
  const sameLines = covers(tie.line) || (finding.line >= tie.line && finding.line <= tie.endLine);
  if (finding.ruleId === tie.ruleId && sameLines) return true;
  if (tie.alsoRuleIds?.includes(finding.ruleId)) return sameLines || (finding.related ?? []).some((r) => r.line === tie.line);
  // A literal in ENV/LABEL/RUN text is in the image's config or history as written.
  return finding.ruleId === 'no-hardcoded-secret' && imageFinding.location.kind !== 'layer' && sameLines;
}

function instructionAt(model: DockerfileModel, line: number): Instruction | undefined {
  return model.allInstructions().find((i) => i.range.start.line <= line && line <= i.range.end.line);
}

/** Rules whose leak is outside the image by nature (build logs): nothing in the image can confirm them. */
const NOT_IN_IMAGE = new Set(['no-secret-in-build-output']);

export interface VerifyOutcome {
  /** The static findings, each with its `verification`. */
  findings: Finding[];
  /** Image findings no static finding explains. */
  missed: ImageFinding[];
}

export function verifyFindings(
  staticFindings: readonly Finding[],
  result: ImageScanResult,
  model: DockerfileModel,
  alignments: ReadonlyMap<ScannedImage, Alignment>,
): VerifyOutcome {
  const explained = new Set<ImageFinding>();
  const findings = staticFindings.map((finding) => {
    const evidence = result.findings.filter((imageFinding) => explains(finding, imageFinding));
    for (const e of evidence) explained.add(e);
    const verification = evidence.length > 0
      ? { status: 'confirmed' as const, note: `confirmed in the image: ${evidence.slice(0, 3).map(imageLocationText).join('; ')}${evidence.length > 3 ? ` (+${evidence.length - 3} more)` : ''}` }
      : unconfirmed(finding, result, model, alignments);
    return { ...finding, verification };
  });
  const missed = result.findings.filter((f) => !explained.has(f));
  return { findings, missed };
}

function unconfirmed(finding: Finding, result: ImageScanResult, model: DockerfileModel, alignments: ReadonlyMap<ScannedImage, Alignment>): Verification {
  if (finding.ruleId === PARSE_ERROR_RULE_ID) return { status: 'not-checkable', note: 'not checkable: the Dockerfile does not parse there' };
  if (NOT_IN_IMAGE.has(finding.ruleId)) return { status: 'not-checkable', note: 'not checkable in the image: the leak is in the build output, not in the image' };
  const instruction = instructionAt(model, finding.line);
  if (!instruction) return { status: 'not-checkable', note: 'not checkable: no instruction at this line' };
  const alignment = [...alignments.values()].find((a) => a.shipped.includes(instruction.onbuild ?? instruction));
  if (instruction.onbuild) return { status: 'not-checkable', note: 'not checkable: ONBUILD applies in images built FROM this one' };
  if (!alignment) return { status: 'not-checkable', note: 'not checkable: this stage does not ship in the image' };
  if (finding.ruleId === 'no-secret-arg' && instruction.kind === 'ARG') {
    const names = instruction.declarations.map((d) => d.name);
    const recorded = result.images.flatMap((image) => image.buildArgs).filter((arg) => names.includes(arg.name));
    if (recorded.length === 0) return { status: 'not-checkable', note: 'not checkable: no RUN after it records the build arg in the history (provenance only)' };
    const empty = recorded.find((arg) => arg.empty);
    if (empty) return { status: 'not-observed', note: `not observed: history entry ${empty.historyIndex + 1} records ${empty.name}= empty (not passed in this build) — still a risk when it is` };
    return { status: 'not-observed', note: 'not observed: the recorded value is not secret-shaped' };
  }
  const historyIndex = alignment.byInstruction.get(instruction);
  if (historyIndex === undefined) return { status: 'not-checkable', note: 'not checkable: no history entry of the image matches this instruction' };
  return { status: 'not-observed', note: `not observed in the image (history entry ${historyIndex + 1}): the build did not put it there this time — still a risk` };
}

export function verificationSuffix(verification: Verification): string {
  return ` [image: ${verification.note}]`;
}
