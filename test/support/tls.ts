/**
 * A throw-away TLS certificate authority for the test HTTPS server, generated in
 * process (no keys on disk, dates relative to now): a self-signed CA and a server
 * certificate for the given host names plus 127.0.0.1. ECDSA P-256, as in
 * /work/shared/reference/dns-testing.md §3.
 */
import 'reflect-metadata';
import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY = 24 * 60 * 60 * 1000;

export interface TlsAuthority {
  /** The CA certificate, to pass as an extra trust anchor. */
  readonly caPem: string;
  /** The server's private key (PKCS #8). */
  readonly keyPem: string;
  /** The server certificate, issued by the CA. */
  readonly certPem: string;
}

const generateKeys = () => webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']) as Promise<webcrypto.CryptoKeyPair>;

/** A new CA and a server certificate whose subjectAltName holds `hosts` and IP 127.0.0.1. */
export async function createTlsAuthority(hosts: string[]): Promise<TlsAuthority> {
  const notBefore = new Date(Date.now() - DAY);
  const notAfter = new Date(Date.now() + 30 * DAY);
  const [caKeys, serverKeys] = await Promise.all([generateKeys(), generateKeys()]);

  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    // A unique name: OpenSSL looks issuers up by name, so two test CAs must not share one.
    name: `CN=bimi-svg Test TLS CA ${randomBytes(4).toString('hex')}`,
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });

  const server = await x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: `CN=${hosts[0] ?? 'localhost'}`,
    issuer: ca.subject,
    notBefore,
    notAfter,
    publicKey: serverKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([...hosts.map((value) => ({ type: 'dns' as const, value })), { type: 'ip', value: '127.0.0.1' }]),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });

  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', serverKeys.privateKey);
  const pem = (text: string) => `${text.trimEnd()}\n`;
  return { caPem: pem(ca.toString('pem')), keyPem: pem(x509.PemConverter.encode(pkcs8, 'PRIVATE KEY')), certPem: pem(server.toString('pem')) };
}
