#!/usr/bin/env node
import { boundHeapGrowth } from './heap.js';
import { processIo } from './io.js';
import { runCli } from './main.js';

boundHeapGrowth();
const code = await runCli(process.argv.slice(2), processIo());
process.exitCode = code;
