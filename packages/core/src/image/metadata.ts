/**
 * The image's JSON documents: docker-save `manifest.json`, OCI `index.json` / manifests / indexes, and the
 * image config with its history. Parsing is defensive: every field is checked for its type, since the
 * archive may be hostile.
 */

export interface ImageDescriptorRef {
  /** Reference shown to users: a tag, else a digest. */
  ref: string;
  platform?: string;
  /** Member name of the config JSON. */
  configMember: string;
  configDigest?: string;
  /** Member names of the layers, bottom first. */
  layerMembers: string[];
}

export interface HistoryEntry {
  createdBy: string;
  comment: string;
  emptyLayer: boolean;
}

export interface ImageConfig {
  env: string[];
  labels: Record<string, string>;
  /** Every other field of `config` (Cmd, Entrypoint…) plus author, for the token scan. */
  otherText: Array<{ field: string; text: string }>;
  history: HistoryEntry[];
  diffIds: string[];
  platform?: string;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `sha256:<hex>` → `blobs/sha256/<hex>`; anything that is not a plain digest is refused (no path games). */
export function blobMember(digest: unknown): string | undefined {
  if (typeof digest !== 'string') return undefined;
  const m = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]{16,256})$/.exec(digest);
  return m ? `blobs/${m[1]}/${m[2]}` : undefined;
}

function platformOf(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  const os = str(value.os);
  const arch = str(value.architecture);
  if (!os || !arch) return undefined;
  const variant = str(value.variant);
  return `${os}/${arch}${variant ? `/${variant}` : ''}`;
}

/** Member names are archive-relative, `/`-separated, without `./`. */
export function memberName(name: string): string {
  return name.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '').replace(/^\/+/, '');
}

/** Images of a docker-save `manifest.json`. */
export function classicImages(manifest: unknown, warnings: string[]): ImageDescriptorRef[] {
  if (!Array.isArray(manifest)) {
    warnings.push('manifest.json is not a list: ignored');
    return [];
  }
  const images: ImageDescriptorRef[] = [];
  for (const entry of manifest.slice(0, 100)) {
    if (!isObject(entry)) continue;
    const config = str(entry.Config);
    const layers = Array.isArray(entry.Layers) ? entry.Layers.filter((l): l is string => typeof l === 'string') : [];
    if (!config) {
      warnings.push('manifest.json entry without Config: ignored');
      continue;
    }
    const tags = Array.isArray(entry.RepoTags) ? entry.RepoTags.filter((t): t is string => typeof t === 'string') : [];
    const configMember = memberName(config);
    const configDigest = digestFromMember(configMember);
    images.push({
      ref: tags[0] ?? shortDigest(configDigest) ?? configMember,
      configMember,
      ...(configDigest ? { configDigest } : {}),
      layerMembers: layers.map(memberName),
    });
  }
  return images;
}

function digestFromMember(member: string): string | undefined {
  const blob = /^blobs\/([a-z0-9]+)\/([a-f0-9]{64})$/.exec(member);
  if (blob) return `${blob[1]}:${blob[2]}`;
  const classic = /^([a-f0-9]{64})\.json$/.exec(member);
  return classic ? `sha256:${classic[1]}` : undefined;
}

export function shortDigest(digest: string | undefined): string | undefined {
  return digest ? digest.replace(/^(sha256:[a-f0-9]{12})[a-f0-9]*$/, '$1') : undefined;
}

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);

/**
 * Images of an OCI layout's `index.json`, following nested indexes (depth ≤ 4). Attestation manifests
 * (platform `unknown/unknown`) are skipped; `platform` keeps only that platform.
 */
export function ociImages(index: unknown, readJson: (member: string) => unknown, platform: string | undefined, warnings: string[]): ImageDescriptorRef[] {
  const images: ImageDescriptorRef[] = [];
  const seen = new Set<string>();
  const visit = (doc: unknown, depth: number, inheritedRef: string | undefined): void => {
    if (!isObject(doc) || !Array.isArray(doc.manifests)) return;
    for (const descriptor of doc.manifests.slice(0, 256)) {
      if (!isObject(descriptor)) continue;
      const member = blobMember(descriptor.digest);
      if (!member || seen.has(member)) continue;
      seen.add(member);
      const annotations = isObject(descriptor.annotations) ? descriptor.annotations : {};
      const ref = str(annotations['io.containerd.image.name']) ?? str(annotations['org.opencontainers.image.ref.name']) ?? inheritedRef;
      const descriptorPlatform = platformOf(descriptor.platform);
      if (descriptorPlatform === 'unknown/unknown') continue;
      const body = readJson(member);
      if (body === undefined) {
        warnings.push(`${member} (${str(descriptor.mediaType) ?? 'manifest'}) is missing or unreadable: skipped`);
        continue;
      }
      const mediaType = str(descriptor.mediaType) ?? (isObject(body) ? str(body.mediaType) : undefined);
      if ((mediaType && INDEX_TYPES.has(mediaType)) || (isObject(body) && Array.isArray(body.manifests))) {
        if (depth >= 4) warnings.push(`${member}: indexes nested deeper than 4: skipped`);
        else visit(body, depth + 1, ref);
        continue;
      }
      if (!isObject(body) || !isObject(body.config) || !Array.isArray(body.layers)) {
        warnings.push(`${member}: not an image manifest: skipped`);
        continue;
      }
      if (platform && descriptorPlatform && descriptorPlatform !== platform) continue;
      const configMember = blobMember(body.config.digest);
      if (!configMember) continue;
      const configDigest = str(body.config.digest);
      images.push({
        ref: ref ?? shortDigest(configDigest) ?? member,
        ...(descriptorPlatform ? { platform: descriptorPlatform } : {}),
        configMember,
        ...(configDigest ? { configDigest } : {}),
        layerMembers: body.layers.map((layer) => (isObject(layer) ? blobMember(layer.digest) : undefined) ?? '<invalid layer digest>'),
      });
    }
  };
  visit(index, 0, undefined);
  return images;
}

export function parseConfig(doc: unknown): ImageConfig | undefined {
  if (!isObject(doc)) return undefined;
  const config = isObject(doc.config) ? doc.config : {};
  const env = Array.isArray(config.Env) ? config.Env.filter((e): e is string => typeof e === 'string') : [];
  const labels: Record<string, string> = {};
  if (isObject(config.Labels)) for (const [key, value] of Object.entries(config.Labels)) if (typeof value === 'string') labels[key] = value;
  const otherText: Array<{ field: string; text: string }> = [];
  for (const [field, value] of Object.entries(config)) {
    if (field === 'Env' || field === 'Labels' || value === null || value === undefined) continue;
    otherText.push({ field, text: typeof value === 'string' ? value : JSON.stringify(value) });
  }
  for (const field of ['author', 'comment'] as const) {
    const value = str(doc[field]);
    if (value) otherText.push({ field, text: value });
  }
  const history: HistoryEntry[] = Array.isArray(doc.history)
    ? doc.history.filter(isObject).map((h) => ({ createdBy: str(h.created_by) ?? '', comment: str(h.comment) ?? '', emptyLayer: h.empty_layer === true }))
    : [];
  const rootfs = isObject(doc.rootfs) ? doc.rootfs : {};
  const diffIds = Array.isArray(rootfs.diff_ids) ? rootfs.diff_ids.filter((d): d is string => typeof d === 'string') : [];
  const platform = platformOf(doc);
  return { env, labels, otherText, history, diffIds, ...(platform ? { platform } : {}) };
}

export interface BuildArgInHistory {
  name: string;
  value: string;
}

/**
 * Build args recorded at the start of a RUN entry: `RUN |2 A=x B=y /bin/sh -c …` (BuildKit) or
 * `|2 A=x B=y /bin/sh -c …` (the classic builder). Values are written unquoted, one word each.
 */
export function recordedBuildArgs(createdBy: string): { args: BuildArgInHistory[]; command: string } {
  const m = /^(?:RUN )?\|(\d{1,4}) /.exec(createdBy);
  if (!m) return { args: [], command: createdBy };
  const count = Number(m[1]);
  let rest = createdBy.slice(m[0].length);
  const args: BuildArgInHistory[] = [];
  for (let i = 0; i < count; i++) {
    const arg = /^([A-Za-z_][A-Za-z0-9_.-]*)=(\S*)(?: |$)/.exec(rest);
    if (!arg) break;
    args.push({ name: arg[1] as string, value: arg[2] as string });
    rest = rest.slice(arg[0].length);
  }
  return { args, command: rest };
}
