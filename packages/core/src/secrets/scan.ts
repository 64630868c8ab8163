/**
 * `scanForSecrets`: keyword prefilter + catalogue regexes + validators + false-positive filters
 * (docs/architecture.md, "Recognising secrets"). Pure and synchronous; never logs the values it finds.
 */
import { shannonEntropy } from './entropy.js';
import { PROVIDERS } from './providers.js';
import type { Confidence, SecretMatch, SecretProvider, Verdict } from './types.js';
import { containsReference, isDocumentedExample, isPlaceholderToken, isReference } from './values.js';

/** Only the first 1 MiB (UTF-16 units) is scanned: Dockerfiles are kilobytes; this bounds pathological input. */
export const MAX_SCAN_LENGTH = 1024 * 1024;

export interface ScanOptions {
  /** Catalogue to use (default: the full catalogue). */
  providers?: readonly SecretProvider[];
}

const CONFIDENCE_RANK: Record<Confidence, number> = { confirmed: 3, likely: 2, weak: 1 };

interface Candidate {
  match: SecretMatch;
  order: number;
  kind: SecretProvider['kind'];
}

/**
 * A provider catalogue prepared for scanning: per-provider clones of the patterns with the `d` flag (match
 * indices), so shared catalogue regexes keep no state, and the keyword prefilter in one pass — an alternation of
 * every keyword (longest first), resumed one position after each match, finds at each position the longest keyword
 * starting there;
 * the shorter keywords starting at the same position are its prefixes, so they are added from a precomputed
 * table. ~7× faster than `includes` per keyword per provider.
 */
interface PreparedCatalogue {
  patterns: Map<SecretProvider, RegExp>;
  scan: RegExp;
  prefixes: Map<string, readonly string[]>;
}

/** The built-in catalogue prepared on first use: a constant of the module (it depends on no input). */
let builtIn: PreparedCatalogue | undefined;

function prepared(providers: readonly SecretProvider[]): PreparedCatalogue {
  if (providers === PROVIDERS) return (builtIn ??= prepare(PROVIDERS));
  return prepare(providers);
}

function prepare(providers: readonly SecretProvider[]): PreparedCatalogue {
  const patterns = new Map<SecretProvider, RegExp>();
  for (const provider of providers) {
    const flags = provider.pattern.flags.includes('d') ? provider.pattern.flags : `${provider.pattern.flags}d`;
    patterns.set(provider, new RegExp(provider.pattern.source, flags.includes('g') ? flags : `${flags}g`));
  }
  const keywords = [...new Set(providers.flatMap((provider) => provider.keywords))].sort((a, b) => b.length - a.length);
  const escaped = keywords.map((keyword) => keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return {
    patterns,
    // Literal alternatives only: linear in the text for a fixed catalogue. Consuming (not a lookahead) lets the
    // engine skip to candidate positions; `keywordsIn` steps back to find keywords overlapping a match.
    scan: new RegExp(escaped.join('|'), 'g'),
    prefixes: new Map(keywords.map((keyword) => [keyword, keywords.filter((other) => keyword.startsWith(other))])),
  };
}

/** The keywords in `lower`, or undefined when there is none (most texts: no set is made for them). */
function keywordsIn(lower: string, catalogue: PreparedCatalogue): Set<string> | undefined {
  const { scan, prefixes } = catalogue;
  scan.lastIndex = 0;
  let m = scan.exec(lower);
  if (m === null) return undefined;
  const found = new Set<string>();
  for (; m !== null; m = scan.exec(lower)) {
    for (const keyword of prefixes.get(m[0]) ?? []) found.add(keyword);
    scan.lastIndex = m.index + 1;
  }
  return found;
}

/** Why a candidate value is not a hard-coded secret, or null when it may be one. */
function dismissal(value: string): string | null {
  if (isReference(value) || containsReference(value)) return 'reference';
  if (isDocumentedExample(value)) return 'documented example';
  if (isPlaceholderToken(value)) return 'placeholder';
  return null;
}

function toVerdict(raw: Confidence | Verdict | null): Verdict | null {
  return raw === null ? null : typeof raw === 'string' ? { confidence: raw } : raw;
}

function collect(provider: SecretProvider, pattern: RegExp, order: number, text: string, out: Candidate[]): void {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (m[0].length === 0) {
      pattern.lastIndex++;
      continue;
    }
    const groupSpan = m.indices?.groups?.secret;
    const [start, end] = groupSpan ?? [m.index, m.index + m[0].length];
    const value = text.slice(start, end);
    if (value.length === 0 || dismissal(value) !== null) continue;
    const verdict = toVerdict(provider.validate ? provider.validate(value, m) : provider.confidence);
    if (verdict === null) continue;
    if (provider.minEntropy !== undefined && verdict.confidence !== 'confirmed' && shannonEntropy(value) < provider.minEntropy) {
      continue;
    }
    const match: SecretMatch = {
      providerId: provider.id,
      providerName: provider.name,
      start,
      end,
      value,
      confidence: verdict.confidence,
    };
    if (verdict.note !== undefined) match.note = verdict.note;
    out.push({ match, order, kind: provider.kind });
  }
}

/** Higher first: confidence, then self-identifying tokens over context matches, then longer, then catalogue order. */
function compareRank(a: Candidate, b: Candidate): number {
  return (
    CONFIDENCE_RANK[b.match.confidence] - CONFIDENCE_RANK[a.match.confidence] ||
    (a.kind === b.kind ? 0 : a.kind === 'token' ? -1 : 1) ||
    b.match.end - b.match.start - (a.match.end - a.match.start) ||
    a.order - b.order
  );
}

/**
 * Finds catalogue secrets in `text`: non-overlapping, sorted by start. References (`$X`, `${X}`, `$(…)`),
 * placeholders and documented examples are dropped; tokens failing their checksum stay, as 'weak' + note.
 */
export function scanForSecrets(text: string, options?: ScanOptions): SecretMatch[] {
  // Most texts scanned (instructions, comments) hold no keyword: that path allocates nothing but the lower-cased
  // copy (none when the text is already lower case), not even a default options object.
  const input = text.length > MAX_SCAN_LENGTH ? text.slice(0, MAX_SCAN_LENGTH) : text;
  const lower = input.toLowerCase();
  const providers = options?.providers ?? PROVIDERS;
  const catalogue = prepared(providers);
  const found = keywordsIn(lower, catalogue);
  if (found === undefined) return [];
  const candidates: Candidate[] = [];
  for (let order = 0; order < providers.length; order++) {
    const provider = providers[order] as SecretProvider;
    if (!hasAny(provider.keywords, found)) continue;
    if (provider.requires && !provider.requires.every((literal) => lower.includes(literal))) continue;
    collect(provider, catalogue.patterns.get(provider)!, order, input, candidates);
  }

  candidates.sort(compareRank);
  // `accepted` stays sorted by start and non-overlapping, so one binary search finds the neighbours.
  const accepted: SecretMatch[] = [];
  for (const { match } of candidates) {
    const at = firstStartingAtOrAfter(accepted, match.start);
    const next = accepted[at];
    const previous = accepted[at - 1];
    if (next !== undefined && next.start < match.end) continue;
    if (previous !== undefined && previous.end > match.start) continue;
    accepted.splice(at, 0, match);
  }
  return accepted;
}

function hasAny(keywords: readonly string[], found: ReadonlySet<string>): boolean {
  for (const keyword of keywords) if (found.has(keyword)) return true;
  return false;
}

function firstStartingAtOrAfter(sorted: readonly SecretMatch[], start: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as SecretMatch).start < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
