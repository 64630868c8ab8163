/**
 * For every `COPY --from=<stage>` in a shipping stage, the source stage's final filesystem (its own
 * `FROM <stage>` chain included, later RUN removals applied) is searched for secret-bearing files: files
 * written by credential-storing commands, copies of secret mounts, files written from secret variables,
 * sensitive files copied in (from the build context, or from yet another stage). The copy is reported at
 * its source word when that source is, contains, or lies inside such a file.
 */
import { defineRule, STAGES_OPTION, type AddEvent, type CopyInstruction, type RelatedLocation } from '@dockerlint/core';

type MessageId = 'copied' | 'copiedMany';

export const rule = defineRule<MessageId>({
  meta: {
    id: 'no-secret-stage-copy',
    description: 'The final image copies from another stage a path that holds a secret that stage put there.',
    severity: 'error',
    messages: {
      copied: 'COPY --from={{stage}} {{source}} takes {{file}} ({{what}}) into this image; {{adder}} at line {{line}} put it there.',
      copiedMany: 'COPY --from={{stage}} {{source}} takes {{file}} ({{what}}) and {{more}} more secret file(s) into this image.',
    },
    help: "Copy only the build output (COPY --from=build /app/dist /app/dist), or keep the secret out of the builder's filesystem with RUN --mount=type=secret,id=<id>,target=<path> (docker build --secret id=<id>,src=<local file>).",
    options: { stages: STAGES_OPTION },
    tags: ['security', 'secrets', 'CWE-538'],
    securitySeverity: 8.1,
    related: [],
  },
  check(context) {
    const { model } = context;
    for (const instruction of model.allInstructions()) {
      if ((instruction.kind !== 'COPY' && instruction.kind !== 'ADD') || !instruction.fromStage || !context.reportsIn(instruction)) continue;
      if (instruction.fromStage === instruction.stage) continue;
      const bySource = new Map<string, AddEvent[]>();
      for (const event of context.analysis.instructionEvents(instruction)) {
        if (event.kind !== 'add' || !event.origin) continue;
        if (!event.secret && !event.sensitive && !event.unknownCredential) continue;
        const key = `${event.range.start.line}:${event.range.start.column}`;
        const list = bySource.get(key) ?? [];
        list.push(event);
        bySource.set(key, list);
      }
      for (const events of bySource.values()) report(instruction, events);
    }

    function report(copy: CopyInstruction, events: AddEvent[]): void {
      // Proven secrets first.
      events.sort((a, b) => rank(b) - rank(a));
      const first = events[0]!;
      const origin = first.origin!;
      const severity = events.some((event) => event.secret || event.sensitive) ? 'error' : 'warning';
      const related: RelatedLocation[] = events.slice(0, 5).map((event) => ({
        line: event.origin!.range.start.line,
        column: event.origin!.range.start.column,
        endLine: event.origin!.range.end.line,
        endColumn: event.origin!.range.end.column,
        message: `${event.origin!.path} is put into stage ${stageName(event)} here`,
      }));
      const sourceWord = copy.sources.find((word) => word.range.start.line === first.range.start.line && word.range.start.column === first.range.start.column);
      context.report({
        messageId: events.length > 1 ? 'copiedMany' : 'copied',
        data: {
          stage: copy.from ?? '',
          source: sourceWord?.value ?? first.source ?? '',
          file: origin.path,
          what: whatOf(first),
          adder: adderName(origin),
          line: origin.range.start.line,
          more: events.length - 1,
        },
        range: first.range,
        severity,
        related,
        instruction: copy,
        help: helpFor(first),
      });
    }
  },
});

function rank(event: AddEvent): number {
  return (event.secret ? 2 : 0) + (event.sensitive ? 1 : 0);
}

function stageName(event: AddEvent): string {
  const stage = event.origin!.instruction.stage;
  return stage ? stage.name ?? String(stage.index) : '?';
}

function whatOf(event: AddEvent): string {
  const origin = event.origin!;
  if (origin.description) return origin.description.replace(/\.$/, '');
  if (event.secret) return `written from ${event.secret.description}`;
  if (event.sensitive) return event.sensitive.pattern.label;
  return 'a stored credential';
}

function adderName(add: AddEvent): string {
  const keyword = add.instruction.keywordText.toUpperCase();
  const stage = add.instruction.stage;
  const where = stage ? ` in stage ${stage.name ?? stage.index}` : '';
  if (add.via === 'run') return `RUN${add.writer && add.writer !== 'shell redirection' ? ` (${add.writer})` : ''}${where}`;
  return `${keyword}${where}`;
}

function helpFor(event: AddEvent): string {
  const origin = event.origin!;
  const parts = [`Copy only what the image needs (the build output, e.g. COPY --from=build /app/dist /app/dist), never the directory that holds ${origin.path}.`];
  if (origin.safeAlternative) parts.push(`In the builder, avoid storing the credential at all: ${origin.safeAlternative}.`);
  else parts.push(`In the builder, use the secret without writing it: RUN --mount=type=secret,id=<id>,target=${origin.path} <command> (docker build --secret id=<id>,src=<local file>), or delete it in the same RUN that creates it.`);
  return parts.join(' ');
}
