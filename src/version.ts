import { PACKAGE_JSON } from './package-root.ts';

/** The tool's version, from package.json, stamped into reports and exports. */
export const TOOL_VERSION: string = PACKAGE_JSON.version;
