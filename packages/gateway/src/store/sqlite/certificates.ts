import type { AcmeAccountRecord, CertificateRepository, StoredCertificate } from '@gatehouse/core';
import { int, text, textOrNull, type Row } from './columns.ts';
import type { SqliteConnection } from './connection.ts';

const CERT = 'name, directory_url, cert_pem, key_pem, not_before, not_after, updated_at';

/** ACME accounts, certificates and leases (migration 4). Single statements: atomic across nodes. */
export function createCertificateRepository(conn: SqliteConnection): CertificateRepository {
  const { db } = conn;
  const getAccount = db.prepare(
    'SELECT directory_url, key_pem, account_url, created_at FROM acme_accounts WHERE directory_url = ?',
  );
  const insertAccount = db.prepare(
    `INSERT INTO acme_accounts (directory_url, key_pem, account_url, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (directory_url) DO NOTHING`,
  );
  const setAccountUrl = db.prepare(
    'UPDATE acme_accounts SET account_url = ? WHERE directory_url = ?',
  );
  const get = db.prepare(`SELECT ${CERT} FROM tls_certificates WHERE name = ?`);
  const list = db.prepare(`SELECT ${CERT} FROM tls_certificates ORDER BY name`);
  const put = db.prepare(
    `INSERT INTO tls_certificates (${CERT}) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET directory_url = excluded.directory_url,
       cert_pem = excluded.cert_pem, key_pem = excluded.key_pem,
       not_before = excluded.not_before, not_after = excluded.not_after,
       updated_at = excluded.updated_at`,
  );
  // One statement: of two nodes racing for a free lease, SQLite's write lock lets one win.
  const acquire = db.prepare(
    `INSERT INTO leases (name, holder, expires_at) VALUES (:name, :holder, :expiresAt)
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE leases.holder = excluded.holder OR leases.expires_at <= :now
     RETURNING holder`,
  );
  const release = db.prepare('DELETE FROM leases WHERE name = ? AND holder = ?');

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
      conn.run('certificates.getAccount', () => {
        const row = getAccount.get(directoryUrl);
        return row === undefined ? undefined : account(row);
      }),
    putAccountIfAbsent: (a) =>
      conn.run('certificates.putAccountIfAbsent', () => {
        insertAccount.run(a.directoryUrl, a.keyPem, a.accountUrl, a.createdAt);
        return account(getAccount.get(a.directoryUrl) as Row);
      }),
    setAccountUrl: (directoryUrl, accountUrl) =>
      conn.run('certificates.setAccountUrl', () => {
        setAccountUrl.run(accountUrl, directoryUrl);
      }),
    get: (name) =>
      conn.run('certificates.get', () => {
        const row = get.get(name);
        return row === undefined ? undefined : certificate(row);
      }),
    put: (c) =>
      conn.run('certificates.put', () => {
        put.run(c.name, c.directoryUrl, c.certPem, c.keyPem, c.notBefore, c.notAfter, c.updatedAt);
      }),
    list: () => conn.run('certificates.list', () => list.all().map(certificate)),
    acquireLease: (name, holder, now, expiresAt) =>
      conn.run('certificates.acquireLease', () => {
        const row = acquire.get({ name, holder, now, expiresAt });
        return row !== undefined && text(row, 'holder') === holder;
      }),
    releaseLease: (name, holder) =>
      conn.run('certificates.releaseLease', () => {
        release.run(name, holder);
      }),
  };
}
