// The contract's views as runtime shapes, for checking the server's real
// JSON against contract.ts (test/web-contract.test.ts does, for every view).
// Each shape is typed ShapeOf<its view>, so it cannot leave out or add a
// field of the declared type; checkView catches the server sending more,
// less or something else than the types say.

import type { FlameData, ListReport, TopRow, TreeEdge, TreeEntry, ValueType, ViewHeader, ViewJSON, ViewName } from './contract.js';
import { checkShape, type ShapeOf } from './shape.js';

const strings = { array: 'string' } as const;
const numbers = { array: 'number' } as const;

const HEADER: ShapeOf<ViewHeader>['fields'] = {
  legend: strings,
  warnings: strings,
  sampleType: 'string',
  sampleUnit: 'string',
  outputUnit: 'string',
  total: 'number',
};

const VALUE_TYPE: ShapeOf<ValueType> = { fields: { type: 'string', unit: 'string' } };

const FLAME: ShapeOf<FlameData> = {
  fields: {
    names: strings,
    files: strings,
    frame: numbers,
    depth: numbers,
    cum: numbers,
    self: numbers,
    delta: numbers,
    elided: 'number',
    minValue: 'number',
  },
  optional: { delta: true },
};

const TOP_ROW: ShapeOf<TopRow> = {
  fields: { name: 'string', inlineLabel: 'string', flat: 'number', cum: 'number', flatFormat: 'string', cumFormat: 'string' },
};

const TREE_EDGE: ShapeOf<TreeEdge> = { fields: { name: 'string', inline: 'boolean', weight: 'number' } };

const TREE_ENTRY: ShapeOf<TreeEntry> = {
  fields: { name: 'string', flat: 'number', cum: 'number', callers: { array: TREE_EDGE }, callees: { array: TREE_EDGE } },
};

const LIST: ShapeOf<ListReport> = {
  fields: {
    total: 'number',
    functions: {
      array: {
        fields: {
          name: 'string',
          routines: {
            array: {
              fields: {
                name: 'string',
                file: 'string',
                flat: 'number',
                cum: 'number',
                lines: { array: { fields: { lineno: 'number', text: 'string', flat: 'number', cum: 'number' } } },
                error: 'string',
              },
              optional: { error: true },
            },
          },
        },
      },
    },
  },
};

/** VIEW_SHAPES is the shape of every view's JSON, by view name. */
export const VIEW_SHAPES: { [N in ViewName]: ShapeOf<ViewJSON[N]> } = {
  meta: { fields: { title: 'string', sampleTypes: { array: VALUE_TYPE }, defaultSampleType: 'string', diff: 'boolean' } },
  graph: { fields: { ...HEADER, svg: 'string' } },
  top: { fields: { ...HEADER, labels: strings, rows: { array: TOP_ROW } } },
  flamegraph: { fields: { ...HEADER, flame: FLAME } },
  sandwich: { fields: { ...HEADER, callers: FLAME, callees: FLAME } },
  peek: { fields: { ...HEADER, entries: { array: TREE_ENTRY } } },
  source: { fields: { ...HEADER, list: LIST } },
  tags: { fields: { ...HEADER, text: 'string' } },
};

/** checkView lists how a view's JSON differs from the contract (empty when it conforms). */
export function checkView(name: ViewName, json: unknown): string[] {
  return checkShape(json, VIEW_SHAPES[name]);
}
