/**
 * Run by the no-codegen tests (test/helpers/no-codegen.ts), with and without the explore page's
 * interpreters: runs the arquero battery (arquero-battery.ts) on the SYNTHETIC tables given as JSON on
 * standard input and prints the results as JSON.
 */
import { readFileSync } from 'node:fs';
import { decodeTables, runBattery } from './arquero-battery.ts';

process.stdout.write(runBattery(decodeTables(readFileSync(0, 'utf8'))));
