import { percent, points, pText } from './format.js';
import type { Tone } from './table.js';
import type { VersionSummary } from './versionCompare.js';
import type { SummaryBlock } from './viewModel.js';

// The paired comparison as a summary block: the verdict sentence and its three cards. The
// versions view shows one (before → after), the models view one per model against the first.

export function differenceTone(summary: VersionSummary): Tone {
  return summary.largerThanNoise ? (summary.delta! > 0 ? 'pass' : 'fail') : 'muted';
}

export function differenceBlock(heading: string, summary: VersionSummary): SummaryBlock {
  const tone = differenceTone(summary);
  const same = summary.counts['same-pass'] + summary.counts['same-fail'] + summary.counts.same;
  return {
    heading,
    sentence: summary.verdict,
    tone,
    cards: [
      {
        title: 'Pass rate (paired cases)',
        value: `${percent(summary.beforeRate)} → ${percent(summary.afterRate)}`,
        detail: `${points(summary.delta)} on ${summary.paired} paired case${summary.paired === 1 ? '' : 's'}`,
        tone,
      },
      { title: 'Fixed / broke', value: `${summary.counts.fixed} / ${summary.counts.broke}`, detail: `${same} same` },
      { title: 'Paired test', value: pText(summary.test.pValue), detail: `${summary.test.method}; ${summary.largerThanNoise ? 'larger than noise' : 'within noise'} at α = ${summary.alpha}`, tone },
    ],
  };
}
