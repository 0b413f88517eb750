// The workspace config file's name, alone in a module: the editor's watchers need it at activation,
// before the core (and zod) load.
export const CONFIG_FILE = 'prompt-workbench.yml';
