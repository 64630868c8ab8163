/**
 * The token catalogue (see docs/architecture.md). Regexes are ours, written from the documented formats;
 * where a shape follows gitleaks (MIT, github.com/gitleaks/gitleaks config/gitleaks.toml v8.30.1) it says so.
 *
 * ReDoS discipline: every quantifier is bounded, character classes on either side of a literal do not
 * contain that literal, and nothing unbounded is nested. `test/secrets/redos.test.ts` enforces it.
 */
import {
  decodeBase64Text,
  hasValidJwtHeader,
  isPypiMacaroon,
  privateKeyBodyMagic,
  validCloudflareChecksum,
  validCrc32Base62,
} from './checksums.js';
import type { Confidence, SecretProvider, Verdict } from './types.js';
import { isPlaceholder } from './values.js';

/** Left boundary used instead of `\b`: no letter, digit or underscore right before the token. */
const L = '(?<![A-Za-z0-9_])';
/**
 * Stricter left boundary for tokens whose body may contain `-`/`.`: a start right after `-` would let a
 * long run like `glrt-glrt-glrt-…` restart the bounded body scan at every repetition.
 */
const LD = '(?<![A-Za-z0-9_.-])';
/** Right boundary for tokens over `[A-Za-z0-9]`. */
const R = '(?![A-Za-z0-9_])';
/** Right boundary for tokens that may contain `-`. */
const RD = '(?![A-Za-z0-9_-])';

function re(source: string, flags = 'g'): RegExp {
  return new RegExp(source, flags);
}

const CHECKSUM_FAILED = 'fails its CRC-32 checksum: placeholder, truncated or altered?';

/** GitHub classic / npm: 36 body chars carry a CRC-32; longer bodies are the announced future format. */
function crcVerdict(value: string): Verdict {
  const body = value.slice(value.indexOf('_') + 1);
  if (body.length !== 36) return { confidence: 'likely', note: 'longer than the 40-char format; checksum not checked' };
  return validCrc32Base62(value) ? { confidence: 'confirmed' } : { confidence: 'weak', note: CHECKSUM_FAILED };
}

function githubClassic(prefix: string, id: string, name: string): SecretProvider {
  return {
    id,
    name,
    kind: 'token',
    keywords: [`${prefix}_`],
    pattern: re(`${L}${prefix}_[A-Za-z0-9]{36,251}${R}`),
    confidence: 'likely',
    validate: crcVerdict,
  };
}

function jwtVerdict(value: string): Confidence | null {
  return hasValidJwtHeader(value) ? 'confirmed' : null;
}

/** Private keys: body magic bytes → confirmed; a header without a recognisable body → weak. */
function privateKeyVerdict(value: string): Verdict {
  const magic = privateKeyBodyMagic(value);
  if (magic) return { confidence: 'confirmed' };
  return { confidence: 'weak', note: 'private-key header without a recognisable key body' };
}

/** Same verdict as a catalogue token that spans the whole value (`Bearer ghp_…`, `https://ghp_…@host`). */
export function knownTokenVerdict(value: string): Verdict | null {
  for (const [provider, anchored] of anchoredTokenPatterns()) {
    const m = anchored.exec(value);
    if (!m) continue;
    const raw = provider.validate ? provider.validate(value, m) : provider.confidence;
    if (raw === null) continue;
    return typeof raw === 'string' ? { confidence: raw } : raw;
  }
  return null;
}

let anchoredCache: Array<[SecretProvider, RegExp]> | undefined;
function anchoredTokenPatterns(): Array<[SecretProvider, RegExp]> {
  anchoredCache ??= PROVIDERS.filter((p) => p.kind === 'token' && !p.pattern.source.includes('?<secret>')).map(
    (p) => [p, new RegExp(`^(?:${p.pattern.source})$`, p.pattern.flags.replace('g', ''))],
  );
  return anchoredCache;
}

/** URL userinfo password: drop `x-oauth-basic` (the token is then the user part) and placeholders. */
function urlPasswordVerdict(value: string): Verdict | null {
  if (/^x-oauth-basic$/i.test(value) || isPlaceholder(value)) return null;
  return knownTokenVerdict(value) ?? { confidence: 'likely' };
}

/** Values behind `Authorization:`/API-key headers: a known token keeps its own verdict. */
function headerVerdict(value: string, match: RegExpExecArray): Verdict | null {
  const known = knownTokenVerdict(value);
  if (known) return known;
  if (/^basic$/i.test(match.groups?.scheme ?? '')) {
    const decoded = decodeBase64Text(value);
    if (decoded === null || !decoded.includes(':')) return { confidence: 'weak', note: 'Basic credentials that do not decode to user:password' };
    return isPlaceholder(decoded.slice(decoded.indexOf(':') + 1)) ? null : { confidence: 'likely' };
  }
  return { confidence: 'weak' };
}

/** Database schemes whose userinfo is a database password. */
const DB_SCHEMES =
  '(?:postgres(?:ql)?|mysql(?:x)?|mariadb|mongodb(?:\\+srv)?|redis|rediss|amqps?|mssql|sqlserver|oracle|cockroachdb|clickhouse|couchdb|neo4j(?:\\+s)?|bolt)';
const URL_USER = '(?<user>[^\\s:/?#@"\'`<>]{0,256})';
const URL_PASSWORD = '(?<secret>[^\\s@/"\'`<>]{1,256})';
const URL_HOST = '(?=[^\\s/?#"\'`@<>]{1,256})';

export const PROVIDERS: readonly SecretProvider[] = [
  // --- Cloud providers -------------------------------------------------------------------------------
  {
    id: 'aws-access-key-id',
    name: 'AWS access key ID',
    kind: 'token',
    keywords: ['akia', 'asia', 'abia', 'acca', 'a3t'],
    // gitleaks aws-access-token shape (MIT): current ids are base32 `[A-Z2-7]`.
    pattern: re(`${L}(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}${R}`),
    confidence: 'likely',
    minEntropy: 3.0,
  },
  {
    id: 'aws-secret-access-key',
    name: 'AWS secret access key',
    kind: 'context',
    keywords: ['secret'],
    // No prefix: only next to a `secret(_access)_key` name, in assignments or `aws configure set … <40>`.
    pattern: re(
      `(?<ctx>(?:aws_?)?secret_?(?:access_?)?key)["']?[ \\t]{0,8}(?:=|:|=>|[ \\t])[ \\t]{0,8}["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`,
      'gi',
    ),
    confidence: 'likely',
    minEntropy: 4.0,
    validate: (_value, match) => (/aws/i.test(match.groups?.ctx ?? '') ? 'likely' : 'weak'),
  },
  {
    id: 'google-api-key',
    name: 'Google API key',
    kind: 'token',
    keywords: ['aiza'],
    pattern: re(`${L}AIza[A-Za-z0-9_-]{35}${RD}`),
    confidence: 'likely',
    minEntropy: 3.5,
  },
  {
    id: 'gcp-service-account',
    name: 'Google Cloud service-account key',
    kind: 'token',
    keywords: ['service_account'],
    // Runs only when `service_account` is in the text; the secret is the JSON-escaped private key.
    pattern: re(
      `"private_key"[ \\t]{0,8}:[ \\t]{0,8}"(?<secret>-----BEGIN[ A-Z]{0,40}PRIVATE KEY-----(?:[A-Za-z0-9+/=]|\\\\[nr]|[ \\t]){64,20000}-----END[ A-Z]{0,40}PRIVATE KEY-----(?:\\\\n)?)"`,
    ),
    confidence: 'likely',
    validate: privateKeyVerdict,
  },
  {
    id: 'google-oauth-access-token',
    name: 'Google OAuth access token',
    kind: 'token',
    keywords: ['ya29.'],
    pattern: re(`${L}ya29\\.[A-Za-z0-9_-]{20,2000}${RD}`),
    confidence: 'likely',
  },
  {
    id: 'azure-client-secret',
    name: 'Azure Entra ID client secret',
    kind: 'token',
    keywords: ['q~'],
    // gitleaks azure-ad-client-secret shape (MIT): 3 chars, a digit, `Q~`, 31-34 chars.
    pattern: re('(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])'),
    confidence: 'likely',
    minEntropy: 3.0,
  },
  {
    id: 'azure-storage-account-key',
    name: 'Azure storage account key',
    kind: 'context',
    keywords: ['accountkey'],
    pattern: re('AccountKey[ \\t]{0,4}=[ \\t]{0,4}(?<secret>[A-Za-z0-9+/]{86}==)', 'gi'),
    confidence: 'likely',
  },
  {
    id: 'digitalocean-token',
    name: 'DigitalOcean token',
    kind: 'token',
    keywords: ['dop_v1_', 'doo_v1_', 'dor_v1_'],
    pattern: re(`${L}do[opr]_v1_[a-f0-9]{64}${R}`),
    confidence: 'likely',
  },
  {
    id: 'heroku-api-key',
    name: 'Heroku API key',
    kind: 'token',
    keywords: ['hrku-aa'],
    pattern: re(`${L}HRKU-AA[A-Za-z0-9_-]{58}${RD}`),
    confidence: 'likely',
  },
  {
    id: 'heroku-api-key-legacy',
    name: 'Heroku API key (legacy UUID)',
    kind: 'context',
    keywords: ['heroku'],
    pattern: re(
      `heroku[A-Za-z0-9_.-]{0,30}["']?[ \\t]{0,4}(?:=|:|=>)[ \\t]{0,4}["']?(?<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![0-9A-Za-z-])`,
      'gi',
    ),
    confidence: 'weak',
  },
  {
    id: 'cloudflare-api-token',
    name: 'Cloudflare API token',
    kind: 'token',
    keywords: ['cfk_', 'cfut_', 'cfat_'],
    pattern: re(`${L}(?:cfk|cfut|cfat)_[A-Za-z0-9]{40}[0-9a-f]{8}${R}`),
    confidence: 'likely',
    validate: (value) => (validCloudflareChecksum(value) ? 'confirmed' : 'likely'),
  },
  {
    id: 'databricks-token',
    name: 'Databricks token',
    kind: 'token',
    keywords: ['dapi'],
    pattern: re(`${L}dapi[a-f0-9]{32}(?:-\\d)?${RD}`),
    confidence: 'likely',
    minEntropy: 3.0,
  },

  // --- Source hosting / CI -----------------------------------------------------------------------------
  githubClassic('ghp', 'github-pat-classic', 'GitHub personal access token (classic)'),
  githubClassic('gho', 'github-oauth-token', 'GitHub OAuth access token'),
  githubClassic('ghu', 'github-user-to-server-token', 'GitHub user-to-server token'),
  githubClassic('ghs', 'github-server-to-server-token', 'GitHub server-to-server token'),
  githubClassic('ghr', 'github-refresh-token', 'GitHub refresh token'),
  {
    id: 'github-pat-fine-grained',
    name: 'GitHub fine-grained personal access token',
    kind: 'token',
    keywords: ['github_pat_'],
    pattern: re(`${L}github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}${R}`),
    confidence: 'likely',
  },
  {
    id: 'github-app-installation-token',
    name: 'GitHub App installation token (JWT format)',
    kind: 'token',
    keywords: ['ghs_'],
    pattern: re(`${L}ghs_[0-9]{1,20}_eyJ[A-Za-z0-9_-]{5,1000}\\.[A-Za-z0-9_-]{5,10000}\\.[A-Za-z0-9_-]{5,1000}${RD}`),
    confidence: 'likely',
    validate: (value) => {
      const jwt = value.slice(value.indexOf('_', 4) + 1);
      return hasValidJwtHeader(jwt) ? 'confirmed' : { confidence: 'weak', note: 'JWT header does not decode' };
    },
  },
  {
    id: 'gitlab-pat',
    name: 'GitLab personal access token',
    kind: 'token',
    keywords: ['glpat-'],
    // Self-managed instances may prepend an upper-case instance prefix (gitlab-org/gitlab#388379).
    pattern: re(`${LD}(?:[A-Z]{1,20}-)?glpat-[A-Za-z0-9_-]{20}(?![A-Za-z0-9_.-])`),
    confidence: 'likely',
    minEntropy: 3.0,
  },
  {
    id: 'gitlab-pat-routable',
    name: 'GitLab personal access token (routable)',
    kind: 'token',
    keywords: ['glpat-'],
    pattern: re(`${LD}(?:[A-Z]{1,20}-)?glpat-[A-Za-z0-9_-]{27,300}\\.[0-9a-z]{2}[0-9a-z]{7}${RD}`),
    confidence: 'likely',
    minEntropy: 3.5,
  },
  {
    id: 'gitlab-token',
    name: 'GitLab token',
    kind: 'token',
    keywords: ['gldt-', 'glrt-', 'glcbt-', 'glptt-', 'glft-', 'glsoat-', 'gloas-', 'glimt-', 'glagent-', 'glffct-', 'gr1348941'],
    pattern: re(
      `${LD}(?:(?:gldt|glrt|glcbt|glptt|glft|glsoat|gloas|glimt|glagent|glffct)-[A-Za-z0-9_-][A-Za-z0-9_.-]{18,298}[A-Za-z0-9_-]|GR1348941[A-Za-z0-9_-]{20,50})${RD}`,
    ),
    confidence: 'likely',
    minEntropy: 3.0,
  },
  {
    id: 'atlassian-api-token',
    name: 'Atlassian API token',
    kind: 'token',
    keywords: ['atatt3'],
    pattern: re(`${L}ATATT3[A-Za-z0-9_=-]{186}(?![A-Za-z0-9_=-])`),
    confidence: 'likely',
  },
  {
    id: 'linear-api-key',
    name: 'Linear API key',
    kind: 'token',
    keywords: ['lin_api_'],
    pattern: re(`${L}lin_api_[A-Za-z0-9]{40}${R}`),
    confidence: 'likely',
  },

  // --- Package registries / artifact stores ------------------------------------------------------------
  {
    id: 'npm-token',
    name: 'npm access token',
    kind: 'token',
    keywords: ['npm_'],
    pattern: re(`${L}npm_[A-Za-z0-9]{36}${R}`),
    confidence: 'likely',
    validate: crcVerdict,
  },
  {
    id: 'npmrc-auth',
    name: 'npm registry credential (.npmrc)',
    kind: 'context',
    keywords: ['_authtoken', '_auth', '_password'],
    pattern: re(
      `(?<![^\\s"'=])//[^\\s:"'\`]{1,256}/:(?:_authToken|_auth|_password)[ \\t]{0,4}=[ \\t]{0,4}(?<secret>[^\\s"'\`]{1,1000})`,
    ),
    confidence: 'likely',
    validate: (value) => knownTokenVerdict(value) ?? 'likely',
  },
  {
    id: 'pypi-token',
    name: 'PyPI API token',
    kind: 'token',
    keywords: ['pypi-age'],
    pattern: re(`${L}pypi-AgE[A-Za-z0-9_-]{50,2000}${RD}`),
    confidence: 'likely',
    validate: (value) => (isPypiMacaroon(value) ? 'confirmed' : { confidence: 'weak', note: 'macaroon header does not decode' }),
  },
  {
    id: 'dockerhub-pat',
    name: 'Docker Hub personal access token',
    kind: 'token',
    keywords: ['dckr_pat_'],
    pattern: re(`${L}dckr_pat_[A-Za-z0-9_-]{27}${RD}`),
    confidence: 'likely',
  },
  {
    id: 'dockerhub-oat',
    name: 'Docker Hub organization access token',
    kind: 'token',
    keywords: ['dckr_oat_'],
    pattern: re(`${L}dckr_oat_[A-Za-z0-9_-]{32}${RD}`),
    confidence: 'likely',
  },
  {
    id: 'docker-config-auth',
    name: 'Docker config.json registry auth',
    kind: 'context',
    keywords: ['"auth"'],
    pattern: re(`"auth"[ \\t]{0,8}:[ \\t]{0,8}"(?<secret>[A-Za-z0-9+/]{8,2000}={0,2})"`),
    confidence: 'likely',
    validate: (value) => {
      const decoded = decodeBase64Text(value);
      if (decoded === null) return null;
      const colon = decoded.indexOf(':');
      if (colon < 0) return null;
      return isPlaceholder(decoded.slice(colon + 1)) ? null : 'likely';
    },
  },
  {
    id: 'docker-config-json',
    name: 'Docker config JSON (base64, .dockerconfigjson)',
    kind: 'context',
    keywords: ['dockerconfigjson', 'dockercfg'],
    pattern: re(`\\.(?:dockerconfigjson|dockercfg)["']?[ \\t]{0,4}:[ \\t]{0,4}\\|?[ \\t]{0,4}["']?(?<secret>e[yw][A-Za-z0-9+/]{20,20000}={0,2})`),
    confidence: 'likely',
    validate: (value) => (/"auths?"/.test(decodeBase64Text(value) ?? '') ? 'likely' : null),
  },
  {
    id: 'jfrog-token',
    name: 'JFrog Artifactory API key / reference token',
    kind: 'token',
    keywords: ['akcp', 'cmvmd'],
    pattern: re(`${L}(?:AKCp[A-Za-z0-9]{69}|cmVmd[A-Za-z0-9]{59})${R}`),
    confidence: 'likely',
    minEntropy: 4.5,
  },
  {
    id: 'terraform-cloud-token',
    name: 'Terraform Cloud / HCP token',
    kind: 'token',
    keywords: ['atlasv1'],
    // gitleaks hashicorp-tf-api-token shape (MIT).
    pattern: re(`${L}[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}(?![A-Za-z0-9_=-])`),
    confidence: 'likely',
  },
  {
    id: 'vault-token',
    name: 'HashiCorp Vault token',
    kind: 'token',
    keywords: ['hvs.', 'hvb.', 'hvr.'],
    pattern: re(`${L}hv[sbr]\\.[A-Za-z0-9_-]{90,300}${RD}`),
    confidence: 'likely',
    minEntropy: 3.5,
  },
  {
    id: 'pulumi-token',
    name: 'Pulumi access token',
    kind: 'token',
    keywords: ['pul-'],
    pattern: re(`${L}pul-[a-f0-9]{40}${RD}`),
    confidence: 'likely',
  },
  {
    id: 'doppler-token',
    name: 'Doppler token',
    kind: 'token',
    keywords: ['dp.pt.'],
    pattern: re(`${L}dp\\.pt\\.[A-Za-z0-9]{43}${R}`),
    confidence: 'likely',
  },
  {
    id: 'onepassword-service-token',
    name: '1Password service-account token',
    kind: 'token',
    keywords: ['ops_eyj'],
    pattern: re(`${L}ops_eyJ[A-Za-z0-9+/]{100,4000}={0,3}(?![A-Za-z0-9+/=])`),
    confidence: 'likely',
  },
  {
    id: 'age-secret-key',
    name: 'age secret key',
    kind: 'token',
    keywords: ['age-secret-key-1'],
    pattern: re(`${L}AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}${R}`),
    confidence: 'likely',
  },

  // --- SaaS APIs ----------------------------------------------------------------------------------------
  {
    id: 'slack-token',
    name: 'Slack token',
    kind: 'token',
    keywords: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxe-', 'xoxo-', 'xoxs-', 'xapp-'],
    pattern: re(
      `${LD}(?:xox[abposre]-[0-9]{6,20}-[A-Za-z0-9-]{10,250}|xapp-\\d-[A-Za-z0-9]{1,20}-\\d{1,20}-[A-Za-z0-9]{10,200})${RD}`,
    ),
    confidence: 'likely',
  },
  {
    id: 'slack-webhook',
    name: 'Slack webhook URL',
    kind: 'token',
    keywords: ['hooks.slack.com'],
    pattern: re('https://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{20,200}(?![A-Za-z0-9+/_-])'),
    confidence: 'likely',
  },
  {
    id: 'stripe-secret-key',
    name: 'Stripe live secret key',
    kind: 'token',
    keywords: ['sk_live_', 'rk_live_'],
    pattern: re(`${L}[rs]k_live_[A-Za-z0-9]{10,247}${R}`),
    confidence: 'likely',
  },
  {
    id: 'stripe-test-key',
    name: 'Stripe test secret key',
    kind: 'token',
    keywords: ['sk_test_', 'rk_test_'],
    // Test keys cannot move money but still grant account access.
    pattern: re(`${L}[rs]k_test_[A-Za-z0-9]{10,247}${R}`),
    confidence: 'weak',
  },
  {
    id: 'openai-api-key',
    name: 'OpenAI API key',
    kind: 'token',
    keywords: ['t3blbkfj'],
    // `T3BlbkFJ` is base64("OpenAI"): a structural marker, hence "confirmed".
    pattern: re(`${L}sk-(?:(?:proj|svcacct|admin|None)-)?[A-Za-z0-9_-]{20,200}T3BlbkFJ[A-Za-z0-9_-]{20,200}${RD}`),
    confidence: 'confirmed',
  },
  {
    id: 'anthropic-api-key',
    name: 'Anthropic API key',
    kind: 'token',
    keywords: ['sk-ant-'],
    pattern: re(`${L}sk-ant-(?:api|admin)0\\d-[A-Za-z0-9_-]{93}AA${RD}`),
    confidence: 'likely',
  },
  {
    id: 'huggingface-token',
    name: 'Hugging Face access token',
    kind: 'token',
    keywords: ['hf_', 'api_org_'],
    pattern: re(`${L}(?:hf_|api_org_)[A-Za-z0-9]{34}${R}`),
    confidence: 'likely',
    minEntropy: 3.0,
  },
  {
    id: 'twilio-api-key',
    name: 'Twilio API key',
    kind: 'token',
    keywords: ['sk'],
    pattern: re(`${L}SK[0-9a-fA-F]{32}${R}`),
    confidence: 'likely',
    minEntropy: 3.0,
  },
  {
    id: 'twilio-auth-token',
    name: 'Twilio auth token',
    kind: 'context',
    keywords: ['twilio'],
    pattern: re(
      `twilio[A-Za-z0-9_.-]{0,30}["']?[ \\t]{0,4}(?:=|:|=>)[ \\t]{0,4}["']?(?<secret>[0-9a-f]{32})(?![0-9A-Za-z])`,
      'gi',
    ),
    confidence: 'weak',
  },
  {
    id: 'sendgrid-api-key',
    name: 'SendGrid API key',
    kind: 'token',
    keywords: ['sg.'],
    pattern: re(`${L}SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}${RD}`),
    confidence: 'likely',
  },
  {
    id: 'mailgun-api-key',
    name: 'Mailgun API key',
    kind: 'token',
    keywords: ['mailgun'],
    // Keyword-gated: `key-<32 hex>` alone is too generic, so the text must mention mailgun.
    pattern: re('(?<![A-Za-z0-9_-])(?:key-[a-f0-9]{32}|[a-h0-9]{32}-[a-h0-9]{8}-[a-h0-9]{8})(?![A-Za-z0-9_-])'),
    confidence: 'weak',
  },
  {
    id: 'shopify-token',
    name: 'Shopify access token',
    kind: 'token',
    keywords: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
    pattern: re(`${L}shp(?:at|ca|pa|ss)_[A-Fa-f0-9]{32}${R}`),
    confidence: 'likely',
  },
  {
    id: 'grafana-token',
    name: 'Grafana token',
    kind: 'token',
    keywords: ['glsa_', 'glc_'],
    pattern: re(`${L}(?:glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,400}={0,3})(?![A-Za-z0-9_+/=])`),
    confidence: 'likely',
  },
  {
    id: 'sentry-token',
    name: 'Sentry auth token',
    kind: 'token',
    keywords: ['sntryu_', 'sntrys_'],
    pattern: re(`${L}(?:sntryu_[a-f0-9]{64}|sntrys_eyJpYXQiO[A-Za-z0-9+/=_-]{20,1000})(?![A-Za-z0-9+/=_-])`),
    confidence: 'likely',
  },
  {
    id: 'planetscale-password',
    name: 'PlanetScale password',
    kind: 'token',
    keywords: ['pscale_pw_'],
    pattern: re(`${L}pscale_pw_[A-Za-z0-9_-][A-Za-z0-9_.=-]{30,62}[A-Za-z0-9_=-]${RD}`),
    confidence: 'likely',
  },
  {
    id: 'postman-api-key',
    name: 'Postman API key',
    kind: 'token',
    keywords: ['pmak-'],
    pattern: re(`${L}PMAK-[a-f0-9]{24}-[a-f0-9]{34}${RD}`),
    confidence: 'likely',
  },
  {
    id: 'newrelic-user-key',
    name: 'New Relic user API key',
    kind: 'token',
    keywords: ['nrak-'],
    pattern: re(`${L}NRAK-[A-Z0-9]{27}${R}`),
    confidence: 'likely',
  },
  {
    id: 'dynatrace-token',
    name: 'Dynatrace API token',
    kind: 'token',
    keywords: ['dt0c01.'],
    pattern: re(`${L}dt0c01\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}${R}`),
    confidence: 'likely',
  },
  {
    id: 'telegram-bot-token',
    name: 'Telegram bot token',
    kind: 'token',
    keywords: ['telegr'],
    pattern: re('(?<![0-9])[0-9]{5,16}:A[A-Za-z0-9_-]{34}(?![A-Za-z0-9_-])'),
    confidence: 'weak',
  },

  // --- Structured secrets --------------------------------------------------------------------------------
  {
    id: 'jwt',
    name: 'JSON Web Token',
    kind: 'token',
    keywords: ['eyj'],
    pattern: re(`${L}eyJ[A-Za-z0-9_-]{10,2000}\\.eyJ[A-Za-z0-9_-]{10,20000}\\.[A-Za-z0-9_-]{10,4000}${RD}`),
    confidence: 'confirmed',
    validate: jwtVerdict,
  },
  {
    id: 'private-key',
    name: 'Private key',
    kind: 'token',
    keywords: ['private key'],
    // Header, optional armor headers, then the body taken atomically via the (?=(…))\1 idiom so that a
    // missing END line cannot trigger backtracking over the body.
    pattern: re(
      '-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----' +
        '(?:[ \\t]{0,8}(?:\\r?\\n|\\\\n)[A-Za-z-]{1,40}: ?[^\\r\\n\\\\]{0,200}){0,4}' +
        '(?=((?:[A-Za-z0-9+/=\\s]|\\\\[nr]){0,20000}))\\1' +
        '(?:-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----)?',
    ),
    confidence: 'weak',
    validate: privateKeyVerdict,
  },
  {
    id: 'putty-private-key',
    name: 'PuTTY private key',
    kind: 'token',
    keywords: ['putty-user-key-file-'],
    pattern: re('PuTTY-User-Key-File-[23]: ?[A-Za-z0-9@.-]{1,60}'),
    confidence: 'likely',
  },
  {
    id: 'ssh2-private-key',
    name: 'SSH2 encrypted private key',
    kind: 'token',
    keywords: ['ssh2 encrypted private key'],
    pattern: re('---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----'),
    confidence: 'likely',
  },

  // --- Credentials in context ------------------------------------------------------------------------------
  {
    id: 'database-connection-string',
    name: 'Database connection string with password',
    kind: 'context',
    keywords: ['://'],
    requires: ['@'],
    pattern: re(`(?<![A-Za-z0-9+.-])${DB_SCHEMES}://${URL_USER}:${URL_PASSWORD}@${URL_HOST}`, 'gi'),
    confidence: 'likely',
    validate: urlPasswordVerdict,
  },
  {
    id: 'url-credentials',
    name: 'Password in URL',
    kind: 'context',
    keywords: ['://'],
    requires: ['@'],
    pattern: re(`(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,20}://${URL_USER}:${URL_PASSWORD}@${URL_HOST}`),
    confidence: 'likely',
    validate: urlPasswordVerdict,
  },
  {
    id: 'url-token',
    name: 'Token in URL',
    kind: 'context',
    keywords: ['://'],
    requires: ['@'],
    // `https://<token>@host`: only reported when the user part is a catalogue token.
    pattern: re(`(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,20}://(?<secret>[^\\s:/?#@"'\`<>]{8,256})@${URL_HOST}`),
    confidence: 'likely',
    validate: (value) => knownTokenVerdict(value),
  },
  {
    id: 'connection-string-password',
    name: 'Password in connection string',
    kind: 'context',
    keywords: ['password=', 'pwd='],
    // ADO.NET / ODBC style `Server=…;User Id=…;Password=…;` — requires a `;` in the neighbourhood.
    pattern: re(`(?<=^|[;"'\\s])(?:password|pwd)[ \\t]{0,4}=[ \\t]{0,4}(?<secret>[^;"'\\s]{1,256})(?=;|["'\\s]|$)`, 'gi'),
    confidence: 'weak',
    validate: (value, match) => {
      const around = match.input.slice(Math.max(0, match.index - 200), match.index + match[0].length + 200);
      if (!/(?:server|data source|host|uid|user id|database)[ \t]{0,4}=[^;]{0,200};/i.test(around)) return null;
      return isPlaceholder(value) ? null : 'weak';
    },
  },
  {
    id: 'authorization-header',
    name: 'Authorization header credential',
    kind: 'context',
    keywords: ['authorization'],
    pattern: re(
      `authorization["']?[ \\t]{0,8}[:=][ \\t]{0,8}(?<scheme>Bearer|Basic|token|Bot|Digest)[ \\t]{1,8}(?<secret>[A-Za-z0-9._~+/=-]{8,4000})(?=$|[\\s"'\`;,)\\]}\\\\])`,
      'gi',
    ),
    confidence: 'weak',
    validate: headerVerdict,
  },
  {
    id: 'api-key-header',
    name: 'API key header credential',
    kind: 'context',
    keywords: ['api-key', 'auth-token', 'private-token', 'api-token'],
    pattern: re(
      `(?:x-api-key|api-key|x-auth-token|private-token|x-goog-api-key|x-api-token|api-token)["']?[ \\t]{0,4}:[ \\t]{0,8}(?<secret>[A-Za-z0-9._~+/=-]{8,4000})(?=$|[\\s"'\`;,)\\]}\\\\])`,
      'gi',
    ),
    confidence: 'weak',
    validate: headerVerdict,
  },
  {
    id: 'nuget-config-password',
    name: 'NuGet config password',
    kind: 'context',
    keywords: ['password'],
    pattern: re(`<add[ \\t]{1,8}key=["'](?:ClearText)?Password["'][ \\t]{1,8}value=["'](?<secret>[^"'<>]{1,512})["']`, 'gi'),
    confidence: 'likely',
  },
  {
    id: 'maven-settings-password',
    name: 'Maven settings password',
    kind: 'context',
    keywords: ['<password>'],
    pattern: re('<password>[ \\t]{0,8}(?<secret>[^<>\\s]{1,512})[ \\t]{0,8}</password>', 'gi'),
    confidence: 'likely',
  },
];

/** Catalogue lookup by id. */
export function providerById(id: string): SecretProvider | undefined {
  return PROVIDERS.find((p) => p.id === id);
}
