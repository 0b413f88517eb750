import { modelName } from '../modelId.js';

// Input tokens of an image by OpenAI's published tile rule (its vision guide, "Calculating costs"):
// at detail "high" (what "auto" picks for anything but small images) the image is scaled to fit in
// 2048 × 2048, then so that its shorter side is at most 768 px, and costs a base plus a price per
// 512 px tile it covers; at "low" the base alone. The guide gives 85 + 170 per tile for gpt-4o and
// the models priced like it, and 2833 + 5667 per tile for gpt-4o-mini. Other providers count images
// their own way: for them this is a labelled approximation, like every non-OpenAI count.

export const IMAGE_RULE = "OpenAI's tile rule (85 + 170 per 512-px tile at detail high; 2833 + 5667 for gpt-4o-mini)";
/** Assumed for an https image, whose size is not fetched before a run, and for files whose size cannot be read. */
export const UNKNOWN_IMAGE_SIZE = { width: 1024, height: 1024 } as const;

export function imageTokens(width: number, height: number, model: string, detail: 'low' | 'high' = 'high'): number {
  const { base, tile } = /^gpt-4o-mini/.test(modelName(model)) ? { base: 2833, tile: 5667 } : { base: 85, tile: 170 };
  if (detail === 'low' || width <= 0 || height <= 0) return base;
  let w = width;
  let h = height;
  const fit = Math.min(1, 2048 / Math.max(w, h));
  w *= fit;
  h *= fit;
  const shorter = Math.min(1, 768 / Math.min(w, h));
  w *= shorter;
  h *= shorter;
  return base + tile * Math.ceil(w / 512) * Math.ceil(h / 512);
}
