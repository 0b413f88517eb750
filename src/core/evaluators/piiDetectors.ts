// Personal data in a model's output, found by shape and checked where a checksum exists, so that
// order numbers, versions and code do not count: payment card numbers must pass Luhn, IBANs
// mod-97. What is found is reported by kind and position with the value masked – a guardrail's
// report must not become a second leak.

export const PII_KINDS = ['email', 'phone', 'card', 'iban', 'ssn'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

export const PII_NAMES: Record<PiiKind, string> = {
  email: 'email address',
  phone: 'phone number',
  card: 'payment card number',
  iban: 'IBAN',
  ssn: 'US social security number',
};

export interface PiiFinding {
  kind: PiiKind;
  /** Offset in the text (UTF-16 code units). */
  index: number;
  length: number;
  /** The value with all but a few characters hidden. */
  masked: string;
}

interface Candidate {
  index: number;
  text: string;
}

type Detector = (text: string) => Candidate[];

function matches(text: string, re: RegExp, accept: (value: string) => boolean = () => true): Candidate[] {
  return [...text.matchAll(re)].filter((m) => accept(m[0])).map((m) => ({ index: m.index, text: m[0] }));
}

const digitsOf = (value: string) => value.replace(/\D/g, '');

/** The Luhn checksum of payment card numbers (ISO/IEC 7812). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** ISO 13616: the country code and check digits moved to the end, letters as 10..35, mod 97 = 1. */
export function ibanValid(compact: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

// Card numbers: 13–19 digits, written together or in the groups cards print (4-4-4-4, 4-4-4-4-3,
// 4-6-5, 4-6-4, 4-4-4-1) split by spaces or hyphens, starting with 2–6 (Mastercard, Amex, Diners,
// JCB, Visa, Discover, UnionPay), Luhn-valid, not one digit repeated (0000 0000 0000 0000 passes
// Luhn).
const CARD_GROUPS = new Set(['4-4-4-4', '4-4-4-4-3', '4-6-5', '4-6-4', '4-4-4-1']);
const cards: Detector = (text) =>
  matches(text, /(?<![\d-])[2-6]\d{3}(?:[ -]?\d){9,15}(?![\d-])/g, (value) => {
    const digits = digitsOf(value);
    const groups = value.split(/[ -]/).map((g) => g.length);
    const grouped = groups.length === 1 || CARD_GROUPS.has(groups.join('-'));
    return grouped && digits.length >= 13 && digits.length <= 19 && luhnValid(digits) && !/^(\d)\1+$/.test(digits);
  });

// IBANs, compact or in groups of four; the longest run of groups that passes mod-97 counts.
const ibans: Detector = (text) =>
  [...text.matchAll(/(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4}){3,8}(?![A-Za-z0-9])/g)].flatMap((m) => {
    const groups = m[0].split(' ');
    for (let k = groups.length; k >= 1; k--) {
      const value = groups.slice(0, k).join(' ');
      if (ibanValid(value.replace(/ /g, ''))) return [{ index: m.index, text: value }];
    }
    return [];
  });

// SSNs as written (123-45-6789 or 123 45 6789), without the numbers the SSA never issues: area
// 000, 666 or 9xx, group 00, serial 0000.
const ssns: Detector = (text) =>
  matches(text, /(?<![\d-])\d{3}([- ])\d{2}\1\d{4}(?![\d-])/g, (value) => {
    const [area, group, serial] = value.split(/[- ]/);
    return area !== '000' && area !== '666' && !area.startsWith('9') && group !== '00' && serial !== '0000';
  });

// Generic top-level domains people give addresses under; any two-letter country code counts too.
// A fixed list keeps `x@weights.mean` and `user@host.local`-style code out.
const GENERIC_TLDS = new Set(
  'com org net edu gov mil int info biz name pro mobi app dev io ai email mail online site tech cloud xyz club shop store live blog news media agency company solutions consulting digital global group world inc ltd llc gmbh'.split(
    ' ',
  ),
);

// Email addresses, except what code writes with an @: method calls (`a@b.sum(`), SSH remotes
// (`git@github.com:org/repo`), package@version, decorators (no local part).
const emails: Detector = (text) =>
  matches(text, /(?<![\w.%+-])[A-Za-z0-9][\w.%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-]|\.[A-Za-z0-9])(?!\(|:\S)/g, (value) => {
    const tld = value.slice(value.lastIndexOf('.') + 1).toLowerCase();
    return tld.length === 2 || GENERIC_TLDS.has(tld);
  });

// Phone numbers: international (+ and 8–15 digits, E.164's limit, in groups) or North-American
// 3-3-4 with separators. Bare digit runs are left alone: they are more often ids than phones.
const phones: Detector = (text) => [
  ...matches(text, /(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,6}(?![\d-])/g, (value) => {
    const digits = digitsOf(value).length;
    return digits >= 8 && digits <= 15;
  }),
  ...matches(text, /(?<![\d+-])(?:\(\d{3}\) ?|\d{3}[-. ])\d{3}[-. ]\d{4}(?![\d-])/g),
];

const DETECTORS: Record<PiiKind, Detector> = { card: cards, iban: ibans, ssn: ssns, email: emails, phone: phones };
/** Checksummed kinds first, so a card number is not also read as a phone number. */
const ORDER: readonly PiiKind[] = ['card', 'iban', 'ssn', 'email', 'phone'];

export function mask(kind: PiiKind, value: string): string {
  const digits = digitsOf(value);
  switch (kind) {
    case 'email': {
      const [local, domain] = value.split('@');
      const dot = domain.lastIndexOf('.');
      return `${local[0]}***@${domain[0]}***${domain.slice(dot)}`;
    }
    case 'card':
      return `**** ${digits.slice(-4)}`;
    case 'iban':
      return `${value.slice(0, 2)}** … ${value.replace(/ /g, '').slice(-4)}`;
    case 'ssn':
      return `***-**-${digits.slice(-4)}`;
    case 'phone':
      return `*** ${digits.slice(-2)}`;
  }
}

/** Every finding of the given kinds, in text order; a span is claimed by the first kind that finds it. */
export function findPii(text: string, kinds: readonly PiiKind[] = PII_KINDS): PiiFinding[] {
  const found: PiiFinding[] = [];
  const overlaps = (c: Candidate) => found.some((f) => c.index < f.index + f.length && f.index < c.index + c.text.length);
  for (const kind of ORDER) {
    if (!kinds.includes(kind)) continue;
    for (const candidate of DETECTORS[kind](text)) {
      if (overlaps(candidate)) continue;
      found.push({ kind, index: candidate.index, length: candidate.text.length, masked: mask(kind, candidate.text) });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}
