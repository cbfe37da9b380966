import { cutForMessage } from './terminal-safe.ts';

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
  /** Field name (column) the problem is in; without a file, the option at fault (a field of the library function's options). */
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
  /** The file the problem is in; '' for a problem with an option, which `column` then names. */
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

/**
 * The same error told with more context: its message, place, issues or hint changed as `changes` says (a
 * hint of `undefined` drops it), the exit code kept, the original as the cause. The one way a stage rewraps
 * an error of a stage below it (a chart's error placed in a report definition; a library option said as its
 * CLI flag).
 */
export function amendError(
  error: PortEmissionsError,
  changes: { message?: string; location?: ErrorLocation; details?: readonly DataIssue[]; hint?: string | undefined },
): PortEmissionsError {
  const location = 'location' in changes ? changes.location : error.location;
  const hint = 'hint' in changes ? changes.hint : error.hint;
  return new PortEmissionsError(changes.message ?? error.message, {
    exitCode: error.exitCode,
    ...(location === undefined ? {} : { location }),
    details: changes.details ?? error.details,
    ...(hint === undefined || hint === '' ? {} : { hint }),
    cause: error,
  });
}

/** A usage error: a bad option or argument (exit code 2). */
export function usageError(message: string, hint?: string): PortEmissionsError {
  return new PortEmissionsError(message, { exitCode: 2, ...(hint === undefined ? {} : { hint }) });
}

/** Longest message text shown whole; a longer one (quoting data) is cut with "... (N more characters)". */
const MESSAGE_LIMIT = 1000;

/**
 * `file:line:col: message (found X; expected Y) hint`: the line format the CLI prints for data issues. The
 * found text is cut to 200 characters and the message to 1,000, each saying how much was left out.
 */
export function formatIssue(issue: DataIssue): string {
  const place = [issue.file, issue.line, issue.column].filter((part) => part !== undefined && part !== '').join(':');
  const parts = [`${place}: ${cutForMessage(issue.message, MESSAGE_LIMIT)}`];
  // A ragged row's `found` is the whole row: cut it, or one wide row puts megabytes on stderr.
  if (issue.found !== undefined) parts.push(`found ${JSON.stringify(cutForMessage(issue.found))}`);
  if (issue.expected !== undefined) parts.push(`expected ${issue.expected}`);
  let text = parts.join('; ');
  if (issue.hint) text += ` (${issue.hint})`;
  return text;
}

// What the operating system's error codes mean, in words an analyst can act on. Node's own texts
// ("ENOTDIR: not a directory, open '/x/.y.tmp-1-ab'") name the code and our temporary paths instead.
const FS_REASONS: Record<string, string> = {
  ENOENT: 'a folder on the way does not exist, or the file is missing',
  EISDIR: 'it is a folder where a file was expected',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'something with that name is already there',
  ENOTEMPTY: 'the folder is not empty',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file is too large for the file system',
  ENAMETOOLONG: 'a file name is too long for the file system',
  ELOOP: 'too many symbolic links on the way',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open on the system',
  EBUSY: 'the file or folder is in use',
  EXDEV: 'the path crosses file systems',
  EIO: 'the disk reported an input/output error',
  EINVAL: 'the path is not valid on this file system',
};

/** The file-system error code of `error` (`ENOSPC`, ...) when it is one this module has words for. */
export function fsErrorCode(error: unknown): string | undefined {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  return typeof code === 'string' && code in FS_REASONS ? code : undefined;
}

/**
 * What a file-system failure means in plain words, with its code for searching: `the disk is full (ENOSPC)`.
 * Errors without a known code give their message without Node's `CODE: ` prefix and trailing syscall.
 */
export function fsErrorReason(error: unknown): string {
  const code = fsErrorCode(error);
  if (code !== undefined) return `${FS_REASONS[code]} (${code})`;
  if (error instanceof Error) {
    const { syscall } = error as NodeJS.ErrnoException;
    let reason = error.message.replace(/^[A-Z]+: /, '');
    if (syscall !== undefined) reason = reason.split(`, ${syscall}`)[0] ?? reason;
    return reason;
  }
  return String(error);
}

/**
 * A file-system failure as the one error type: `Cannot <action> <path>: <reason>`, located at `path`, exit
 * code 1, with a hint that fits the reason.
 */
export function fileSystemError(action: string, path: string, error: unknown, hint?: string): PortEmissionsError {
  const code = fsErrorCode(error);
  const fit =
    hint ??
    (code === 'ENOSPC' || code === 'EDQUOT'
      ? 'free some space and run again; the previous output is unchanged'
      : code === 'EROFS' || code === 'EACCES' || code === 'EPERM'
        ? 'choose a writable place (e.g. with --out)'
        : code === 'ENAMETOOLONG'
          ? 'choose a shorter name'
          : code === 'ENOTDIR' || code === 'EISDIR' || code === 'EEXIST'
            ? 'choose another path, or move what is in the way'
            : undefined);
  return new PortEmissionsError(`Cannot ${action} ${path}: ${fsErrorReason(error)}`, {
    exitCode: 1,
    location: { file: path },
    ...(fit === undefined ? {} : { hint: fit }),
    cause: error,
  });
}
