import { STORE_ERROR_CODES, storeError } from './errors.ts';

/** A row as node:sqlite (or, for the PostgreSQL adapter, `pg`) returns it. */
export type Row = Readonly<Record<string, unknown>>;

/** A value bound to a statement parameter, as both node:sqlite and `pg` take it. */
export type ColumnValue = string | number | null;

// Readers for rows we wrote ourselves: a mismatch means the file was edited by hand or by a
// different program, so it is reported rather than coerced. Messages name the column, never values.

function corrupt(column: string, expected: string): Error {
  return storeError(STORE_ERROR_CODES.corrupt, `stored column ${column} is not ${expected}`);
}

export function text(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw corrupt(column, 'text');
  return value;
}

export function textOrNull(row: Row, column: string): string | null {
  const value = row[column];
  if (value === null) return null;
  if (typeof value !== 'string') throw corrupt(column, 'text or null');
  return value;
}

export function int(row: Row, column: string): number {
  const value = row[column];
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    throw corrupt(column, 'an integer');
  return value;
}

export function intOrNull(row: Row, column: string): number | null {
  return row[column] === null ? null : int(row, column);
}

export function json(row: Row, column: string): unknown {
  try {
    return JSON.parse(text(row, column)) as unknown;
  } catch (error) {
    throw storeError(STORE_ERROR_CODES.corrupt, `stored column ${column} is not JSON`, error);
  }
}

export function stringList(row: Row, column: string): readonly string[] {
  const value = json(row, column);
  if (!Array.isArray(value)) throw corrupt(column, 'a JSON array of strings');
  const list: unknown[] = value;
  if (!list.every((v): v is string => typeof v === 'string')) {
    throw corrupt(column, 'a JSON array of strings');
  }
  return Object.freeze(list);
}

export function jsonObject(row: Row, column: string): Readonly<Record<string, unknown>> {
  const value = json(row, column);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw corrupt(column, 'a JSON object');
  }
  return Object.freeze(value as Record<string, unknown>);
}

/** Serialises a caller's value for a JSON column; `undefined`, functions and BigInts are refused. */
export function toJson(value: unknown, what: string): string {
  let encoded: string | undefined;
  try {
    encoded = JSON.stringify(value);
  } catch (error) {
    throw storeError(STORE_ERROR_CODES.invalid, `${what} cannot be stored as JSON`, error);
  }
  if (encoded === undefined) {
    throw storeError(STORE_ERROR_CODES.invalid, `${what} cannot be stored as JSON`);
  }
  return encoded;
}
