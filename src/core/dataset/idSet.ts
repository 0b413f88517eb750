// The ids of any number of cases, to find those used twice as the rows stream by. Each id is kept
// as an 85-bit hash – a 53-bit cyrb53 and 32 bits of a second, differently seeded one – in flat
// typed arrays: ~24 MB for a million ids, where a Set of the strings takes several times that. Two
// ids whose hashes both match are taken to be the same id; for two different ids the odds of that
// are about 2^-85 (a million ids: about one in 2^46 that any two collide).

export interface IdSet {
  /** Adds the id; true when it was there already. */
  add(id: string): boolean;
}

export function idSet(): IdSet {
  let capacity = 1 << 12;
  let size = 0;
  let first = new Float64Array(capacity);
  let second = new Uint32Array(capacity);
  /** Open addressing, linear probing; 0 marks a free slot. */
  const insert = (h1: number, h2: number): boolean => {
    let i = h1 % capacity;
    while (first[i] !== 0) {
      if (first[i] === h1 && second[i] === h2) return true;
      i = (i + 1) & (capacity - 1);
    }
    first[i] = h1;
    second[i] = h2;
    size++;
    return false;
  };
  const grow = () => {
    const [oldFirst, oldSecond] = [first, second];
    capacity *= 2;
    size = 0;
    first = new Float64Array(capacity);
    second = new Uint32Array(capacity);
    for (let i = 0; i < oldFirst.length; i++) if (oldFirst[i] !== 0) insert(oldFirst[i], oldSecond[i]);
  };
  return {
    add(id) {
      if (size * 2 >= capacity) grow();
      return insert(hash53(id, 0) || 1, hash53(id, 1) >>> 0);
    },
  };
}

/** A 53-bit string hash (cyrb53). */
export function hash53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
