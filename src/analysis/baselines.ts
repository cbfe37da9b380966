/**
 * Which baseline an analysis, chart, command or report measures from. The one rule, used everywhere:
 * the baseline asked for, else the port's own (ports.csv column `baseline`), else the dataset's default
 * (datapackage.json `default_baseline`). Nothing in the code names a baseline: each dataset declares its own.
 */
import { usageError } from '../errors.ts';
import type { Dataset } from '../ingest/dataset.ts';
import { checkBaselineId } from './common.ts';
import { msg } from './messages.ts';

/** What a caller asks for: a baseline id (wins when given) and the port the figures are for. */
export interface BaselineRequest {
  baseline?: string | undefined;
  port?: string | undefined;
}

/**
 * The baseline a port measures from when nobody names one: the port's own (`baseline` in the ports
 * codelist), else the dataset's `default_baseline`; undefined when neither is declared. A combined port
 * without its own takes its members' when they all declare the same one. Without a port: the one all real
 * ports declare (when they agree), else the dataset's default.
 */
export function defaultBaselineId(dataset: Dataset, port?: string): string | undefined {
  const ports = dataset.codelists.ports;
  const ownOf = (code: string): string | undefined => {
    const info = ports.get(code);
    if (!info) return undefined;
    if (info.baseline) return info.baseline;
    if (info.kind === 'combined' && info.members.length > 0) return agreed(info.members.map((m) => ports.get(m)?.baseline));
    return undefined;
  };
  const own = port !== undefined ? ownOf(port) : agreed([...ports.values()].filter((p) => p.kind === 'port').map((p) => p.baseline));
  return own ?? dataset.defaultBaseline;
}

/** The one value all entries share, or undefined when any is missing or they differ. */
function agreed(values: readonly (string | undefined)[]): string | undefined {
  const first = values[0];
  return first !== undefined && values.every((v) => v === first) ? first : undefined;
}

/**
 * The baseline id to use: `request.baseline` when given, else {@link defaultBaselineId} for the port. The id
 * is checked against the dataset's baselines.
 *
 * @throws PortEmissionsError (exit code 2) for an unknown baseline, or when none is given and the dataset
 *   declares no default (the message says where to declare one).
 */
export function baselineFor(dataset: Dataset, request: BaselineRequest = {}): string {
  const id = request.baseline ?? defaultBaselineId(dataset, request.port);
  if (id === undefined) {
    const declared = [...new Set(dataset.records.baselines.map((b) => b.baseline_id))].sort();
    throw usageError(msg.noDefaultBaseline(declared), msg.noDefaultBaselineHint);
  }
  checkBaselineId(dataset, id);
  return id;
}
