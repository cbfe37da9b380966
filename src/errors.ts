/**
 * The one error type a user of port-emissions sees. It carries where the problem is (file, line, column,
 * or the option at fault), what was found, what was expected, a hint, and the exit code the CLI uses:
 * 1 for data errors, 2 for usage errors.
 */
export interface ErrorLocation {
  /** Path of the file, relative to the dataset folder where there is one. */
  file?: string;
  /** 1-based line number in the file (the header is line 1). */
  line?: number;
  /** Field name (column) the problem is in. */
  column?: string;
}

export interface PortEmissionsErrorOptions {
  exitCode?: 1 | 2;
  location?: ErrorLocation;
  hint?: string;
  /** Further errors collected with this one (e.g. every bad row of a file). */
  details?: readonly DataIssue[];
  cause?: unknown;
}

/** One problem found in input data, with its place. */
export interface DataIssue {
  file: string;
  line?: number;
  column?: string;
  message: string;
  found?: string;
  expected?: string;
  hint?: string;
}

export class PortEmissionsError extends Error {
  readonly exitCode: 1 | 2;
  readonly location: ErrorLocation | undefined;
  readonly hint: string | undefined;
  readonly details: readonly DataIssue[];

  constructor(message: string, options: PortEmissionsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PortEmissionsError';
    this.exitCode = options.exitCode ?? 1;
    this.location = options.location;
    this.hint = options.hint;
    this.details = options.details ?? [];
  }
}

/** A usage error: a bad option or argument (exit code 2). */
export function usageError(message: string, hint?: string): PortEmissionsError {
  return new PortEmissionsError(message, { exitCode: 2, ...(hint === undefined ? {} : { hint }) });
}

/** `file:line:col: message (found X; expected Y) hint`: the line format the CLI prints for data issues. */
export function formatIssue(issue: DataIssue): string {
  const place = [issue.file, issue.line, issue.column].filter((part) => part !== undefined && part !== '').join(':');
  const parts = [`${place}: ${issue.message}`];
  if (issue.found !== undefined) parts.push(`found ${JSON.stringify(issue.found)}`);
  if (issue.expected !== undefined) parts.push(`expected ${issue.expected}`);
  let text = parts.join('; ');
  if (issue.hint) text += ` (${issue.hint})`;
  return text;
}
