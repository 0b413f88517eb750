import { z } from 'zod';
import { defineKind, pass } from './kind.js';
import { findPii, PII_KINDS, PII_NAMES, type PiiFinding } from './piiDetectors.js';

// A guardrail measured like quality: the output must not contain personal data. `pii: true` looks
// for every kind; a list (`pii: [email, card]`) for those only.

const schema = z.union([z.literal(true), z.array(z.enum(PII_KINDS)).min(1)]);

/** 1-based line and column of an offset, as editors show them. */
function position(text: string, index: number): string {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return `${line}:${index - before.lastIndexOf('\n')}`;
}

function describe(finding: PiiFinding, text: string): string {
  return `${PII_NAMES[finding.kind]} at ${position(text, finding.index)} (${finding.masked})`;
}

const SHOWN = 3;

export const piiKind = defineKind({
  key: 'pii',
  schema,
  gh: false,
  needsJson: false,
  callsModel: false,
  doc: 'Fails when the output contains an email address, phone number, payment card number (Luhn-checked), IBAN (mod-97-checked) or US SSN; `[email, card, …]` for some kinds only. The reason gives kind and line:column, the value masked.',
  example: true,
  run(spec, ctx) {
    const findings = findPii(ctx.output, spec === true ? PII_KINDS : spec);
    if (findings.length === 0) return pass(true, `no personal data found (${spec === true ? 'any kind' : spec.join(', ')})`);
    const listed = findings.slice(0, SHOWN).map((f) => describe(f, ctx.output));
    const more = findings.length > SHOWN ? ` and ${findings.length - SHOWN} more` : '';
    return pass(false, `contains ${findings.length === 1 ? 'an item' : `${findings.length} items`} of personal data: ${listed.join(', ')}${more}`);
  },
});
