import type { AccountPatch, AccountRepository, NewAccount } from '@gatehouse/core';
import { ACCOUNT_COLUMNS, normalizeEmail, patchAccount, toAccount } from '../rows/accounts.ts';
import { accountInsertValues, accountUpdateValues, newAccount } from '../rows/accounts.ts';
import { int } from '../sqlite/columns.ts';
import { STORE_ERROR_CODES, storeError } from '../sqlite/errors.ts';
import type { PostgresConnection } from './connection.ts';

export function createPgAccountRepository(conn: PostgresConnection): AccountRepository {
  const one = async (sql: string, params: readonly unknown[]) =>
    conn.run('accounts.find', async (db) => {
      const row = (await db.query(sql, params)).rows[0];
      return row === undefined ? undefined : toAccount(row);
    });

  return {
    create: (account: NewAccount) =>
      conn.run('accounts.create', async (db) => {
        const created = newAccount(account, conn.clock.now());
        const { rowCount } = await db.query(
          `INSERT INTO accounts (${ACCOUNT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, 0, $6)
           ON CONFLICT (email) DO NOTHING`,
          accountInsertValues(created),
        );
        if (rowCount === 0) {
          throw storeError(
            STORE_ERROR_CODES.conflict,
            `an account for ${created.email} already exists`,
          );
        }
        return created;
      }),

    findById: (id) => one(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = $1`, [id]),
    findByEmail: (email) =>
      one(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE email = $1`, [normalizeEmail(email)]),
    list: () =>
      conn.run('accounts.list', async (db) =>
        Object.freeze(
          (
            await db.query(
              `SELECT ${ACCOUNT_COLUMNS} FROM accounts ORDER BY created_at, email COLLATE "C"`,
            )
          ).rows.map(toAccount),
        ),
      ),

    // Read-merge-write with the row locked (FOR UPDATE), so concurrent patches to different
    // fields on different nodes both land.
    update: (id: string, patch: AccountPatch) =>
      conn.transaction('accounts.update', async (db) => {
        const row = (
          await db.query(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = $1 FOR UPDATE`, [id])
        ).rows[0];
        if (row === undefined) {
          throw storeError(STORE_ERROR_CODES.notFound, `no account with id ${id}`);
        }
        const next = patchAccount(toAccount(row), patch);
        await db.query(
          `UPDATE accounts SET name = $1, password_hash = $2, groups_json = $3, disabled = $4
           WHERE id = $5`,
          accountUpdateValues(next),
        );
        return next;
      }),

    count: () =>
      conn.run('accounts.count', async (db) =>
        int((await db.query('SELECT count(*)::integer AS n FROM accounts')).rows[0] ?? {}, 'n'),
      ),
  };
}
