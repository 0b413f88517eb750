import type { Diagnostic } from '../diagnostics.js';
import type { EvalCase } from '../dataset/row.js';
import type { CaseStream } from '../dataset/stream.js';
import { imageFile, isRemoteImage, resolveImage, type ImagePolicy, type ImageResult } from './images.js';

// A row's local images are checked as the prompt is prepared – outside the workspace, missing, not
// an image type, too large – as positioned errors on the row before any request is sent; their
// dimensions are kept on the case for the token estimate. The runner checks them again before sending.

export async function checkCaseImages(cases: readonly EvalCase[], policy: ImagePolicy): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  const seen = new Map<string, Promise<ImageResult>>();
  for (const c of cases) {
    if (!c.images?.length) continue;
    for (const reason of await sizeImages(c, seen, policy)) out.push({ file: c.source.file, range: c.source.range, severity: 'error', message: `_images: ${reason}`, code: 'dataset/image' });
  }
  return out;
}

/**
 * Streamed cases with their image sizes filled in as they pass (for the estimate's tile rule), each
 * file's header read once; rows without images pass untouched. Problems are not reported here: the
 * runner checks every image again before sending, and a refused one is an error on its case.
 */
export function withImageSizes(stream: CaseStream, policy: ImagePolicy): CaseStream {
  return {
    ...stream,
    async *batches() {
      const size = imageSizer(policy);
      for await (const batch of stream.batches()) {
        await size(batch);
        yield batch;
      }
    },
  };
}

/** Fills in the image sizes of cases as they pass, each file's header read once per sizer. */
export function imageSizer(policy: ImagePolicy): (cases: readonly EvalCase[]) => Promise<void> {
  const seen = new Map<string, Promise<ImageResult>>();
  return async (cases) => {
    for (const c of cases) if (c.images?.length) await sizeImages(c, seen, policy);
  };
}

/** Sets the case's `imageSizes` (null for remote and refused images), each file read once per `seen`; returns why images were refused. */
async function sizeImages(c: EvalCase, seen: Map<string, Promise<ImageResult>>, policy: ImagePolicy): Promise<string[]> {
  const refused: string[] = [];
  const sizes: EvalCase['imageSizes'] = [];
  for (const ref of c.images ?? []) {
    if (isRemoteImage(ref)) {
      sizes.push(null);
      continue;
    }
    const key = imageFile(ref, c.source.file);
    let pending = seen.get(key);
    if (!pending) seen.set(key, (pending = resolveImage(ref, c.source.file, policy)));
    const result = await pending;
    if (!result.ok) refused.push(result.reason);
    const image = result.ok ? result.image : undefined;
    sizes.push(image?.kind === 'file' && image.width && image.height ? { width: image.width, height: image.height } : null);
  }
  c.imageSizes = sizes;
  return refused;
}
