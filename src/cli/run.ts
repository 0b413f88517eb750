import { runCli } from './main.js';

void runCli();
