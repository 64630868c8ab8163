/**
 * `scanForSecrets`: keyword prefilter + catalogue regexes + validators + false-positive filters
 * (docs/architecture.md, "Recognising secrets"). Pure and synchronous; never logs the values it finds.
 */
import { shannonEntropy } from './entropy.js';
import { PROVIDERS } from './providers.js';
import type { Confidence, SecretMatch, SecretProvider, Verdict } from './types.js';
import { containsReference, isDocumentedExample, isPlaceholderToken, isReference } from './values.js';
import { KeywordTrie } from './keyword-trie.js';

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
 * indices), so shared catalogue regexes keep no state, and the keyword prefilter: a trie of every keyword, walked
 * once over the text (keyword-trie.ts), instead of `includes` per keyword per provider.
 */
interface PreparedCatalogue {
  patterns: Map<SecretProvider, RegExp>;
  keywords: KeywordTrie;
  /**
   * Every keyword is lower-case ASCII: then, unless the text holds one of `LOWERS_INTO_ASCII`, the trie (which
   * lower-cases ASCII letters as it goes) finds in the text as it is what it finds in the lower-cased text, and no
   * lower-cased copy is made.
   */
  lowerCaseAsciiKeywords: boolean;
  /** Keyword → catalogue order of the providers listing it (ascending). */
  providersByKeyword: Map<string, readonly number[]>;
}

/** No upper-case letter and nothing beyond ASCII (the range starts at the space: keywords have no control character). */
const LOWER_CASE_ASCII = /^[ -@[-~]*$/;
/**
 * The only characters `toLowerCase` turns into ASCII (`İ` into `i` + a combining dot, the Kelvin sign into `k`;
 * checked over every code point): a text without them holds an ASCII keyword after lower-casing exactly where an
 * ASCII-only case-blind comparison finds it. A one-byte string cannot hold them, so the test costs nothing for
 * most texts.
 */
const LOWERS_INTO_ASCII = /[\u0130\u212a]/;

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
  const keywords = [...new Set(providers.flatMap((provider) => provider.keywords))];
  return {
    patterns,
    keywords: new KeywordTrie(keywords),
    lowerCaseAsciiKeywords: keywords.every((keyword) => LOWER_CASE_ASCII.test(keyword)),
    providersByKeyword: new Map(keywords.map((keyword) => [keyword, providers.flatMap((provider, order) => (provider.keywords.includes(keyword) ? [order] : []))])),
  };
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
  // Most texts scanned (instructions, comments) hold no keyword: that path allocates nothing (no lower-cased copy,
  // not even a default options object). A text with a character that lower-cases into ASCII is lower-cased first.
  const input = text.length > MAX_SCAN_LENGTH ? text.slice(0, MAX_SCAN_LENGTH) : text;
  const providers = options?.providers ?? PROVIDERS;
  const catalogue = prepared(providers);
  let lower: string | undefined;
  const found =
    catalogue.lowerCaseAsciiKeywords && !LOWERS_INTO_ASCII.test(input)
      ? catalogue.keywords.keywordsIn(input)
      : catalogue.keywords.keywordsIn((lower = input.toLowerCase()));
  if (found === undefined) return [];
  const candidates: Candidate[] = [];
  // The providers of the keywords found (a text has one or two, `://` the most common), in catalogue order.
  for (const order of providersOf(found, catalogue)) {
    const provider = providers[order] as SecretProvider;
    if (provider.requires) {
      const lowered = (lower ??= input.toLowerCase());
      if (!provider.requires.every((literal) => lowered.includes(literal))) continue;
    }
    collect(provider, catalogue.patterns.get(provider)!, order, input, candidates);
  }
  if (candidates.length === 0) return [];

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

/** Catalogue orders of the providers listing one of `found`, ascending, each once. */
function providersOf(found: ReadonlySet<string>, catalogue: PreparedCatalogue): readonly number[] {
  if (found.size === 1) {
    // The common case (`://` alone): the catalogue's own list, no copy.
    for (const keyword of found) return catalogue.providersByKeyword.get(keyword) ?? [];
  }
  const orders: number[] = [];
  for (const keyword of found) for (const order of catalogue.providersByKeyword.get(keyword) ?? []) orders.push(order);
  orders.sort((a, b) => a - b);
  return orders.filter((order, index) => index === 0 || orders[index - 1] !== order);
}

/**
 * `scanForSecrets` of each of `texts` (short ones: a file's comment lines). The keyword prefilter allocates
 * nothing for a text without a keyword, so each text is scanned on its own: no joined copy of them all.
 */
export function scanEachForSecrets(texts: readonly string[], options?: ScanOptions): (readonly SecretMatch[])[] {
  return texts.map((text) => scanForSecrets(text, options));
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
