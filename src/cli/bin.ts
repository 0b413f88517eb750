#!/usr/bin/env -S node --max-semi-space-size=4
import { runCli } from './main.js';

void runCli();
