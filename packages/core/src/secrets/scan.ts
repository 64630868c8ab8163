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
 * indices), so shared catalogue regexes keep no state, and the prefilter: one trie of every keyword and every
 * `requires` literal, walked once over the text (keyword-trie.ts), instead of `includes` per literal per provider.
 */
interface PreparedCatalogue {
  patterns: Map<SecretProvider, RegExp>;
  /** The keywords and `requires` literals of all providers, each once (indexes into a `found` array). */
  literals: readonly string[];
  trie: KeywordTrie;
  /** Per provider (catalogue order): the indexes of its keywords, and of its non-empty `requires` literals. */
  keywordIndexes: readonly (readonly number[])[];
  requiredIndexes: readonly (readonly number[])[];
  /**
   * Every literal is lower-case ASCII: then, unless the text holds one of `LOWERS_INTO_ASCII`, the trie (which
   * lower-cases ASCII letters as it goes) finds in the text as it is what it finds in the lower-cased text, and no
   * lower-cased copy is made.
   */
  lowerCaseAsciiLiterals: boolean;
  /**
   * A zeroed `found` array (one byte per literal) for the next scan to borrow: one scan marks the literals in the
   * text and clears them when done, so scans reuse it rather than make one each. Taken out while in use, so a
   * scan started inside another (a custom validator scanning) makes its own.
   */
  spareFound: Uint8Array | undefined;
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
  // An empty `requires` literal is in every text: it asks nothing.
  const required = (provider: SecretProvider): readonly string[] => (provider.requires ?? []).filter((literal) => literal !== '');
  const literals = [...new Set(providers.flatMap((provider) => [...provider.keywords, ...required(provider)]))];
  const indexOf = (literal: string): number => literals.indexOf(literal);
  return {
    patterns,
    literals,
    trie: new KeywordTrie(literals),
    keywordIndexes: providers.map((provider) => provider.keywords.map(indexOf)),
    requiredIndexes: providers.map((provider) => required(provider).map(indexOf)),
    lowerCaseAsciiLiterals: literals.every((literal) => LOWER_CASE_ASCII.test(literal)),
    spareFound: undefined,
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
export function scanForSecrets(text: string, options?: ScanOptions): readonly SecretMatch[] {
  // Most texts scanned (instructions, comments) hold no keyword: that path allocates nothing (no lower-cased copy,
  // no result array, not even a default options object). A text with a character that lower-cases into ASCII is
  // lower-cased first.
  const input = text.length > MAX_SCAN_LENGTH ? text.slice(0, MAX_SCAN_LENGTH) : text;
  const providers = options?.providers ?? PROVIDERS;
  const catalogue = prepared(providers);
  const found = catalogue.spareFound ?? new Uint8Array(catalogue.literals.length);
  catalogue.spareFound = undefined;
  let candidates: Candidate[] | undefined;
  const asIs = catalogue.lowerCaseAsciiLiterals && !LOWERS_INTO_ASCII.test(input);
  if (catalogue.trie.markKeywordsIn(asIs ? input : input.toLowerCase(), found)) {
    // The providers with a keyword found and every literal they require, in catalogue order.
    for (let order = 0; order < providers.length; order++) {
      if (!someMarked(found, catalogue.keywordIndexes[order] as readonly number[]) || !allMarked(found, catalogue.requiredIndexes[order] as readonly number[])) continue;
      const provider = providers[order] as SecretProvider;
      collect(provider, catalogue.patterns.get(provider)!, order, input, (candidates ??= []));
    }
    found.fill(0);
  }
  catalogue.spareFound = found;
  if (candidates === undefined || candidates.length === 0) return NO_MATCHES;

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

/**
 * The result of every scan that finds nothing. Not frozen: V8 loops over a frozen array with `for…of` through an
 * allocated iterator, and callers loop over results; `readonly` keeps our code from changing it.
 */
const NO_MATCHES: readonly SecretMatch[] = [];

function someMarked(found: Uint8Array, indexes: readonly number[]): boolean {
  for (const index of indexes) if (found[index] === 1) return true;
  return false;
}

function allMarked(found: Uint8Array, indexes: readonly number[]): boolean {
  for (const index of indexes) if (found[index] !== 1) return false;
  return true;
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
