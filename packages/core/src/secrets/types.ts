/** Types of the secret catalogue (provider token formats, names, values, credential-writing commands). */

export type Confidence =
  /** Prefix and checksum/structure validated (GitHub/npm CRC-32, PyPI macaroon, JWT header, PEM body…). */
  | 'confirmed'
  /** Distinctive format without a checksum to verify (e.g. `AKIA…`, `sk_live_…`). */
  | 'likely'
  /** Generic / keyword-gated / entropy-only signal, or a token that fails its checksum. */
  | 'weak';

export interface SecretMatch {
  /** Catalogue id, e.g. `github-pat-classic`, `aws-access-key-id`, `private-key`, `url-credentials`. */
  providerId: string;
  /** Human name, e.g. `GitHub personal access token`. */
  providerName: string;
  /** [start, end) UTF-16 offsets of the secret value inside the scanned text. */
  start: number;
  end: number;
  /** The secret value itself. Never print it: use `redact()`. */
  value: string;
  confidence: Confidence;
  /** Extra explanation, e.g. `fails checksum: placeholder or truncated?`. */
  note?: string;
}

/** How a variable/key name relates to secrets (docs/architecture.md, "Names"). */
export type NameClass =
  /** The name says it holds a secret: NPM_TOKEN, PGPASSWORD, CLIENT_SECRET. */
  | 'secret'
  /** Half of a credential pair that is not secret by itself: AWS_ACCESS_KEY_ID, *_CLIENT_ID. */
  | 'identifier'
  /** Points at a secret rather than holding it: *_FILE, GOOGLE_APPLICATION_CREDENTIALS, SSH_AUTH_SOCK. */
  | 'path'
  /** GPG/PGP key fingerprint names: GPG_KEY, GPG_KEYS, PGP_KEY_ID. */
  | 'fingerprint'
  /** Bare KEY / AUTH: too ambiguous to report by name alone. */
  | 'ambiguous'
  | 'none';

/** What kind of text a value is (docs/architecture.md, "Values"). */
export type ValueClass = 'empty' | 'reference' | 'placeholder' | 'mixed' | 'literal';

/** What a provider's validator concluded about one candidate value. */
export interface Verdict {
  confidence: Confidence;
  /** Why the confidence is what it is (never contains the value). */
  note?: string;
}

/** One entry of the token catalogue (docs/architecture.md, "The token catalogue"). */
export interface SecretProvider {
  /** Stable id, kebab-case: `github-pat-classic`, `aws-access-key-id`… */
  id: string;
  /** Human name for messages. */
  name: string;
  /**
   * Lower-case literals for the cheap prefilter: the pattern only runs when the lower-cased text
   * contains at least one of them. For keyword-gated providers the keyword need not be inside the match.
   */
  keywords: readonly string[];
  /**
   * Lower-case literals the pattern always matches (outside any optional part): when the lower-cased text lacks
   * one, the pattern cannot match and is not run. A second gate after `keywords` for patterns whose keyword is
   * common (`://` of every URL, while only a URL with `@` can carry credentials).
   */
  requires?: readonly string[];
  /**
   * Global JS regex. If it has a named group `secret`, that group is the secret value; otherwise the
   * whole match is. Every quantifier is bounded so that the scan stays linear-ish (ReDoS guard test).
   */
  pattern: RegExp;
  /** Confidence when there is no validator (or the validator returns nothing more specific). */
  confidence: Confidence;
  /**
   * Format-level check: checksum, decoded structure, context. Returns the confidence (or a verdict
   * with a note), or `null` to drop the candidate as "not this kind of secret".
   */
  validate?: (value: string, match: RegExpExecArray) => Confidence | Verdict | null;
  /** Drop candidates whose Shannon entropy (bits/char) is below this (gitleaks-style threshold). */
  minEntropy?: number;
  /**
   * `token`: the value has a self-identifying format (prefix, marker). `context`: the value is only a
   * secret because of where it stands (`Authorization:`, URL userinfo, `_authToken=`). When two
   * matches overlap with equal confidence, `token` wins.
   */
  kind: 'token' | 'context';
}
