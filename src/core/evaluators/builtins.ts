// The `uses: github/<name>` evaluators of gh models, implemented as LLM judges with prompts
// written for this project. Each asks for a 1–5 rating on the last line, scored 0, .25, .5, .75, 1
// like gh models, which passes a case when the score is above 0.

export interface BuiltinJudge {
  /** Case variables the prompt needs besides the output. */
  needs: string[];
  system: string;
  prompt: string;
}

const SCALE = [
  { choice: '1', score: 0 },
  { choice: '2', score: 0.25 },
  { choice: '3', score: 0.5 },
  { choice: '4', score: 0.75 },
  { choice: '5', score: 1 },
];

export const BUILTIN_CHOICES = SCALE;

/** The model gh models uses for its built-ins; `workbench.judgeModel` overrides it. */
export const BUILTIN_JUDGE_MODEL = 'openai/gpt-4o';

const SYSTEM =
  'You grade answers produced by another AI system. Read the rubric and the data, reason briefly, ' + 'then finish with a line of the form "Score: N" where N is a whole number from 1 to 5.';

const FOOTER = '\n\nEnd your reply with the line "Score: N" (N from 1 to 5) and nothing after it.';

export const BUILTIN_EVALUATORS: Record<string, BuiltinJudge> = {
  similarity: {
    needs: ['input', 'expected'],
    system: SYSTEM,
    prompt:
      'Rubric – similarity: how closely the ANSWER conveys the same information as the REFERENCE answer to the QUESTION. ' +
      'Wording may differ; facts and conclusions should match.\n' +
      '1 = unrelated or contradicts the reference; 2 = mostly different; 3 = partly the same; 4 = nearly the same, minor gaps; 5 = equivalent.\n\n' +
      'QUESTION:\n{{input}}\n\nREFERENCE:\n{{expected}}\n\nANSWER:\n{{completion}}' +
      FOOTER,
  },
  coherence: {
    needs: ['input'],
    system: SYSTEM,
    prompt:
      'Rubric – coherence: whether the ANSWER presents its ideas in a logical, connected order that a reader can follow, and addresses the QUESTION. ' +
      '1 = word salad; 2 = fragments with little structure; 3 = understandable but jumpy or out of order; 4 = well organised; 5 = exceptionally clear and well connected.\n\n' +
      'QUESTION:\n{{input}}\n\nANSWER:\n{{completion}}' +
      FOOTER,
  },
  fluency: {
    needs: [],
    system: SYSTEM,
    prompt:
      'Rubric – fluency: the quality of the language of the TEXT alone – grammar, vocabulary, sentence construction, readability. Ignore whether it is correct. ' +
      '1 = barely readable; 2 = frequent errors, very simple; 3 = clear with occasional errors; 4 = fluent and varied, rare slips; 5 = polished and precise.\n\n' +
      'TEXT:\n{{completion}}' +
      FOOTER,
  },
  relevance: {
    needs: ['input'],
    system: SYSTEM,
    prompt:
      'Rubric – relevance: how well the ANSWER addresses what the QUESTION asks, accurately and completely. ' +
      '1 = off-topic; 2 = on topic but wrong; 3 = partly answers, key details missing; 4 = fully answers; 5 = fully answers and adds useful, relevant insight.\n\n' +
      'QUESTION:\n{{input}}\n\nANSWER:\n{{completion}}' +
      FOOTER,
  },
  groundedness: {
    needs: ['input', 'context'],
    system: SYSTEM,
    prompt:
      'Rubric – groundedness: whether the ANSWER to the QUESTION is supported by the CONTEXT and only by it. ' +
      '1 = unrelated to the context; 2 = related topic but does not answer; 3 = answers with claims the context does not support; 4 = correct but incomplete; 5 = correct, complete and fully supported.\n\n' +
      'CONTEXT:\n{{context}}\n\nQUESTION:\n{{input}}\n\nANSWER:\n{{completion}}' +
      FOOTER,
  },
};

/** gh models feeds `expected` as the context of groundedness; a `context` var, when present, wins. */
export function builtinVars(name: string, vars: Readonly<Record<string, unknown>>): Record<string, unknown> {
  if (name === 'groundedness' && !Object.hasOwn(vars, 'context') && Object.hasOwn(vars, 'expected')) return { ...vars, context: vars.expected };
  return { ...vars };
}
