/**
 * Which files in a build context or an image hold credentials, by name (and by content when we can read it).
 * Used by every rule that reasons about files: context copies, explicit copies, deletions, stage copies.
 */
import { minimatch } from 'minimatch';

export type SensitiveConfidence = 'high' | 'low';

export interface SensitivePattern {
  /** minimatch glob applied to the basename, or to the whole path when it contains `/`. */
  glob: string;
  /** What it is, for messages: `environment file`, `SSH private key`… */
  label: string;
  confidence: SensitiveConfidence;
  /** The pattern names a directory whose whole content is sensitive (`.git/`, `.ssh/`). */
  directory?: boolean;
  /** A `.dockerignore` entry that excludes it anywhere in the context. */
  ignoreEntry: string;
}

export const DEFAULT_SENSITIVE_PATTERNS: readonly SensitivePattern[] = [
  { glob: '.env', label: 'environment file', confidence: 'high', ignoreEntry: '**/.env' },
  { glob: '.env.*', label: 'environment file', confidence: 'high', ignoreEntry: '**/.env.*' },
  { glob: '*.env', label: 'environment file', confidence: 'low', ignoreEntry: '**/*.env' },
  { glob: '.git', label: 'git history and config', confidence: 'high', directory: true, ignoreEntry: '.git' },
  { glob: '.git-credentials', label: 'git credential store', confidence: 'high', ignoreEntry: '**/.git-credentials' },
  { glob: '.npmrc', label: 'npm config (may hold an auth token)', confidence: 'high', ignoreEntry: '**/.npmrc' },
  { glob: '.pypirc', label: 'PyPI credentials', confidence: 'high', ignoreEntry: '**/.pypirc' },
  { glob: '.netrc', label: 'netrc credentials', confidence: 'high', ignoreEntry: '**/.netrc' },
  { glob: '_netrc', label: 'netrc credentials', confidence: 'high', ignoreEntry: '**/_netrc' },
  { glob: '.aws', label: 'AWS credentials directory', confidence: 'high', directory: true, ignoreEntry: '**/.aws' },
  { glob: '.ssh', label: 'SSH directory', confidence: 'high', directory: true, ignoreEntry: '**/.ssh' },
  { glob: '.gnupg', label: 'GnuPG keyring', confidence: 'high', directory: true, ignoreEntry: '**/.gnupg' },
  { glob: '.docker/config.json', label: 'Docker registry credentials', confidence: 'high', ignoreEntry: '**/.docker/config.json' },
  { glob: '.kube', label: 'kubeconfig directory', confidence: 'high', directory: true, ignoreEntry: '**/.kube' },
  { glob: 'kubeconfig', label: 'kubeconfig', confidence: 'high', ignoreEntry: '**/kubeconfig' },
  { glob: '*.kubeconfig', label: 'kubeconfig', confidence: 'high', ignoreEntry: '**/*.kubeconfig' },
  { glob: 'id_rsa', label: 'SSH private key', confidence: 'high', ignoreEntry: '**/id_rsa' },
  { glob: 'id_dsa', label: 'SSH private key', confidence: 'high', ignoreEntry: '**/id_dsa' },
  { glob: 'id_ecdsa', label: 'SSH private key', confidence: 'high', ignoreEntry: '**/id_ecdsa' },
  { glob: 'id_ed25519', label: 'SSH private key', confidence: 'high', ignoreEntry: '**/id_ed25519' },
  { glob: 'id_rsa_*', label: 'SSH private key', confidence: 'high', ignoreEntry: '**/id_rsa_*' },
  { glob: 'id_ed25519_*', label: 'SSH private key', confidence: 'high', ignoreEntry: '**/id_ed25519_*' },
  { glob: '*deploy_key', label: 'deploy key', confidence: 'high', ignoreEntry: '**/*deploy_key' },
  { glob: '*deploy-key', label: 'deploy key', confidence: 'high', ignoreEntry: '**/*deploy-key' },
  { glob: '*.key', label: 'private key', confidence: 'high', ignoreEntry: '**/*.key' },
  { glob: '*.pem', label: 'PEM file (key or certificate)', confidence: 'low', ignoreEntry: '**/*.pem' },
  { glob: '*-key.pem', label: 'private key', confidence: 'high', ignoreEntry: '**/*-key.pem' },
  { glob: '*_key.pem', label: 'private key', confidence: 'high', ignoreEntry: '**/*_key.pem' },
  { glob: 'key.pem', label: 'private key', confidence: 'high', ignoreEntry: '**/key.pem' },
  { glob: 'privkey*.pem', label: 'private key', confidence: 'high', ignoreEntry: '**/privkey*.pem' },
  { glob: '*.p12', label: 'PKCS#12 keystore', confidence: 'high', ignoreEntry: '**/*.p12' },
  { glob: '*.pfx', label: 'PKCS#12 keystore', confidence: 'high', ignoreEntry: '**/*.pfx' },
  { glob: '*.jks', label: 'Java keystore', confidence: 'high', ignoreEntry: '**/*.jks' },
  { glob: '*.keystore', label: 'keystore', confidence: 'high', ignoreEntry: '**/*.keystore' },
  { glob: '*.ppk', label: 'PuTTY private key', confidence: 'high', ignoreEntry: '**/*.ppk' },
  { glob: '*.ovpn', label: 'VPN profile', confidence: 'low', ignoreEntry: '**/*.ovpn' },
  { glob: 'credentials', label: 'credentials file', confidence: 'low', ignoreEntry: '**/credentials' },
  { glob: 'credentials*.json', label: 'credentials file', confidence: 'high', ignoreEntry: '**/credentials*.json' },
  { glob: 'credentials.toml', label: 'credentials file', confidence: 'high', ignoreEntry: '**/credentials.toml' },
  { glob: 'client_secret*.json', label: 'OAuth client secret', confidence: 'high', ignoreEntry: '**/client_secret*.json' },
  { glob: '*service-account*.json', label: 'cloud service-account key', confidence: 'high', ignoreEntry: '**/*service-account*.json' },
  { glob: '*service_account*.json', label: 'cloud service-account key', confidence: 'high', ignoreEntry: '**/*service_account*.json' },
  { glob: '*-sa-key.json', label: 'cloud service-account key', confidence: 'high', ignoreEntry: '**/*-sa-key.json' },
  { glob: '.htpasswd', label: 'password file', confidence: 'high', ignoreEntry: '**/.htpasswd' },
  { glob: 'secrets.y*ml', label: 'secrets file', confidence: 'low', ignoreEntry: '**/secrets.y*ml' },
  { glob: '*.tfstate', label: 'Terraform state (holds secrets)', confidence: 'high', ignoreEntry: '**/*.tfstate' },
  { glob: '*.tfvars', label: 'Terraform variables', confidence: 'low', ignoreEntry: '**/*.tfvars' },
];

/** Names that look sensitive but are templates or public halves. */
const NOT_SENSITIVE = [
  '.env.example', '.env.sample', '.env.template', '.env.dist', '.env.defaults', '.env.default', '.env.schema',
  '.env.*.example', '.env.*.sample', '.env.*.template', '*.pub', '*.pub.pem', '*.crt', '*.cer', '*.csr',
  'public*.pem', '*public*.pem', '*public*.key', '*.pub.key', '*.gpg.key', '*.asc',
  'cert.pem', 'ca.pem', '*-ca.pem', '*ca-cert*.pem', '*cacert*.pem', 'fullchain.pem', 'chain.pem', '*cert.pem', '*-cert.pem', '*.cert.pem', '*-crt.pem',
];

export interface SensitiveMatch {
  pattern: SensitivePattern;
  /** The path (or its ancestor directory) that matched. */
  matchedPath: string;
}

const globOptions = { dot: true, nocase: true, matchBase: false } as const;

function matchesGlob(path: string, glob: string): boolean {
  if (glob.includes('/')) return minimatch(path, glob, globOptions) || minimatch(path, `**/${glob}`, globOptions);
  const base = path.split('/').pop() ?? path;
  return minimatch(base, glob, globOptions);
}

/**
 * Classify a path (context-relative or absolute in the image). Checks the path itself and its ancestor
 * directories (`.git/config` is sensitive because `.git` is).
 */
export function classifySensitivePath(
  path: string,
  patterns: readonly SensitivePattern[] = DEFAULT_SENSITIVE_PATTERNS,
): SensitiveMatch | undefined {
  const clean = path.replace(/\\/g, '/').replace(/^\.\/+/, '').replace(/\/+$/, '');
  if (!clean) return undefined;
  const segments = clean.split('/');
  // Ancestors first: a file inside `.git/` is reported as `.git`.
  for (let i = 1; i <= segments.length; i++) {
    const candidate = segments.slice(0, i).join('/');
    const isLast = i === segments.length;
    const base = segments[i - 1]!;
    if (NOT_SENSITIVE.some((glob) => minimatch(base, glob, globOptions))) continue;
    let best: SensitivePattern | undefined;
    for (const pattern of patterns) {
      if (!isLast && !pattern.directory && !pattern.glob.includes('/')) continue;
      if (matchesGlob(candidate, pattern.glob) && (!best || rank(pattern) > rank(best))) best = pattern;
    }
    if (best) return { pattern: best, matchedPath: candidate };
  }
  return undefined;
}

function rank(pattern: SensitivePattern): number {
  return (pattern.confidence === 'high' ? 2 : 0) + (pattern.glob.includes('*') ? 0 : 1);
}

/**
 * Refine a name-based match with the file's first bytes: a PEM that only holds certificates or public keys
 * is not a secret; any file with a private-key block is, whatever its name.
 */
export function refineByContent(match: SensitiveMatch | undefined, head: string | undefined): SensitiveMatch | undefined {
  if (head === undefined || !match) return match;
  const hasPrivateKey = /-----BEGIN[ A-Z0-9]*PRIVATE KEY( BLOCK)?-----|PuTTY-User-Key-File-/.test(head);
  const onlyPublic = /-----BEGIN (CERTIFICATE|PUBLIC KEY|PGP PUBLIC KEY BLOCK|RSA PUBLIC KEY|X509 CRL|TRUSTED CERTIFICATE)-----/.test(head) && !hasPrivateKey;
  if (onlyPublic && /key|pem|crt|cer/i.test(match.pattern.label + match.pattern.glob)) return undefined;
  if (hasPrivateKey && match.pattern.confidence === 'low') return { ...match, pattern: { ...match.pattern, confidence: 'high', label: 'private key' } };
  return match;
}
