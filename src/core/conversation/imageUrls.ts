import type { ChatMessage } from '../chat.js';
import { imageUrl, resolveImage, type ImagePolicy } from './images.js';

// Right before a case is sent, its local images are checked again (the file may have changed since
// the prompt was prepared) and read into data: URLs. Only the request carries them; the run record
// keeps the messages with the images as the row wrote them.

export type SentMessages = { ok: true; messages: ChatMessage[] } | { ok: false; reason: string };

export async function withImageUrls(messages: ChatMessage[], rowFile: string, policy: ImagePolicy): Promise<SentMessages> {
  if (!messages.some((m) => m.images?.length)) return { ok: true, messages };
  const out: ChatMessage[] = [];
  for (const m of messages) {
    if (!m.images?.length) {
      out.push(m);
      continue;
    }
    const images = [];
    for (const image of m.images) {
      const resolved = await resolveImage(image.ref, rowFile, policy);
      if (!resolved.ok) return { ok: false, reason: resolved.reason };
      try {
        images.push({ ref: image.ref, url: await imageUrl(resolved.image) });
      } catch (error) {
        return { ok: false, reason: (error as Error).message };
      }
    }
    out.push({ ...m, images });
  }
  return { ok: true, messages: out };
}
