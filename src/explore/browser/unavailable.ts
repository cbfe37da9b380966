/**
 * Stand-in for Node-only packages (exceljs, jszip) that modules in the explore page's bundle import but the
 * page never calls (XLSX and zip writing). Any use throws, naming the package.
 */
const name = 'a Node-only package';
const unavailable: Record<string, unknown> = new Proxy(
  {},
  {
    get(_target, key) {
      if (key === '__esModule' || key === 'then' || typeof key === 'symbol') return undefined;
      throw new Error(`${name} (${String(key)}) is not available in the explore page`);
    },
  },
);
export default unavailable;
