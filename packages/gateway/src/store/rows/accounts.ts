import { randomBytes } from 'node:crypto';
import type { Account, AccountPatch, NewAccount } from '@gatehouse/core';
import type { ColumnValue, Row } from '../sqlite/columns.ts';
import { int, stringList, text, textOrNull, toJson } from '../sqlite/columns.ts';
import { STORE_ERROR_CODES, storeError } from '../sqlite/errors.ts';

/*
 * The `accounts` table as both adapters read and write it (same columns, same encodings): the
 * SQL differs per adapter, the record shape and its rules do not.
 */

export const ACCOUNT_COLUMNS = 'id, email, name, password_hash, groups_json, disabled, created_at';

/** E-mail addresses are compared trimmed and lower-cased, both when stored and when looked up. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function toAccount(row: Row): Account {
  return Object.freeze({
    id: text(row, 'id'),
    email: text(row, 'email'),
    name: textOrNull(row, 'name'),
    passwordHash: textOrNull(row, 'password_hash'),
    groups: stringList(row, 'groups_json'),
    disabled: int(row, 'disabled') === 1,
    createdAt: int(row, 'created_at'),
  });
}

/** A new account's record, with a fresh id; an address that is empty once trimmed is refused. */
export function newAccount(account: NewAccount, now: number): Account {
  const email = normalizeEmail(account.email);
  if (email === '') {
    throw storeError(STORE_ERROR_CODES.invalid, 'account e-mail address is empty');
  }
  return Object.freeze({
    id: `acc_${randomBytes(16).toString('base64url')}`,
    email,
    name: account.name ?? null,
    passwordHash: account.passwordHash ?? null,
    groups: Object.freeze([...(account.groups ?? [])]),
    disabled: false,
    createdAt: now,
  });
}

/** Values for `INSERT INTO accounts (ACCOUNT_COLUMNS)`, `disabled` being the literal 0. */
export function accountInsertValues(a: Account): readonly ColumnValue[] {
  return [a.id, a.email, a.name, a.passwordHash, toJson(a.groups, 'account groups'), a.createdAt];
}

/** `current` with the fields `patch` sets replaced (the others kept). */
export function patchAccount(current: Account, patch: AccountPatch): Account {
  return Object.freeze({
    ...current,
    ...(patch.name !== undefined && { name: patch.name }),
    ...(patch.passwordHash !== undefined && { passwordHash: patch.passwordHash }),
    ...(patch.groups !== undefined && { groups: Object.freeze([...patch.groups]) }),
    ...(patch.disabled !== undefined && { disabled: patch.disabled }),
  });
}

/** Values for `UPDATE accounts SET name, password_hash, groups_json, disabled WHERE id`. */
export function accountUpdateValues(a: Account): readonly ColumnValue[] {
  return [a.name, a.passwordHash, toJson(a.groups, 'account groups'), a.disabled ? 1 : 0, a.id];
}
