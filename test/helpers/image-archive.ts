// Synthetic image archives for reader tests: docker-save classic layout, OCI layout (dir or tar), layers raw,
// gzip or zstd (zstd through Debian's `zstd` CLI: Node 20's zlib cannot compress it). Built in memory.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';

export interface EntrySpec {
  name: string;
  content?: string | Buffer;
  type?: 'file' | 'directory' | 'symlink' | 'link';
  linkname?: string;
  /** Declared size when it must differ from the content (hostile archives). */
  size?: number;
}

export type LayerCompression = 'none' | 'gzip' | 'zstd';

export interface ImageSpec {
  tag?: string;
  layers: EntrySpec[][];
  /** One entry per layer by default (`created_by` = `layer N`). */
  history?: Array<{ created_by: string; empty_layer?: boolean; comment?: string }>;
  env?: string[];
  labels?: Record<string, string>;
  platform?: { os: string; architecture: string };
}

export async function tarOf(entries: readonly EntrySpec[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pack.on('data', (c: Buffer) => chunks.push(c));
    pack.on('end', () => resolve(Buffer.concat(chunks)));
    pack.on('error', reject);
  });
  for (const entry of entries) {
    const type = entry.type ?? 'file';
    const body = entry.content === undefined ? undefined : Buffer.isBuffer(entry.content) ? entry.content : Buffer.from(entry.content);
    await new Promise<void>((resolve, reject) => {
      const header: tar.Headers = { name: entry.name, type, mode: type === 'directory' ? 0o755 : 0o644, mtime: new Date(0) };
      if (entry.linkname !== undefined) header.linkname = entry.linkname;
      if (type === 'file') header.size = body?.length ?? 0;
      pack.entry(header, type === 'file' ? (body ?? Buffer.alloc(0)) : undefined, (error) => (error ? reject(error) : resolve()));
    });
  }
  pack.finalize();
  return done;
}

export function compress(data: Buffer, compression: LayerCompression): Buffer {
  if (compression === 'gzip') return gzipSync(data);
  if (compression === 'zstd') return execFileSync('zstd', ['-q', '-c', '-3'], { input: data, maxBuffer: 1 << 30 });
  return data;
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

function configOf(spec: ImageSpec, diffIds: string[]): Buffer {
  const history = spec.history ?? spec.layers.map((_, i) => ({ created_by: `layer ${i + 1}` }));
  return Buffer.from(
    JSON.stringify({
      architecture: spec.platform?.architecture ?? 'amd64',
      os: spec.platform?.os ?? 'linux',
      config: { Env: spec.env ?? ['PATH=/usr/bin:/bin'], Labels: spec.labels ?? {}, Cmd: ['sh'] },
      rootfs: { type: 'layers', diff_ids: diffIds.map((d) => `sha256:${d}`) },
      history,
    }),
  );
}

/** `docker save` as Docker 20.10 writes it: `<id>/layer.tar`, `<config>.json`, `manifest.json`, `repositories`. */
export async function classicArchive(spec: ImageSpec): Promise<Buffer> {
  const layers = await Promise.all(spec.layers.map((entries) => tarOf(entries)));
  const diffIds = layers.map((layer) => sha256(layer));
  const config = configOf(spec, diffIds);
  const configName = `${sha256(config)}.json`;
  const members: EntrySpec[] = [];
  const layerNames: string[] = [];
  layers.forEach((layer, i) => {
    const id = sha256(`${diffIds[i]}-${i}`);
    members.push({ name: `${id}/`, type: 'directory' }, { name: `${id}/VERSION`, content: '1.0' }, { name: `${id}/layer.tar`, content: layer });
    layerNames.push(`${id}/layer.tar`);
  });
  members.push({ name: configName, content: config });
  const tag = spec.tag ?? 'app:latest';
  members.push({ name: 'manifest.json', content: JSON.stringify([{ Config: configName, RepoTags: [tag], Layers: layerNames }]) });
  members.push({ name: 'repositories', content: '{}' });
  return tarOf(members);
}

/** OCI image layout members (`oci-layout`, `index.json`, `blobs/sha256/…`), one or more platforms. */
export async function ociMembers(specs: readonly ImageSpec[], compression: LayerCompression = 'gzip', asIndex = specs.length > 1): Promise<Map<string, Buffer>> {
  const members = new Map<string, Buffer>();
  const blob = (data: Buffer) => {
    const digest = sha256(data);
    members.set(`blobs/sha256/${digest}`, data);
    return { digest: `sha256:${digest}`, size: data.length };
  };
  const manifests = [];
  for (const spec of specs) {
    const layers = await Promise.all(spec.layers.map((entries) => tarOf(entries)));
    const config = configOf(spec, layers.map((layer) => sha256(layer)));
    const layerType = `application/vnd.oci.image.layer.v1.tar${compression === 'none' ? '' : `+${compression}`}`;
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...blob(config) },
        layers: layers.map((layer) => ({ mediaType: layerType, ...blob(compress(layer, compression)) })),
      }),
    );
    manifests.push({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      ...blob(manifest),
      platform: { os: spec.platform?.os ?? 'linux', architecture: spec.platform?.architecture ?? 'amd64' },
      annotations: { 'org.opencontainers.image.ref.name': spec.tag ?? 'app:latest' },
    });
  }
  let top: unknown = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests };
  if (asIndex) {
    const nested = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }));
    top = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [{ mediaType: 'application/vnd.oci.image.index.v1+json', ...blob(nested), annotations: { 'org.opencontainers.image.ref.name': specs[0]?.tag ?? 'app:latest' } }],
    };
  }
  members.set('oci-layout', Buffer.from('{"imageLayoutVersion":"1.0.0"}'));
  members.set('index.json', Buffer.from(JSON.stringify(top)));
  return members;
}

export async function ociTar(members: Map<string, Buffer>): Promise<Buffer> {
  return tarOf([...members].map(([name, content]) => ({ name, content })));
}

export async function writeMembers(dir: string, members: Map<string, Buffer>): Promise<string> {
  for (const [name, content] of members) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return dir;
}
