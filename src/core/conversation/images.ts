import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { imageSize } from 'image-size';
import { checkInsideWorkspace } from '../paths.js';

// A row's images: https URLs go as they are; a local file is found relative to the row's file
// (the dataset, or the prompt for inline testData), must stay inside the workspace (the datasets'
// rule), be a PNG, JPEG, GIF or WebP and at most MAX_IMAGE_BYTES, and is sent as a data: URL.

/** OpenAI takes images up to 20 MB (its vision guide); larger files are refused before sending. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

const MEDIA_TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp' };
/** Enough of a file's start for its dimensions (image-size reads headers; JPEG's SOF may follow EXIF). */
const HEADER_BYTES = 512 * 1024;

export interface ImagePolicy {
  /** Local images outside it are refused unless allowOutsideWorkspace. */
  boundary: string;
  allowOutsideWorkspace?: boolean;
}

export type ResolvedImage = { kind: 'url'; ref: string; url: string } | { kind: 'file'; ref: string; file: string; mediaType: string; bytes: number; width?: number; height?: number };

export type ImageResult = { ok: true; image: ResolvedImage } | { ok: false; reason: string };

export function isRemoteImage(ref: string): boolean {
  return /^https:\/\//i.test(ref);
}

/** Where a local image is: relative to the folder of the file holding the row. */
export function imageFile(ref: string, rowFile: string): string {
  return path.resolve(path.dirname(rowFile), ref);
}

/** Checks a row's image and reads its dimensions (not its bytes). */
export async function resolveImage(ref: string, rowFile: string, policy: ImagePolicy): Promise<ImageResult> {
  if (isRemoteImage(ref)) return { ok: true, image: { kind: 'url', ref, url: ref } };
  const file = imageFile(ref, rowFile);
  const mediaType = MEDIA_TYPES[path.extname(file).toLowerCase()];
  if (!mediaType) return { ok: false, reason: `image "${ref}" must be ${Object.keys(MEDIA_TYPES).join(', ')} (or an https: URL)` };
  if (!policy.allowOutsideWorkspace) {
    const inside = await checkInsideWorkspace(file, policy.boundary);
    if (!inside.ok) return { ok: false, reason: `image "${ref}" is refused: ${inside.reason} (set allowOutsideWorkspace: true in prompt-workbench.yml to allow it)` };
  }
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ENOENT' ? `image "${ref}" does not exist` : `image "${ref}" cannot be read: ${(error as Error).message}` };
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return { ok: false, reason: `image "${ref}" is not a file` };
    if (stats.size > MAX_IMAGE_BYTES) return { ok: false, reason: `image "${ref}" is ${mb(stats.size)}, over the ${mb(MAX_IMAGE_BYTES)} limit for an image` };
    const head = new Uint8Array(Math.min(stats.size, HEADER_BYTES));
    await handle.read(head, 0, head.length, 0);
    const size = dimensions(head);
    return { ok: true, image: { kind: 'file', ref, file, mediaType, bytes: stats.size, ...size } };
  } finally {
    await handle.close();
  }
}

function dimensions(head: Uint8Array): { width?: number; height?: number } {
  try {
    const { width, height } = imageSize(head);
    return { width, height };
  } catch {
    // Not an image this library knows, or a header beyond the bytes read: sizes stay unknown.
    return {};
  }
}

/** The URL sent for an image: the https URL, or the file as a data: URL (read now, so it is what is on disk). */
export async function imageUrl(image: ResolvedImage): Promise<string> {
  if (image.kind === 'url') return image.url;
  const bytes = await readFile(image.file);
  if (bytes.length > MAX_IMAGE_BYTES) throw new Error(`image "${image.ref}" is ${mb(bytes.length)}, over the ${mb(MAX_IMAGE_BYTES)} limit for an image`);
  return `data:${image.mediaType};base64,${bytes.toString('base64')}`;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
