import type { AccountPatch, AccountRepository, NewAccount } from '@gatehouse/core';
import { ACCOUNT_COLUMNS, normalizeEmail, patchAccount, toAccount } from '../rows/accounts.ts';
import { accountInsertValues, accountUpdateValues, newAccount } from '../rows/accounts.ts';
import { int, type Row } from './columns.ts';
import type { SqliteConnection } from './connection.ts';
import { STORE_ERROR_CODES, storeError } from './errors.ts';
import { transaction } from './transaction.ts';

export function createAccountRepository(conn: SqliteConnection): AccountRepository {
  const { db } = conn;
  // ON CONFLICT DO NOTHING: a taken address shows as zero changes, not as a thrown SQLite error.
  const insert = db.prepare(
    `INSERT INTO accounts (${ACCOUNT_COLUMNS}) VALUES (?, ?, ?, ?, ?, 0, ?) ON CONFLICT (email) DO NOTHING`,
  );
  const byId = db.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = ?`);
  const byEmail = db.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE email = ?`);
  const all = db.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM accounts ORDER BY created_at, email`);
  const count = db.prepare('SELECT count(*) AS n FROM accounts');
  const update = db.prepare(
    `UPDATE accounts SET name = ?, password_hash = ?, groups_json = ?, disabled = ? WHERE id = ?`,
  );

  const find = (row: Row | undefined) => (row === undefined ? undefined : toAccount(row));

  return {
    create: (account: NewAccount) =>
      conn.run('accounts.create', () => {
        const created = newAccount(account, conn.clock.now());
        const { changes } = insert.run(...accountInsertValues(created));
        if (changes === 0) {
          throw storeError(
            STORE_ERROR_CODES.conflict,
            `an account for ${created.email} already exists`,
          );
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
          const next = patchAccount(toAccount(row), patch);
          update.run(...accountUpdateValues(next));
          return next;
        }),
      ),

    count: () => conn.run('accounts.count', () => int(count.get() as Row, 'n')),
  };
}
