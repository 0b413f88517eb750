import type { Core } from '../core.js';
import type { LocatedYaml } from '../../core/yamlPositions.js';
import type { Landmark } from './workerProtocol.js';

/**
 * The LocatedYaml of a file the worker parsed: the positions it sent are answered at once; anything
 * else (a run's checks, a placeholder's range) parses the text on the host, once, on first use.
 */
export function remoteYaml(core: Core, text: string, landmarks: readonly Landmark[]): LocatedYaml {
  let full: LocatedYaml | undefined;
  const parsed = () => (full ??= core.parseLocatedYaml(text));
  const known = new Map(landmarks.map((l) => [landmarkKey(l.path, l.key), l.range]));
  return {
    get doc() {
      return parsed().doc;
    },
    rangeOf: (path) => known.get(landmarkKey(path, false)) ?? parsed().rangeOf(path),
    keyRangeOf: (path) => known.get(landmarkKey(path, true)) ?? parsed().keyRangeOf(path),
    positionAt: (offset) => parsed().positionAt(offset),
    lineText: (line) => parsed().lineText(line),
    sourceText: (start, end) => parsed().sourceText(start, end),
    syntaxErrors: (file) => parsed().syntaxErrors(file),
    toJS: (file, node) => parsed().toJS(file, node),
  };
}

function landmarkKey(path: readonly (string | number)[], key: boolean): string {
  return `${key ? 'k' : 'v'}${JSON.stringify(path)}`;
}
