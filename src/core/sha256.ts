import * as crypto from 'node:crypto';

// SHA-256 of a short text, on hot paths (a case id per row, a shard per case): Node's one-shot
// crypto.hash allocates no Hash object, which a million rows notice; VS Code's older Node lacks it.

type OneShot = (algorithm: string, data: string, encoding: 'hex' | 'buffer') => string | Buffer;
const oneShot = (crypto as unknown as { hash?: OneShot }).hash;

export const sha256Hex: (text: string) => string = oneShot ? (text) => oneShot('sha256', text, 'hex') as string : (text) => crypto.createHash('sha256').update(text).digest('hex');

export const sha256Bytes: (text: string) => Buffer = oneShot ? (text) => oneShot('sha256', text, 'buffer') as Buffer : (text) => crypto.createHash('sha256').update(text).digest();
