// A small runtime check of JSON against a declared shape: the kind of every
// value, every element of an array, and exactly the fields an object must
// have (none missing, none extra). ShapeOf<T> ties a shape to the TypeScript
// type it describes, so a shape that forgets a field of the type, or names
// one the type lacks, does not compile; checkShape then catches a server
// whose output differs from the type at run time (a spread that adds a
// field, a number sent as a string).

/** Shape describes a JSON value: a scalar kind, an array of one shape, or an object's fields. */
export type Shape =
  | 'string'
  | 'number'
  | 'boolean'
  | { array: Shape }
  | { fields: { [name: string]: Shape }; optional?: { [name: string]: true } };

type OptionalKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];

type FieldsOf<T> = { fields: { [K in keyof T]-?: ShapeOf<Exclude<T[K], undefined>> } } & ([OptionalKeys<T>] extends [never]
  ? { optional?: never }
  : { optional: { [K in OptionalKeys<T>]: true } });

/** ShapeOf is the shape that exactly describes the JSON of type T. */
export type ShapeOf<T> = [T] extends [string]
  ? 'string'
  : [T] extends [number]
    ? 'number'
    : [T] extends [boolean]
      ? 'boolean'
      : T extends readonly (infer E)[]
        ? { array: ShapeOf<E> }
        : T extends object
          ? FieldsOf<T>
          : never;

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** checkShape lists how value differs from shape, one line per difference, each starting with its path ("$.rows[3].name"). */
export function checkShape(value: unknown, shape: Shape, path = '$'): string[] {
  if (typeof shape === 'string') {
    const ok = shape === 'number' ? typeof value === 'number' && Number.isFinite(value) : typeof value === shape;
    return ok ? [] : [`${path}: want ${shape}, got ${kindOf(value)}`];
  }
  if ('array' in shape) {
    if (!Array.isArray(value)) return [`${path}: want array, got ${kindOf(value)}`];
    return value.flatMap((v, i) => checkShape(v, shape.array, `${path}[${i}]`));
  }
  if (kindOf(value) !== 'object') return [`${path}: want object, got ${kindOf(value)}`];
  const obj = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const [name, s] of Object.entries(shape.fields)) {
    if (Object.hasOwn(obj, name)) problems.push(...checkShape(obj[name], s, `${path}.${name}`));
    else if (!shape.optional?.[name]) problems.push(`${path}: missing field ${name}`);
  }
  for (const name of Object.keys(obj)) {
    if (!Object.hasOwn(shape.fields, name)) problems.push(`${path}: extra field ${name}`);
  }
  return problems;
}
