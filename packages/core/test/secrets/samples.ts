/**
 * One generated sample per catalogue provider: the text to scan, the secret value expected inside it, and
 * the expected confidence. All values come from the seeded PRNG at test time — no real secrets.
 */
import { crc32, type Confidence } from '../../src/secrets/index.js';
import { fakes } from '../../src/testing.js';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const HEX = '0123456789abcdef';

export interface ProviderSample {
  providerId: string;
  /** Text around the secret; `{{S}}` marks where the secret goes. */
  text: string;
  secret: string;
  confidence: Confidence;
  note?: RegExp;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

export function providerSamples(seed = 7): ProviderSample[] {
  const r = fakes.random(seed);
  const s = (alphabet: string, n: number) => r.string(alphabet, n);
  const sample = (providerId: string, text: string, secret: string, confidence: Confidence, note?: RegExp): ProviderSample =>
    note ? { providerId, text, secret, confidence, note } : { providerId, text, secret, confidence };

  const escapedPem = fakes.rsaPrivateKeyPem(seed).replace('RSA PRIVATE', 'PRIVATE').replace('END RSA', 'END').replace(/\n/g, '\\n');
  const cfBody = s(ALNUM, 40);
  const dockerAuth = b64(`deploy:${s(ALNUM, 20)}`);
  const dockerConfigJson = b64(`{"auths":{"registry.example.com":{"auth":"${dockerAuth}"}}}`);
  const basic = b64(`ci:${s(ALNUM, 18)}`);

  return [
    sample('aws-access-key-id', 'ENV AWS_ACCESS_KEY_ID={{S}}', fakes.awsAccessKeyId(seed), 'likely'),
    sample('aws-secret-access-key', 'RUN aws configure set aws_secret_access_key {{S}}', fakes.awsSecretAccessKey(seed), 'likely'),
    sample('google-api-key', 'ENV MAPS_KEY="{{S}}"', fakes.googleApiKey(seed), 'likely'),
    sample(
      'gcp-service-account',
      `{"type": "service_account", "project_id": "p", "private_key": "{{S}}", "client_email": "x@p.iam.gserviceaccount.com"}`,
      escapedPem,
      'confirmed',
    ),
    sample('google-oauth-access-token', 'ENV GOOGLE_OAUTH_ACCESS_TOKEN={{S}}', `ya29.${s(ALNUM + '_-', 80)}`, 'likely'),
    sample('azure-client-secret', 'ENV AZURE_CLIENT_SECRET={{S}}', `${s(ALNUM, 3)}8Q~${s(ALNUM + '_~.-', 34)}`, 'likely'),
    sample(
      'azure-storage-account-key',
      'ENV AZ=DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={{S}};EndpointSuffix=core.windows.net',
      `${s(ALNUM + '+/', 86)}==`,
      'likely',
    ),
    sample('digitalocean-token', 'RUN doctl auth init -t {{S}}', `dop_v1_${s(HEX, 64)}`, 'likely'),
    sample('heroku-api-key', 'ENV HEROKU_API_KEY={{S}}', `HRKU-AA${s(ALNUM + '_-', 58)}`, 'likely'),
    sample(
      'heroku-api-key-legacy',
      'ENV HEROKU_API_KEY={{S}}',
      `${s(HEX, 8)}-${s(HEX, 4)}-${s(HEX, 4)}-${s(HEX, 4)}-${s(HEX, 12)}`,
      'weak',
    ),
    sample('cloudflare-api-token', 'ENV CF={{S}}', `cfut_${cfBody}${crc32(cfBody).toString(16).padStart(8, '0')}`, 'confirmed'),
    sample('databricks-token', 'ENV DATABRICKS_TOKEN={{S}}', `dapi${s(HEX, 32)}`, 'likely'),
    sample('github-pat-classic', 'RUN curl -H "Authorization: Bearer {{S}}" https://api.github.com/user', fakes.githubClassic(seed), 'confirmed'),
    sample('github-oauth-token', 'ENV T={{S}}', fakes.githubClassic(seed, 'gho'), 'confirmed'),
    sample('github-user-to-server-token', 'ENV T={{S}}', fakes.githubClassic(seed, 'ghu'), 'confirmed'),
    sample('github-server-to-server-token', 'ENV T={{S}}', fakes.githubClassic(seed, 'ghs'), 'confirmed'),
    sample('github-refresh-token', 'ENV T={{S}}', fakes.githubClassic(seed, 'ghr'), 'confirmed'),
    sample('github-pat-fine-grained', 'ENV GH_TOKEN={{S}}', `github_pat_${s(ALNUM, 22)}_${s(ALNUM, 59)}`, 'likely'),
    sample('github-app-installation-token', 'ENV GH_TOKEN={{S}}', `ghs_${s(DIGITS, 7)}_${fakes.jwt(seed)}`, 'confirmed'),
    sample('gitlab-pat', 'RUN git clone https://oauth2:{{S}}@gitlab.com/org/repo.git', fakes.gitlabPat(seed), 'likely'),
    sample('gitlab-pat-routable', 'ENV GL={{S}}', `glpat-${s(ALNUM, 30)}.01${s(DIGITS + LOWER, 7)}`, 'likely'),
    sample('gitlab-token', 'RUN gitlab-runner register --token {{S}}', `glrt-${s(ALNUM, 20)}`, 'likely'),
    sample('atlassian-api-token', 'ENV JIRA={{S}}', `ATATT3${s(ALNUM, 186)}`, 'likely'),
    sample('linear-api-key', 'ENV LINEAR={{S}}', `lin_api_${s(ALNUM, 40)}`, 'likely'),
    sample('npm-token', 'RUN npm set //registry.npmjs.org/:_authToken={{S}}', fakes.npmToken(seed), 'confirmed'),
    sample(
      'npmrc-auth',
      'RUN echo "//npm.example.com/:_authToken={{S}}" > .npmrc',
      `${s(HEX, 8)}-${s(HEX, 4)}-${s(HEX, 4)}-${s(HEX, 4)}-${s(HEX, 12)}`,
      'likely',
    ),
    sample('pypi-token', 'RUN twine upload -u __token__ -p {{S}} dist/*', fakes.pypiToken(seed), 'confirmed'),
    sample('dockerhub-pat', 'RUN echo {{S}} | docker login -u me --password-stdin', fakes.dockerHubPat(seed), 'likely'),
    sample('dockerhub-oat', 'ENV DOCKER_TOKEN={{S}}', `dckr_oat_${s(ALNUM, 32)}`, 'likely'),
    sample('docker-config-auth', `RUN echo '{"auths":{"r.example.com":{"auth":"{{S}}"}}}' > /root/.docker/config.json`, dockerAuth, 'likely'),
    sample('docker-config-json', 'data:\n  .dockerconfigjson: {{S}}\n', dockerConfigJson, 'likely'),
    sample('jfrog-token', 'ENV ARTIFACTORY_API_KEY={{S}}', `AKCp${s(ALNUM, 69)}`, 'likely'),
    sample('terraform-cloud-token', 'ENV TFE_TOKEN={{S}}', `${s(ALNUM, 14)}.atlasv1.${s(ALNUM, 66)}`, 'likely'),
    sample('vault-token', 'ENV VAULT_TOKEN={{S}}', `hvs.${s(ALNUM + '_-', 100)}`, 'likely'),
    sample('pulumi-token', 'ENV PULUMI_ACCESS_TOKEN={{S}}', `pul-${s(HEX, 40)}`, 'likely'),
    sample('doppler-token', 'ENV DOPPLER_TOKEN={{S}}', `dp.pt.${s(ALNUM, 43)}`, 'likely'),
    sample('onepassword-service-token', 'ENV OP_SERVICE_ACCOUNT_TOKEN={{S}}', `ops_eyJ${s(ALNUM + '+/', 300)}`, 'likely'),
    sample('age-secret-key', 'ENV SOPS_AGE_KEY={{S}}', `AGE-SECRET-KEY-1${s('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58)}`, 'likely'),
    sample('slack-token', 'ENV SLACK_BOT_TOKEN={{S}}', fakes.slackBotToken(seed), 'likely'),
    sample(
      'slack-webhook',
      'RUN curl -X POST {{S}} -d @msg.json',
      `https://hooks.slack.com/services/T${s(UPPER + DIGITS, 8)}/B${s(UPPER + DIGITS, 10)}/${s(ALNUM, 24)}`,
      'likely',
    ),
    sample('stripe-secret-key', 'ENV STRIPE_SECRET_KEY={{S}}', fakes.stripeLiveKey(seed), 'likely'),
    sample('stripe-test-key', 'ENV STRIPE_SECRET_KEY={{S}}', `sk_test_${s(ALNUM, 24)}`, 'weak'),
    sample('openai-api-key', 'ENV OPENAI_API_KEY={{S}}', fakes.openaiKey(seed), 'confirmed'),
    sample('anthropic-api-key', 'ENV ANTHROPIC_API_KEY={{S}}', fakes.anthropicKey(seed), 'likely'),
    sample('huggingface-token', 'RUN huggingface-cli login --token {{S}}', fakes.huggingfaceToken(seed), 'likely'),
    sample('twilio-api-key', 'ENV TWILIO_API_KEY={{S}}', `SK${s(HEX, 32)}`, 'likely'),
    sample('twilio-auth-token', 'ENV TWILIO_AUTH_TOKEN={{S}}', s(HEX, 32), 'weak'),
    sample('sendgrid-api-key', 'ENV SENDGRID_API_KEY={{S}}', fakes.sendgridKey(seed), 'likely'),
    sample('mailgun-api-key', 'ENV MAILGUN_API_KEY={{S}}', `key-${s(HEX, 32)}`, 'weak'),
    sample('shopify-token', 'ENV SHOPIFY_ACCESS_TOKEN={{S}}', `shpat_${s(HEX, 32)}`, 'likely'),
    sample('grafana-token', 'ENV GRAFANA_TOKEN={{S}}', `glsa_${s(ALNUM, 32)}_${s(HEX, 8)}`, 'likely'),
    sample('sentry-token', 'ENV SENTRY_AUTH_TOKEN={{S}}', `sntryu_${s(HEX, 64)}`, 'likely'),
    sample('planetscale-password', 'ENV PS={{S}}', `pscale_pw_${s(ALNUM, 43)}`, 'likely'),
    sample('postman-api-key', 'ENV POSTMAN_API_KEY={{S}}', `PMAK-${s(HEX, 24)}-${s(HEX, 34)}`, 'likely'),
    sample('newrelic-user-key', 'ENV NEW_RELIC_API_KEY={{S}}', `NRAK-${s(UPPER + DIGITS, 27)}`, 'likely'),
    sample('dynatrace-token', 'ENV DT_API_TOKEN={{S}}', `dt0c01.${s(UPPER + DIGITS, 24)}.${s(UPPER + DIGITS, 64)}`, 'likely'),
    sample('telegram-bot-token', 'ENV TELEGRAM_BOT_TOKEN={{S}}', `${s('123456789', 1)}${s(DIGITS, 8)}:A${s(ALNUM + '_-', 34)}`, 'weak'),
    sample('jwt', 'ENV SESSION={{S}}', fakes.jwt(seed), 'confirmed'),
    sample('private-key', 'COPY <<EOF /root/.ssh/id_rsa\n{{S}}\nEOF', fakes.rsaPrivateKeyPem(seed).trimEnd(), 'confirmed'),
    sample('putty-private-key', 'RUN printf "{{S}}\\nEncryption: none" > key.ppk', 'PuTTY-User-Key-File-3: ssh-ed25519', 'likely'),
    sample('ssh2-private-key', 'COPY <<EOF /k\n{{S}}\nEOF', '---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----', 'likely'),
    sample('database-connection-string', 'ENV DATABASE_URL=postgres://app:{{S}}@db:5432/app', fakes.urlWithCredentials(seed).password, 'likely'),
    sample('url-credentials', 'RUN pip config set global.index-url https://ci:{{S}}@pypi.example.com/simple', `Pw${s(ALNUM, 14)}`, 'likely'),
    sample(
      'connection-string-password',
      'ENV CS="Server=db;Database=app;User Id=sa;Password={{S}};"',
      `Pw${s(ALNUM, 14)}`,
      'weak',
    ),
    sample('authorization-header', 'RUN curl -H "Authorization: Bearer {{S}}" https://api.example.com', s(ALNUM, 32), 'weak'),
    sample('api-key-header', "RUN curl -H 'X-Api-Key: {{S}}' https://api.example.com", s(ALNUM, 32), 'weak'),
    sample('nuget-config-password', '<add key="ClearTextPassword" value="{{S}}" />', `Pw${s(ALNUM, 14)}`, 'likely'),
    sample('maven-settings-password', '<server><id>r</id><password>{{S}}</password></server>', `Pw${s(ALNUM, 14)}`, 'likely'),
    sample('authorization-header', 'RUN curl -H "Authorization: Basic {{S}}" https://api.example.com', basic, 'likely'),
  ];
}

export function render(sample: ProviderSample): { text: string; start: number; end: number } {
  const at = sample.text.indexOf('{{S}}');
  return { text: sample.text.replace('{{S}}', sample.secret), start: at, end: at + sample.secret.length };
}
