/**
 * A test Mark Verifying Authority, generated in-process with @peculiar/x509 (ECDSA P-256,
 * SHA-256 signatures), with dates relative to a chosen `now` so that nothing expires in
 * the repository. Generation takes a few milliseconds per certificate.
 *
 * ```ts
 * import { createTestPki, TEST_SVG } from './support/pki.js';
 * const pki = await createTestPki({ now: new Date('2025-06-01T00:00:00Z') });
 * const { pem, svg } = await pki.leaf({ domains: ['example.test'] });
 * // pem: what a web server serves at a= (leaf, then intermediate; root only with includeRoot)
 * // svg: the logo embedded in the certificate (uncompressed), what l= should serve
 * evaluateCertificate(pem, url, { recordDomain: 'example.test', selector: 'default',
 *   trustRoots: [pki.rootPem], at: pki.now, servedSvg: svg });
 * ```
 *
 * Hierarchy:
 * - root "Test Verified Mark Root CA" (CA, keyCertSign/cRLSign), valid now−1y → now+10y;
 * - intermediate "Test Verified Mark CA 1" (CA, pathLen 0, EKU 1.3.6.1.5.5.7.3.31),
 *   valid now−180d → now+5y;
 * - with `issuerWithoutEku`, a second intermediate "Test Verified Mark CA 2 (no BIMI EKU)";
 * - leaves from `pki.leaf(options)`, by default a VMC like a real one: subject with
 *   markType "Registered Mark" and trademark fields, SAN example.test, EKU BIMI only,
 *   basicConstraints CA:FALSE (critical), certificatePolicies 1.3.6.1.4.1.53087.1.1, a CRL
 *   distribution point, a placeholder SCT list (present, not a real SCT), and the
 *   logotype extension holding TEST_SVG as data:image/svg+xml;base64,<gzip>, with a
 *   SHA-256 hash of the uncompressed SVG; valid now−30d → now+335d.
 *
 * `LeafOptions` (all optional) selects the variants; see its fields. A second
 * `createTestPki({ rootName })` gives an unrelated hierarchy for "untrusted root" tests.
 */
import 'reflect-metadata';
import { createHash, randomBytes, webcrypto } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import * as x509 from '@peculiar/x509';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { HashAlgAndValue, LogotypeData, LogotypeDetails, LogotypeExtn, LogotypeImage, LogotypeInfo } from '@peculiar/asn1-x509-logotype';

x509.cryptoProvider.set(webcrypto as unknown as ReturnType<typeof x509.cryptoProvider.get>);

export const BIMI_EKU = '1.3.6.1.5.5.7.3.31';
export const OID_MARK_TYPE = '1.3.6.1.4.1.53087.1.13';
export const OID_PILOT = '1.3.6.1.4.1.53087.4.1';
export const OID_LOGOTYPE = '1.3.6.1.5.5.7.1.12';
export const OID_SCT_LIST = '1.3.6.1.4.1.11129.2.4.2';
/** An extension OID nobody understands, for the "unknown critical extension" case. */
export const OID_UNKNOWN = '1.3.6.1.4.1.55555.99.1';

/** A valid SVG Tiny PS logo (no check findings), the default embedded logo. */
export const TEST_SVG = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny-ps" width="512" height="512" viewBox="0 0 512 512">
  <title>Example Test Brand</title>
  <desc>Example Test Brand logo: a white square on a blue disc, on a white background</desc>
  <rect width="512" height="512" fill="#ffffff"/>
  <circle cx="256" cy="256" r="200" fill="#1a5fb4"/>
  <rect x="176" y="176" width="160" height="160" fill="#ffffff"/>
</svg>
`;

export interface LeafOptions {
  /** subjectAltName dNSName entries. Default ['example.test']. */
  readonly domains?: readonly string[];
  /** Subject CN and O. Default "Example Test Brand". */
  readonly brand?: string;
  /** The logo to embed (uncompressed). Default TEST_SVG. */
  readonly svg?: string | Buffer;
  /** How the logo is embedded: gzip (correct), plain (a base64 data: URI of the raw SVG, not gzip), none (no logotype extension). Default gzip. */
  readonly logotype?: 'gzip' | 'plain' | 'none';
  /** Bytes to put in the data: URI instead of the encoded logo (e.g. a gzip bomb); the hash is still over `svg`. */
  readonly logotypePayload?: Buffer;
  /** Hash algorithm of the logotype hash (over the uncompressed SVG). Default sha256; real certificates use sha1. */
  readonly hash?: 'sha1' | 'sha256';
  /** Store a hash that does not match the logo. */
  readonly wrongHash?: boolean;
  /** Mark the logotype extension critical. */
  readonly logotypeCritical?: boolean;
  /** The markType subject attribute; null leaves it out (like the 2021 CNN VMC). Default "Registered Mark". */
  readonly markType?: string | null;
  /** Extended key usages of the leaf; null leaves the extension out. Default [BIMI_EKU]. */
  readonly eku?: readonly string[] | null;
  /** Issue the leaf from an intermediate without the BIMI EKU (that intermediate is in the bundle). */
  readonly issuerWithoutEku?: boolean;
  /** Validity of the leaf. Default now−30 days → now+335 days. */
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** Order of the bundle: leaf first (correct) or reversed (root/intermediate first). Default leaf-first. */
  readonly order?: 'leaf-first' | 'reversed';
  /** Append the root certificate to the bundle. */
  readonly includeRoot?: boolean;
  /** Sign the leaf with an unrelated key while naming the intermediate as issuer (with its key identifier). */
  readonly forged?: boolean;
  /** Add a critical extension with an unknown OID (OID_UNKNOWN). */
  readonly unknownCriticalExtension?: boolean;
  /** Add the BIMI pilot identifier extension, critical, as in the 2024 Xometry CMC. */
  readonly pilotExtension?: boolean;
  /** Append the leaf's private key as a "PRIVATE KEY" PEM block. */
  readonly privateKey?: boolean;
  /** Include the placeholder SCT list extension. Default true. */
  readonly sct?: boolean;
  /** Include the CRL distribution point. Default true. */
  readonly crl?: boolean;
  /** Include certificatePolicies with the BIMI policy OID. Default true. */
  readonly policies?: boolean;
}

export interface LeafBundle {
  /** The PEM bundle a web server serves at a=. */
  readonly pem: string;
  /** The leaf certificate alone, in PEM. */
  readonly leafPem: string;
  /** The uncompressed logo embedded in the certificate, or null with logotype "none". */
  readonly svg: Buffer | null;
}

export interface TestPki {
  readonly now: Date;
  readonly rootName: string;
  readonly intermediateName: string;
  /** The root certificate in PEM: pass [rootPem] as trustRoots. */
  readonly rootPem: string;
  readonly intermediatePem: string;
  /** Issues a leaf and returns the bundle. */
  leaf(options?: LeafOptions): Promise<LeafBundle>;
}

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

function days(now: Date, n: number): Date {
  return new Date(now.getTime() + n * DAY);
}

function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

async function keyPair(): Promise<webcrypto.CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
}

interface Authority {
  readonly cert: x509.X509Certificate;
  readonly keys: webcrypto.CryptoKeyPair;
  readonly name: string;
}

async function createAuthority(name: string, issuer: Authority | null, now: Date, options: { eku: boolean; pathLen?: number; from: number; to: number }): Promise<Authority> {
  const keys = await keyPair();
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(true, options.pathLen, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  if (issuer) extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuer.cert, false));
  if (options.eku) extensions.push(new x509.ExtendedKeyUsageExtension([BIMI_EKU], false));
  if (issuer) extensions.push(new x509.CertificatePolicyExtension(['1.3.6.1.4.1.53087.1.1'], false));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${name}, O=Test Mark Verifying Authority, C=US`,
    issuer: issuer ? issuer.cert.subject : `CN=${name}, O=Test Mark Verifying Authority, C=US`,
    notBefore: days(now, options.from),
    notAfter: days(now, options.to),
    publicKey: keys.publicKey,
    signingKey: issuer ? issuer.keys.privateKey : keys.privateKey,
    signingAlgorithm: ALG,
    extensions,
  });
  return { cert, keys, name };
}

/** DER of a UTF8String. */
function utf8String(text: string): Uint8Array {
  const bytes = Buffer.from(text, 'utf8');
  return Uint8Array.from([0x0c, bytes.length, ...bytes]);
}

/** An SCT list extension value: a DER OCTET STRING holding a TLS-encoded list with one SCT-shaped entry (unsigned). */
function placeholderSctList(now: Date): Uint8Array {
  const timestamp = Buffer.alloc(8);
  timestamp.writeBigUInt64BE(BigInt(now.getTime()));
  const sct = Buffer.concat([Buffer.from([0]), Buffer.alloc(32, 0xaa), timestamp, Buffer.from([0, 0]), Buffer.from([4, 3]), Buffer.from([0, 2, 0x30, 0x00])]);
  const entry = Buffer.concat([Buffer.from([sct.length >> 8, sct.length & 0xff]), sct]);
  const list = Buffer.concat([Buffer.from([entry.length >> 8, entry.length & 0xff]), entry]);
  return Uint8Array.from([0x04, list.length, ...list]);
}

function logotypeExtension(svg: Buffer, options: LeafOptions): x509.Extension {
  const hashName = options.hash ?? 'sha256';
  const hashOid = hashName === 'sha1' ? '1.3.14.3.2.26' : '2.16.840.1.101.3.4.2.1';
  const hash = createHash(hashName).update(svg).digest();
  if (options.wrongHash) hash[0] = hash[0]! ^ 0xff;
  const payload = options.logotypePayload ?? (options.logotype === 'plain' ? svg : gzipSync(svg));
  const extn = new LogotypeExtn({
    subjectLogo: new LogotypeInfo({
      direct: new LogotypeData({
        image: [
          new LogotypeImage({
            imageDetails: new LogotypeDetails({
              mediaType: 'image/svg+xml',
              logotypeHash: [new HashAlgAndValue({ hashAlg: new AlgorithmIdentifier({ algorithm: hashOid }), hashValue: new OctetString(hash) })],
              logotypeURI: [`data:image/svg+xml;base64,${payload.toString('base64')}`],
            }),
          }),
        ],
      }),
    }),
  });
  return new x509.Extension(OID_LOGOTYPE, options.logotypeCritical ?? false, AsnConvert.serialize(extn));
}

function leafSubject(brand: string, markType: string | null): x509.JsonName {
  const name: x509.JsonName = [
    { '2.5.4.15': ['Private Organization'] },
    { '1.3.6.1.4.1.311.60.2.1.3': ['US'] },
    { '2.5.4.5': ['1234567'] },
    { '2.5.4.6': ['US'] },
    { '2.5.4.8': ['California'] },
    { '2.5.4.7': ['Example City'] },
    { '2.5.4.9': ['1 Example Street'] },
    { '2.5.4.10': [brand] },
    { '2.5.4.3': [brand] },
  ];
  if (markType !== null) name.push({ [OID_MARK_TYPE]: [markType] });
  name.push({ '1.3.6.1.4.1.53087.1.3': ['US'] }, { '1.3.6.1.4.1.53087.1.4': ['9999999'] });
  return name;
}

function toPemBlock(der: ArrayBuffer, label: string): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/**
 * Creates a test hierarchy: root and intermediate, and a `leaf()` factory for bundles.
 * `now` defaults to the current time; `rootName` to "Test Verified Mark Root CA".
 */
export async function createTestPki(options: { now?: Date; rootName?: string } = {}): Promise<TestPki> {
  const now = options.now ?? new Date();
  const rootName = options.rootName ?? 'Test Verified Mark Root CA';
  const root = await createAuthority(rootName, null, now, { eku: false, from: -365, to: 3650 });
  const intermediate = await createAuthority('Test Verified Mark CA 1', root, now, { eku: true, pathLen: 0, from: -180, to: 1825 });
  let noEkuIntermediate: Authority | undefined;

  async function leaf(o: LeafOptions = {}): Promise<LeafBundle> {
    const issuer = o.issuerWithoutEku ? (noEkuIntermediate ??= await createAuthority('Test Verified Mark CA 2 (no BIMI EKU)', root, now, { eku: false, pathLen: 0, from: -180, to: 1825 })) : intermediate;
    const keys = await keyPair();
    const brand = o.brand ?? 'Example Test Brand';
    const svg = o.logotype === 'none' ? null : Buffer.from(o.svg ?? TEST_SVG);
    const signer = o.forged ? await keyPair() : issuer.keys;

    const extensions: x509.Extension[] = [
      await x509.AuthorityKeyIdentifierExtension.create(issuer.cert, false),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      new x509.SubjectAlternativeNameExtension((o.domains ?? ['example.test']).map((value) => ({ type: 'dns' as const, value })), false),
    ];
    if (o.policies ?? true) extensions.push(new x509.CertificatePolicyExtension(['2.16.840.1.999999.1', '1.3.6.1.4.1.53087.1.1'], false));
    const eku = o.eku === undefined ? [BIMI_EKU] : o.eku;
    if (eku !== null) extensions.push(new x509.ExtendedKeyUsageExtension([...eku], false));
    if (o.crl ?? true) extensions.push(new x509.CRLDistributionPointsExtension(['http://127.0.0.1/test-mva.crl'], false));
    extensions.push(new x509.BasicConstraintsExtension(false, undefined, true));
    extensions.push(new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true));
    if (svg) extensions.push(logotypeExtension(svg, o));
    if (o.pilotExtension) extensions.push(new x509.Extension(OID_PILOT, true, utf8String('Mark Certificate')));
    if (o.unknownCriticalExtension) extensions.push(new x509.Extension(OID_UNKNOWN, true, Uint8Array.from([0x05, 0x00])));
    if (o.sct ?? true) extensions.push(new x509.Extension(OID_SCT_LIST, false, placeholderSctList(now)));

    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      subject: leafSubject(brand, o.markType === undefined ? 'Registered Mark' : o.markType),
      issuer: issuer.cert.subject,
      notBefore: o.notBefore ?? days(now, -30),
      notAfter: o.notAfter ?? days(now, 335),
      publicKey: keys.publicKey,
      signingKey: signer.privateKey,
      signingAlgorithm: ALG,
      extensions,
    });
    const leafPem = toPemBlock(cert.rawData, 'CERTIFICATE');
    const parts = [leafPem, toPemBlock(issuer.cert.rawData, 'CERTIFICATE')];
    if (o.includeRoot) parts.push(toPemBlock(root.cert.rawData, 'CERTIFICATE'));
    if (o.order === 'reversed') parts.reverse();
    if (o.privateKey) parts.push(toPemBlock(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY'));
    return { pem: parts.join(''), leafPem, svg };
  }

  return {
    now,
    rootName,
    intermediateName: intermediate.name,
    rootPem: toPemBlock(root.cert.rawData, 'CERTIFICATE'),
    intermediatePem: toPemBlock(intermediate.cert.rawData, 'CERTIFICATE'),
    leaf,
  };
}
