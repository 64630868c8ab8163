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

/** How a variable/key name relates to secrets (research/secrets.md §C.3). */
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

/** What kind of text a value is (research/secrets.md §B.2). */
export type ValueClass = 'empty' | 'reference' | 'placeholder' | 'mixed' | 'literal';
