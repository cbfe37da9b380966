// Stand-in for arquero's src/expression/row-object.js inside the explore page's bundle: the same row
// objects, built by a closure instead of generated code (arquero compiles a row builder with the
// Function constructor, which the page's Content-Security-Policy forbids). Reads a column as arquero's
// generated code does: by index for an array, through `at` for any other column.

export const ROW_OBJECT = 'row_object';

function entriesOf(props) {
  if (Array.isArray(props)) return props.map((prop) => (Array.isArray(prop) ? prop : [prop, prop]));
  if (props instanceof Map) return [...props];
  return Object.entries(props);
}

export function rowObjectBuilder(table, props = table.columnNames()) {
  const fields = entriesOf(props).map(([name, key]) => [name, String(key)]);
  return (row, data) => {
    const object = {};
    for (const [name, key] of fields) {
      const column = data[name];
      object[key] = Array.isArray(column) || ArrayBuffer.isView(column) ? column[row] : column.at(row);
    }
    return object;
  };
}

export function rowObjectCode() {
  throw new Error('arquero row-object code generation is not available in the explore page');
}

export function rowObjectExpression() {
  throw new Error('arquero row-object code generation is not available in the explore page');
}
