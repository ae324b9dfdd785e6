import type { AcmeAccountRecord, CertificateRepository, StoredCertificate } from '@gatehouse/core';
import { int, text, textOrNull, type Row } from '../sqlite/columns.ts';
import type { PostgresConnection } from './connection.ts';

const CERT = 'name, directory_url, cert_pem, key_pem, not_before, not_after, updated_at';
const ACCOUNT = 'directory_url, key_pem, account_url, created_at';

/** ACME accounts, certificates and leases (migration 4). Single statements: atomic across nodes. */
export function createPgCertificateRepository(conn: PostgresConnection): CertificateRepository {
  const account = (row: Row): AcmeAccountRecord => ({
    directoryUrl: text(row, 'directory_url'),
    keyPem: text(row, 'key_pem'),
    accountUrl: textOrNull(row, 'account_url'),
    createdAt: int(row, 'created_at'),
  });
  const certificate = (row: Row): StoredCertificate => ({
    name: text(row, 'name'),
    directoryUrl: text(row, 'directory_url'),
    certPem: text(row, 'cert_pem'),
    keyPem: text(row, 'key_pem'),
    notBefore: int(row, 'not_before'),
    notAfter: int(row, 'not_after'),
    updatedAt: int(row, 'updated_at'),
  });
  return {
    getAccount: (directoryUrl) =>
      conn.run('certificates.getAccount', async (db) => {
        const row = (
          await db.query(`SELECT ${ACCOUNT} FROM acme_accounts WHERE directory_url = $1`, [
            directoryUrl,
          ])
        ).rows[0];
        return row === undefined ? undefined : account(row);
      }),
    // Insert-or-nothing, then read: the first writer's key is what every node gets back.
    putAccountIfAbsent: (a) =>
      conn.run('certificates.putAccountIfAbsent', async (db) => {
        await db.query(
          `INSERT INTO acme_accounts (${ACCOUNT}) VALUES ($1, $2, $3, $4)
           ON CONFLICT (directory_url) DO NOTHING`,
          [a.directoryUrl, a.keyPem, a.accountUrl, a.createdAt],
        );
        const { rows } = await db.query(
          `SELECT ${ACCOUNT} FROM acme_accounts WHERE directory_url = $1`,
          [a.directoryUrl],
        );
        return account(rows[0] ?? {});
      }),
    setAccountUrl: (directoryUrl, accountUrl) =>
      conn.run('certificates.setAccountUrl', async (db) => {
        await db.query('UPDATE acme_accounts SET account_url = $1 WHERE directory_url = $2', [
          accountUrl,
          directoryUrl,
        ]);
      }),
    get: (name) =>
      conn.run('certificates.get', async (db) => {
        const row = (await db.query(`SELECT ${CERT} FROM tls_certificates WHERE name = $1`, [name]))
          .rows[0];
        return row === undefined ? undefined : certificate(row);
      }),
    put: (c) =>
      conn.run('certificates.put', async (db) => {
        await db.query(
          `INSERT INTO tls_certificates (${CERT}) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (name) DO UPDATE SET directory_url = excluded.directory_url,
             cert_pem = excluded.cert_pem, key_pem = excluded.key_pem,
             not_before = excluded.not_before, not_after = excluded.not_after,
             updated_at = excluded.updated_at`,
          [c.name, c.directoryUrl, c.certPem, c.keyPem, c.notBefore, c.notAfter, c.updatedAt],
        );
      }),
    list: () =>
      conn.run('certificates.list', async (db) =>
        (await db.query(`SELECT ${CERT} FROM tls_certificates ORDER BY name COLLATE "C"`)).rows.map(
          certificate,
        ),
      ),
    // One statement: of two nodes racing for a free lease, the row lock lets one win; the
    // loser's DO UPDATE re-checks its WHERE on the winner's row and returns nothing.
    acquireLease: (name, holder, now, expiresAt) =>
      conn.run('certificates.acquireLease', async (db) => {
        const { rows } = await db.query(
          `INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $4)
           ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
             WHERE leases.holder = excluded.holder OR leases.expires_at <= $3
           RETURNING holder`,
          [name, holder, now, expiresAt],
        );
        const row = rows[0];
        return row !== undefined && text(row, 'holder') === holder;
      }),
    releaseLease: (name, holder) =>
      conn.run('certificates.releaseLease', async (db) => {
        await db.query('DELETE FROM leases WHERE name = $1 AND holder = $2', [name, holder]);
      }),
  };
}
