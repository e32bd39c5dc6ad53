#!/usr/bin/env node
import { run } from '../dist/sanad.mjs';

process.exitCode = await run(process.argv);
