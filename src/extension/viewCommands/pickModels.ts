import * as vscode from 'vscode';
import { withTyped, type ModelCandidate } from './modelCandidates.js';

// The models to compare: from the prompt file, the settings, prompt-workbench.yml, past runs, VS
// Code's language models and GitHub Models' catalog, or any provider/model id typed in; 2 to 6 of
// them (more columns stop being readable side by side).

export const MIN_MODELS = 2;
export const MAX_MODELS = 6;

export function pickModels(candidates: readonly ModelCandidate[], preselected: readonly string[]): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem & { model: string }>();
    quickPick.canSelectMany = true;
    quickPick.placeholder = `Pick ${MIN_MODELS}–${MAX_MODELS} models to run side by side`;
    const itemsFor = (list: readonly ModelCandidate[]) => list.map((c) => ({ label: c.model, description: c.from, model: c.model, alwaysShow: c.from === 'typed' }));
    quickPick.items = itemsFor(candidates);
    quickPick.selectedItems = quickPick.items.filter((item) => preselected.includes(item.model)).slice(0, MAX_MODELS);
    // A model id typed into the filter is offered as an item of its own (the filter alone would only hide the rest).
    quickPick.onDidChangeValue((value) => {
      const selected = quickPick.selectedItems.map((item) => item.model);
      quickPick.items = itemsFor(withTyped(candidates, value, selected));
      quickPick.selectedItems = quickPick.items.filter((item) => selected.includes(item.model));
    });
    const describe = () => {
      const n = quickPick.selectedItems.length;
      quickPick.title = n < MIN_MODELS || n > MAX_MODELS ? `Compare models: ${n} selected — pick ${MIN_MODELS} to ${MAX_MODELS}` : `Compare models: ${n} selected`;
    };
    describe();
    let settled = false;
    quickPick.onDidChangeSelection(describe);
    quickPick.onDidAccept(() => {
      const n = quickPick.selectedItems.length;
      if (n < MIN_MODELS || n > MAX_MODELS) return describe();
      settled = true;
      resolve(quickPick.selectedItems.map((item) => item.model));
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      if (!settled) resolve(undefined);
      quickPick.dispose();
    });
    quickPick.show();
  });
}
