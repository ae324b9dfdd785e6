import { randomBytes } from 'node:crypto';
import type { Account, AccountPatch, AccountRepository, NewAccount } from '@gatehouse/core';
import { int, stringList, text, textOrNull, toJson, type Row } from './columns.ts';
import type { SqliteConnection } from './connection.ts';
import { STORE_ERROR_CODES, storeError } from './errors.ts';
import { transaction } from './transaction.ts';

const COLUMNS = 'id, email, name, password_hash, groups_json, disabled, created_at';

/** E-mail addresses are compared trimmed and lower-cased, both when stored and when looked up. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function createAccountRepository(conn: SqliteConnection): AccountRepository {
  const { db } = conn;
  // ON CONFLICT DO NOTHING: a taken address shows as zero changes, not as a thrown SQLite error.
  const insert = db.prepare(
    `INSERT INTO accounts (${COLUMNS}) VALUES (?, ?, ?, ?, ?, 0, ?) ON CONFLICT (email) DO NOTHING`,
  );
  const byId = db.prepare(`SELECT ${COLUMNS} FROM accounts WHERE id = ?`);
  const byEmail = db.prepare(`SELECT ${COLUMNS} FROM accounts WHERE email = ?`);
  const all = db.prepare(`SELECT ${COLUMNS} FROM accounts ORDER BY created_at, email`);
  const count = db.prepare('SELECT count(*) AS n FROM accounts');
  const update = db.prepare(
    `UPDATE accounts SET name = ?, password_hash = ?, groups_json = ?, disabled = ? WHERE id = ?`,
  );

  const find = (row: Row | undefined) => (row === undefined ? undefined : toAccount(row));

  return {
    create: (account: NewAccount) =>
      conn.run('accounts.create', () => {
        const email = normalizeEmail(account.email);
        if (email === '') {
          throw storeError(STORE_ERROR_CODES.invalid, 'account e-mail address is empty');
        }
        const created: Account = Object.freeze({
          id: `acc_${randomBytes(16).toString('base64url')}`,
          email,
          name: account.name ?? null,
          passwordHash: account.passwordHash ?? null,
          groups: Object.freeze([...(account.groups ?? [])]),
          disabled: false,
          createdAt: conn.clock.now(),
        });
        const { changes } = insert.run(
          created.id,
          email,
          created.name,
          created.passwordHash,
          toJson(created.groups, 'account groups'),
          created.createdAt,
        );
        if (changes === 0) {
          throw storeError(STORE_ERROR_CODES.conflict, `an account for ${email} already exists`);
        }
        return created;
      }),

    findById: (id: string) => conn.run('accounts.findById', () => find(byId.get(id))),

    findByEmail: (email: string) =>
      conn.run('accounts.findByEmail', () => find(byEmail.get(normalizeEmail(email)))),

    list: () => conn.run('accounts.list', () => Object.freeze(all.all().map(toAccount))),

    // Read-merge-write under one write lock, so concurrent patches to different fields both land.
    update: (id: string, patch: AccountPatch) =>
      conn.run('accounts.update', () =>
        transaction(db, () => {
          const row = byId.get(id);
          if (row === undefined) {
            throw storeError(STORE_ERROR_CODES.notFound, `no account with id ${id}`);
          }
          const current = toAccount(row);
          const next: Account = Object.freeze({
            ...current,
            ...(patch.name !== undefined && { name: patch.name }),
            ...(patch.passwordHash !== undefined && { passwordHash: patch.passwordHash }),
            ...(patch.groups !== undefined && { groups: Object.freeze([...patch.groups]) }),
            ...(patch.disabled !== undefined && { disabled: patch.disabled }),
          });
          update.run(
            next.name,
            next.passwordHash,
            toJson(next.groups, 'account groups'),
            next.disabled ? 1 : 0,
            id,
          );
          return next;
        }),
      ),

    count: () => conn.run('accounts.count', () => int(count.get() as Row, 'n')),
  };
}

/** Also reads the PostgreSQL adapter's rows (same column names and encodings). */
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
