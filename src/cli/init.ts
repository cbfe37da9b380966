import { initDataset } from '../ingest/init.ts';
import type { MassUnit } from '../schema/codelists.ts';
import { usageError } from '../errors.ts';
import { errorInFlags, parseCommandArgs, yearOption } from './common.ts';
import type { CliCommand } from './io.ts';

const USAGE = `Usage: port-emissions init DIR --code CODE --name NAME --baseline-year YEAR
                           [--mass metric_tonne|short_ton|ton_unspecified] [--programme TEXT]
                           [--baseline-source-title T --baseline-source-url U] [--alias NAME ...] [--json]

Writes a valid starting dataset for a port into DIR (a new or empty folder): the port, the usual source
categories and pollutants with their common aliases, units of the port's tons (--mass; default
ton_unspecified, for sources that do not say short or metric), the port's baseline (CODE_YEAR, declared as
the dataset's default_baseline), empty data files, a README walking from import-table to a report, and
report.json, a report definition that works on the dataset. It holds no figures: bring them in with
import-table --into DIR.

Example:
  port-emissions init my-port --code PORT_X --name "Port of X" --baseline-year 2006 --mass metric_tonne
`;

export const command: CliCommand = {
  name: 'init',
  summary: 'write a starting dataset for a port (codelists, baseline, README, report definition)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        code: { type: 'string' },
        name: { type: 'string' },
        'baseline-year': { type: 'string' },
        mass: { type: 'string', default: 'ton_unspecified' },
        programme: { type: 'string' },
        'baseline-source-title': { type: 'string' },
        'baseline-source-url': { type: 'string' },
        alias: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      true,
    );
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    const [dir, ...extra] = positionals;
    if (!dir || extra.length > 0) throw usageError(dir ? `one folder at a time; found ${positionals.join(' ')}` : 'name the folder to write the dataset into', 'port-emissions init --help');
    const missing = (['code', 'name', 'baseline-year'] as const).filter((name) => !values[name]);
    if (missing.length > 0) throw usageError(`missing ${missing.map((m) => `--${m}`).join(', ')}`, 'port-emissions init --help shows an example');
    const baselineYear = yearOption('baseline-year', values['baseline-year'])!;
    const { resolve } = await import('node:path');
    // The library names its options (baselineYear); this command's messages name the flags (--baseline-year).
    const result = await initDataset(resolve(io.cwd, dir), {
      code: values.code!,
      name: values.name!,
      baselineYear,
      mass: values.mass as MassUnit,
      ...(values.programme === undefined ? {} : { programme: values.programme }),
      ...(values['baseline-source-title'] === undefined ? {} : { baselineSource: { title: values['baseline-source-title'], ...(values['baseline-source-url'] === undefined ? {} : { url: values['baseline-source-url'] }) } }),
      ...(values.alias === undefined ? {} : { aliases: values.alias }),
    }).catch((error: unknown) => {
      throw errorInFlags(error);
    });
    if (values.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else io.stdout(`wrote a starting dataset for ${values.code} to ${result.dir} (baseline ${result.baselineId}, tons in ${result.unit}); next: ${result.dir}/README.md\n`);
    return 0;
  },
};
