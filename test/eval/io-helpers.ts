/** Small builders of RelationInfo / column types for the io tests. */
import type { ColumnType, IoSpec, RelationColumn, RelationInfo } from '../../src/check/checked.js';
import { noSpan } from '../../src/base/span.js';

export const num: ColumnType = { kind: 'primitive', carrier: 'number', name: 'number' };
export const uns: ColumnType = { kind: 'primitive', carrier: 'unsigned', name: 'unsigned' };
export const flt: ColumnType = { kind: 'primitive', carrier: 'float', name: 'float' };
export const sym: ColumnType = { kind: 'primitive', carrier: 'symbol', name: 'symbol' };
export const mask: ColumnType = { kind: 'lattice', lattice: 'mask', name: 'mask' };
export const rec = (name: string, ...fields: ColumnType[]): ColumnType => ({ kind: 'record', name, fields });

export function cols(...types: ColumnType[]): RelationColumn[] {
  return types.map((type, i) => ({ name: `c${i}`, type }));
}

export function spec(params: Record<string, string | number | boolean> = {}): IoSpec {
  return { params: new Map(Object.entries(params)), span: noSpan };
}

export function rel(name: string, columns: RelationColumn[], io: { inputs?: IoSpec[]; outputs?: IoSpec[] } = {}): RelationInfo {
  const last = columns[columns.length - 1];
  return {
    name,
    columns,
    ...(last?.type.kind === 'lattice' ? { lattice: last.type.lattice } : {}),
    inputs: io.inputs ?? [],
    outputs: io.outputs ?? [],
    printsize: false,
    span: noSpan,
  };
}
