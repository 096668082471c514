#!/usr/bin/env node
// Sets the exit code and lets output flush; never calls process.exit().
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
