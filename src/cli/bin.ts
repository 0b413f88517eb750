#!/usr/bin/env -S node --max-semi-space-size=2
import { runCli } from './main.js';

void runCli();
