/**
 * Reads the layer events of each stage (its `FROM <stage>` chain included, then its ONBUILD triggers as a
 * child image would run them). A delete (`rm`, `unlink`, `shred -u`, a directory or glob removal, or a
 * credential removal such as `docker logout`) that covers a secret-bearing file added by an EARLIER
 * instruction is reported at the deleting word, with a related location at the instruction that added it.
 */
import {
  defineRule,
  STAGES_OPTION,
  classifySensitivePath,
  deletes,
  isWithin,
  type AddEvent,
  type DeleteEvent,
  type Instruction,
  type RelatedLocation,
} from '@dockerlint/core';

interface Match {
  add: AddEvent;
  file: string;
  what: string;
}

type MessageId = 'deleted' | 'deletedMany' | 'rewritten';

export const rule = defineRule<MessageId>({
  meta: {
    id: 'no-secret-deleted-in-later-layer',
    description: 'A sensitive file added by one instruction is removed by a later RUN: the earlier layer still holds it.',
    severity: 'error',
    messages: {
      deleted: '{{remover}} removes {{file}} ({{what}}), but the layer of {{adder}} at line {{line}} still contains it.',
      deletedMany: '{{remover}} removes {{file}} ({{what}}) and {{more}} more, but the earlier layers that added them still contain them.',
      rewritten: '{{remover}} takes the credential out of {{file}} ({{what}}), but the layer of {{adder}} at line {{line}} still contains it.',
    },
    help: "Don't put the file into a layer at all: mount it for the one RUN that needs it (RUN --mount=type=secret,id=<id>,target=<path> <command>, with docker build --secret id=<id>,src=<local file>), or create, use and delete it inside a single RUN.",
    options: { stages: STAGES_OPTION },
    tags: ['security', 'secrets', 'CWE-212'],
    securitySeverity: 8.1,
    related: [],
  },
  check(context) {
    const { model, buildContext } = context;
    const contextKnown = buildContext.root !== undefined;
    for (const stage of model.stages) {
      // Only the stage's own deletes are reported: without one, no COPY/ADD events of its chain are computed.
      if (!context.analysis.stageDeletes(stage)) continue;
      let live: AddEvent[] = [];
      const owned = (instruction: Instruction) => instruction.stage === stage;
      for (const event of context.analysis.childImageEvents(stage)) {
        if (event.kind === 'add') {
          if (!event.ephemeral) live.push(event);
          continue;
        }
        const matches: Match[] = [];
        for (const add of live) {
          if (add.instruction === event.instruction) continue;
          const match = matchOf(add, event, contextKnown);
          if (match) matches.push(match);
        }
        live = live.filter((add) => !covers(event, add));
        if (matches.length === 0 || !owned(event.instruction) || !context.reportsIn(event.instruction)) continue;
        report(event, matches);
      }
    }

    function report(event: DeleteEvent, matches: Match[]): void {
      const first = matches[0]!;
      const related: RelatedLocation[] = matches.slice(0, 5).map((match) => ({
        line: match.add.range.start.line,
        column: match.add.range.start.column,
        endLine: match.add.range.end.line,
        endColumn: match.add.range.end.column,
        message: `${match.file} was added to a layer here (${adderName(match.add)})`,
      }));
      const data = {
        remover: event.remover,
        file: first.file,
        what: first.what,
        adder: adderName(first.add),
        line: first.add.range.start.line,
        more: new Set(matches.map((match) => match.file)).size - 1,
      };
      const messageId = event.rewrite ? 'rewritten' : data.more > 0 ? 'deletedMany' : 'deleted';
      context.report({
        messageId,
        data,
        range: event.range,
        related,
        instruction: event.instruction,
        help: helpFor(first),
      });
    }
  },
});

/** The delete removes `add` completely (it no longer needs tracking). */
function covers(event: DeleteEvent, add: AddEvent): boolean {
  return deletes(event, add.path) || (add.alsoAt !== undefined && deletes(event, add.alsoAt));
}

function matchOf(add: AddEvent, event: DeleteEvent, contextKnown: boolean): Match | undefined {
  const secretBearing = add.secret !== undefined || add.sensitive !== undefined;
  if (secretBearing) {
    if (deletes(event, add.path)) return { add, file: add.path, what: whatOf(add) };
    if (add.alsoAt !== undefined && deletes(event, add.alsoAt)) return { add, file: add.alsoAt, what: whatOf(add) };
    // Part of a sensitive directory (`COPY .ssh /root/.ssh` … `RUN rm /root/.ssh/id_rsa`).
    if (add.isDirectory && !isGlob(event.path) && isWithin(event.path, add.path) && !event.rewrite) return { add, file: event.path, what: whatOf(add) };
    return undefined;
  }
  // `COPY . /app` without a build context on disk: the rm of a sensitive name below it says it was there.
  if (add.contextDir !== undefined && !contextKnown && !isGlob(event.path) && !event.rewrite && isWithin(event.path, add.path) && event.path !== add.path) {
    const relative = event.path.slice(add.path === '/' ? 1 : add.path.length + 1);
    const sensitive = classifySensitivePath(relative);
    if (sensitive) return { add, file: event.path, what: `${sensitive.pattern.label}, copied in with the build context` };
  }
  return undefined;
}

function isGlob(path: string): boolean {
  return /[*?[]/.test(path);
}

function whatOf(add: AddEvent): string {
  if (add.secret) return `written from ${add.secret.description}`;
  return add.sensitive!.pattern.label;
}

function adderName(add: AddEvent): string {
  const keyword = add.instruction.keywordText.toUpperCase();
  const prefix = add.instruction.onbuild ? 'ONBUILD ' : '';
  if (add.via === 'run') return `${prefix}RUN${add.writer && add.writer !== 'shell redirection' ? ` (${add.writer})` : ''}`;
  if (add.fromStage) return `${prefix}${keyword} --from=${add.fromStage.name ?? add.fromStage.index}`;
  return `${prefix}${keyword}`;
}

function helpFor(match: Match): string {
  const file = match.file;
  if (match.add.via === 'run') {
    return `Write, use and delete ${file} inside ONE RUN (or write it below a --mount=type=tmpfs target), or better, never write it: RUN --mount=type=secret,id=<id>,target=${file} <command> with docker build --secret id=<id>,src=<local file>. The secret is already in the earlier layer: rotate it.`;
  }
  return `Don't COPY it: RUN --mount=type=secret,id=<id>,target=${file} <command> for the one step that needs it (docker build --secret id=<id>,src=<local file>), and add it to .dockerignore. The file is already in the earlier layer: rotate the secret it holds.`;
}
