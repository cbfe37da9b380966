export * from './fields.ts';
export * from './codelists.ts';
export * from './records.ts';
export * from './units.ts';
export * from './resources.ts';
export * from './datapackage.ts';
export * from './activity.ts';
