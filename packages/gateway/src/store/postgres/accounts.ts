import { randomBytes } from 'node:crypto';
import type { Account, AccountPatch, AccountRepository, NewAccount } from '@gatehouse/core';
import { int, toJson } from '../sqlite/columns.ts';
import { normalizeEmail, toAccount } from '../sqlite/accounts.ts';
import { STORE_ERROR_CODES, storeError } from '../sqlite/errors.ts';
import type { PostgresConnection } from './connection.ts';

const COLUMNS = 'id, email, name, password_hash, groups_json, disabled, created_at';

export function createPgAccountRepository(conn: PostgresConnection): AccountRepository {
  const one = async (sql: string, params: readonly unknown[]) =>
    conn.run('accounts.find', async (db) => {
      const row = (await db.query(sql, params)).rows[0];
      return row === undefined ? undefined : toAccount(row);
    });

  return {
    create: (account: NewAccount) =>
      conn.run('accounts.create', async (db) => {
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
        const { rowCount } = await db.query(
          `INSERT INTO accounts (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, 0, $6)
           ON CONFLICT (email) DO NOTHING`,
          [
            created.id,
            email,
            created.name,
            created.passwordHash,
            toJson(created.groups, 'account groups'),
            created.createdAt,
          ],
        );
        if (rowCount === 0) {
          throw storeError(STORE_ERROR_CODES.conflict, `an account for ${email} already exists`);
        }
        return created;
      }),

    findById: (id) => one(`SELECT ${COLUMNS} FROM accounts WHERE id = $1`, [id]),
    findByEmail: (email) =>
      one(`SELECT ${COLUMNS} FROM accounts WHERE email = $1`, [normalizeEmail(email)]),
    list: () =>
      conn.run('accounts.list', async (db) =>
        Object.freeze(
          (
            await db.query(`SELECT ${COLUMNS} FROM accounts ORDER BY created_at, email COLLATE "C"`)
          ).rows.map(toAccount),
        ),
      ),

    // Read-merge-write with the row locked (FOR UPDATE), so concurrent patches to different
    // fields on different nodes both land.
    update: (id: string, patch: AccountPatch) =>
      conn.transaction('accounts.update', async (db) => {
        const row = (
          await db.query(`SELECT ${COLUMNS} FROM accounts WHERE id = $1 FOR UPDATE`, [id])
        ).rows[0];
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
        await db.query(
          `UPDATE accounts SET name = $1, password_hash = $2, groups_json = $3, disabled = $4
           WHERE id = $5`,
          [
            next.name,
            next.passwordHash,
            toJson(next.groups, 'account groups'),
            next.disabled ? 1 : 0,
            id,
          ],
        );
        return next;
      }),

    count: () =>
      conn.run('accounts.count', async (db) =>
        int((await db.query('SELECT count(*)::integer AS n FROM accounts')).rows[0] ?? {}, 'n'),
      ),
  };
}
