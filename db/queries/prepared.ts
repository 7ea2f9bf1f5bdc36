import { getTableColumns, getTableName, type Table } from 'drizzle-orm';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../client.js';

/**
 * Per-database cache of prepared statements. Rebuilding a drizzle query per call costs about
 * ten times a prepared read here, so hot paths prepare once per connection.
 */
const caches = new WeakMap<Db, Map<string, unknown>>();

export function prepared<T>(db: Db, name: string, build: () => T): T {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let stmt = cache.get(name) as T | undefined;
  if (!stmt) cache.set(name, (stmt = build()));
  return stmt;
}

/** A prepared read whose rows come back as `table`'s row type. */
export interface RowQuery<Row> {
  get(params?: Record<string, unknown>): Row | undefined;
  all(params?: Record<string, unknown>): Row[];
}

interface Shape {
  /** `"t"."committee_id" AS "committeeId", …` */
  columns: (alias: string) => string;
  /** `"committee_id" AS "committeeId", …`: the same list unqualified, for a RETURNING clause. */
  returning: string;
  /** Columns whose stored value is not the row's value (booleans, JSON). */
  decoded: [key: string, decode: (v: unknown) => unknown][];
}

/** Column types whose driver value is already the row value. */
const AS_STORED = new Set(['SQLiteInteger', 'SQLiteText', 'SQLiteReal', 'SQLiteNumeric']);
const shapes = new WeakMap<Table, Shape>();

function shapeOf(table: Table): Shape {
  let shape = shapes.get(table);
  if (!shape) {
    const cols = Object.entries(getTableColumns(table));
    shape = {
      columns: (alias) => cols.map(([key, c]) => `"${alias}"."${c.name}" AS "${key}"`).join(', '),
      returning: cols.map(([key, c]) => `"${c.name}" AS "${key}"`).join(', '),
      decoded: cols.filter(([, c]) => !AS_STORED.has(c.columnType)).map(([key, c]) => [key, (v: unknown) => c.mapFromDriverValue(v)]),
    };
    shapes.set(table, shape);
  }
  return shape;
}

/**
 * Turns a row read under `table`'s keys (see `returningColumns`) into the row drizzle returns:
 * booleans and JSON decoded, nulls left null. Decodes in place and returns the same object.
 */
export function decodeRow<T extends Table>(table: T, row: Record<string, unknown>): T['$inferSelect'] {
  return decodeWith(shapeOf(table), row) as T['$inferSelect'];
}

function decodeWith(shape: Shape, row: Record<string, unknown>): Record<string, unknown> {
  for (const [key, fn] of shape.decoded) if (row[key] !== null) row[key] = fn(row[key]);
  return row;
}

/**
 * `table`'s columns under their row keys (`"committee_id" AS "committeeId", …`), for the
 * RETURNING clause of a raw INSERT or UPDATE whose row then goes through `decodeRow`.
 */
export function returningColumns(table: Table): string {
  return shapeOf(table).returning;
}

/**
 * A prepared SELECT of whole `table` rows on the hot path, with drizzle's types but without its
 * per-row mapping (which walks every column object: about half the time of a read here).
 * `sql` receives the column list for the alias (the table's name unless given), e.g.
 * `rowQuery(db, 'member.byId', members, (cols) => \`SELECT ${cols} FROM members WHERE id = @id\`)`.
 */
export function rowQuery<T extends Table>(db: Db, name: string, table: T, sql: (columns: string) => string, alias = getTableName(table)): RowQuery<T['$inferSelect']> {
  return prepared(db, `rows:${name}`, () => {
    const shape = shapeOf(table);
    const stmt: Statement = db.$client.prepare(sql(shape.columns(alias)));
    const decode = (row: Record<string, unknown> | undefined) => (row ? decodeWith(shape, row) : undefined) as T['$inferSelect'] | undefined;
    return {
      get: (params) => decode((params ? stmt.get(params) : stmt.get()) as Record<string, unknown> | undefined),
      all: (params) => ((params ? stmt.all(params) : stmt.all()) as Record<string, unknown>[]).map((r) => decode(r)!),
    };
  });
}
