/**
 * The mark certificate (VMC or CMC) behind a BIMI record's a= tag: the PEM bundle, the
 * chain to a trusted Mark Verifying Authority root (signatures verified with
 * node:crypto), validity, BIMI extended key usage, names, mark type and the logo embedded
 * in the logotype extension, compared with the served logo. Extensions are read with the
 * @peculiar ASN.1 schemas; this module is loaded only by the dns command, never by check.
 *
 * Every finding about the input is a message, never an exception: garbage, truncated
 * DER, oversized bundles and compressed bombs in the logotype all become problems.
 */
import { X509Certificate, createHash } from 'node:crypto';
import { domainToASCII } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  BasicConstraints,
  CRLDistributionPoints,
  Certificate,
  CertificatePolicies,
  ExtendedKeyUsage,
  KeyUsage,
  SubjectAlternativeName,
  type Extension,
  type Name,
} from '@peculiar/asn1-x509';
import { LogotypeExtn } from '@peculiar/asn1-x509-logotype';
import { check } from '../check.js';
import type { CheckResult, Diagnostic } from '../types.js';
import { compareLogoBytes, normalizeEol } from './logo-bytes.js';
import { pemBlocks } from './roots.js';
import type { CertificateResult, DnsMessage } from './types.js';

export interface CertificateOptions {
  /** The domain where the BIMI record was found (author or organizational domain), as in the SAN rule. */
  readonly recordDomain: string;
  /** The BIMI selector ("default" unless the message names another). */
  readonly selector: string;
  /** Trusted roots as PEM texts; each may hold several certificates (see loadBundledRoots, readPemFile). */
  readonly trustRoots: readonly string[];
  /** The moment at which validity is judged. */
  readonly at: Date;
  /** The served logo (l=), already gunzipped; null when there is none to compare. */
  readonly servedSvg: Buffer | null;
}

export interface CertificateEvaluation {
  readonly certificate: CertificateResult;
  /** Findings in the order of the VMC draft's checks, all with step "certificate". */
  readonly messages: DnsMessage[];
  /** The SVG embedded in the leaf's logotype extension (gunzipped), or null. */
  readonly logotypeSvg: Buffer | null;
}

/** Largest bundle accepted (real ones are 8–20 KB). */
export const MAX_PEM_BYTES = 1024 * 1024;
/** Most certificates read from one bundle (real ones hold 2 or 3). */
export const MAX_CERTIFICATES = 16;
/** Largest logo accepted after gunzip: a cap against compression bombs (receivers allow 32 KB). */
export const MAX_LOGO_BYTES = 1024 * 1024;
const MAX_CHAIN_LENGTH = 8;
/** A leaf expiring within this many days gets a warning. */
const EXPIRY_WARNING_DAYS = 30;
/** Validity longer than this is reported (MCR figures quoted by secondary sources: 398 or 825 days). */
const LONG_VALIDITY_DAYS = 398;

const OID = {
  bimiEku: '1.3.6.1.5.5.7.3.31',
  markType: '1.3.6.1.4.1.53087.1.13',
  bimiPolicy: '1.3.6.1.4.1.53087.1.1',
  pilot: '1.3.6.1.4.1.53087.4.1',
  logotype: '1.3.6.1.5.5.7.1.12',
  sct: '1.3.6.1.4.1.11129.2.4.2',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  policies: '2.5.29.32',
  crlDistributionPoints: '2.5.29.31',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
} as const;

/**
 * Extensions this check understands, so that a critical one is no reason to refuse the
 * certificate (RFC 5280 §4.2). The BIMI pilot identifier is added separately.
 */
const UNDERSTOOD_EXTENSIONS = new Set([
  OID.basicConstraints,
  OID.keyUsage,
  OID.extKeyUsage,
  OID.subjectAltName,
  OID.policies,
  OID.crlDistributionPoints,
  '2.5.29.14', // subjectKeyIdentifier
  '2.5.29.35', // authorityKeyIdentifier
  '1.3.6.1.5.5.7.1.1', // authorityInfoAccess
  OID.logotype,
  OID.sct,
]);

const HASHES: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

const MARK_TYPES: Readonly<Record<string, 'VMC' | 'CMC'>> = {
  'registered mark': 'VMC',
  'government mark': 'VMC',
  'prior use mark': 'CMC',
  'modified registered mark': 'CMC',
};

/** Tiny PS check findings that receivers' schema validation also rejects. */
const SCHEMA_TIERS = new Set(['xml', 'schema', 'security']);

const VMC_DRAFT = 'draft-fetch-validation-vmc-wchuang-11';
const CORE_DRAFT = 'draft-brand-indicators-for-message-identification-12';
const MCR = 'MCR (secondary, via checkdmarc)';

interface ParsedCertificate {
  /** Position in the bundle (0-based); -1 for a trust root. */
  readonly index: number;
  readonly x509: X509Certificate;
  readonly asn: Certificate;
  readonly fingerprint: string;
  /** CN, else O, else the whole subject. */
  readonly label: string;
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly extensions: readonly Extension[];
  readonly isCa: boolean;
  readonly pathLen: number | undefined;
}

class Findings {
  readonly messages: DnsMessage[] = [];
  readonly problems: string[] = [];

  /** A problem that makes the certificate unusable: `summary` is one sentence, `detail` says why it matters and what to do. */
  error(code: string, summary: string, detail: string, citation: string): void {
    this.messages.push({ step: 'certificate', severity: 'error', code, message: detail ? `${summary} ${detail}` : summary, citation });
    this.problems.push(summary);
  }

  warning(code: string, message: string, citation: string): void {
    this.messages.push({ step: 'certificate', severity: 'warning', code, message, citation });
  }

  info(code: string, message: string, citation: string): void {
    this.messages.push({ step: 'certificate', severity: 'info', code, message, citation });
  }
}

/**
 * Evaluates the document served at a BIMI record's a= URL: a PEM bundle holding a Verified
 * Mark Certificate (VMC) or Common Mark Certificate (CMC) and its issuing CAs. Never throws
 * on its input; everything wrong is a message, and errors are also listed in
 * `certificate.problems` (status "invalid" when there is any).
 *
 * @example
 * ```ts
 * import { evaluateCertificate } from './certificate.js';
 * import { loadBundledRoots } from './roots.js';
 * const { certificate, messages } = evaluateCertificate(pem, 'https://example.com/vmc.pem', {
 *   recordDomain: 'example.com', selector: 'default', trustRoots: loadBundledRoots(), at: new Date(), servedSvg: svg,
 * });
 * console.log(certificate.status, certificate.type, certificate.problems);
 * ```
 */
export function evaluateCertificate(pem: Buffer | string, url: string | null, options: CertificateOptions): CertificateEvaluation {
  const f = new Findings();
  const empty = (): CertificateEvaluation => ({ certificate: result(url, f, null, [], null, null, null), messages: f.messages, logotypeSvg: null });

  // 1. The PEM bundle (VMC draft §3.3, §5.1).
  const bundle = readBundle(pem, f);
  if (bundle.length === 0) return empty();
  const leaves = bundle.filter((c) => !c.isCa);
  if (leaves.length === 0) {
    f.error('cert-no-leaf', 'The bundle holds only CA certificates and no mark certificate.', 'The document at a= must start with the VMC or CMC itself, followed by its issuing CA certificates; publish the full bundle your Mark Verifying Authority issued.', `${VMC_DRAFT} §3.3`);
    return empty();
  }
  if (leaves.length > 1) {
    f.error('cert-multiple-leaves', `The bundle holds ${leaves.length} end-entity certificates (${leaves.map((l) => `'${l.label}'`).join(', ')}) where exactly one mark certificate is expected.`, 'Receivers may reject a bundle with more than one VMC; publish one certificate with its own chain. The first one is evaluated below.', `${VMC_DRAFT} §3.3`);
  }
  const leaf = leaves[0]!;
  if (leaf.index !== 0) {
    f.warning('cert-order', `The first certificate of the bundle is the CA '${bundle[0]!.label}', not the mark certificate '${leaf.label}'. The bundle SHOULD start with the VMC followed by its issuers; receivers may reject certificates out of order. bimi-svg builds the chain regardless, but reorder the file: mark certificate, then intermediate CA, then (optionally) the root.`, `${VMC_DRAFT} §3.3`);
  }

  // 2. Chain to a trusted root, by name and verified signature (§5.1 step 1).
  const roots = readTrustRoots(options.trustRoots, f);
  const chain = buildChain(leaf, bundle, roots, f);
  reportBundleShape(bundle, leaf, chain, roots, f);
  const pathAndAnchor = chain.anchor ? [...chain.path, chain.anchor] : chain.path;

  // 3. Validity of every certificate (§5.1 step 2).
  for (const cert of pathAndAnchor) checkValidity(cert, cert === leaf, options.at, f);

  // 4. Path constraints and critical extensions (RFC 5280 §4.2, §6.1).
  checkPathConstraints(chain.path, f);
  for (const cert of chain.path) checkCriticalExtensions(cert, f);

  // 5. Revocation (§5.1 step 3) and CT (§5.1 step 4): presence only.
  checkRevocationAndCt(leaf, f);

  // 6. BIMI EKU on the leaf and its issuer (§4.4, §5.1 step 5).
  checkEku(leaf, chain.path[1] ?? (chain.path.length === 1 ? chain.anchor : null), f);

  // 7. Names (§4.3, §5.2).
  const san = checkSan(leaf, options, f);

  // 8. Mark type and policies (core §3.5; MCR).
  const markType = readMarkType(leaf, f);
  checkPolicies(leaf, f);
  checkPilot(leaf, f);

  // 9. The logo: logotype extension, hash, Tiny PS, comparison with l= (§4.1, §4.2, §5.3; core §7.9).
  const logotypeSvg = readLogotype(leaf, f);
  if (logotypeSvg) checkEmbeddedSvg(logotypeSvg, f);
  const logoMatches = logotypeSvg && options.servedSvg ? compareLogos(logotypeSvg, options.servedSvg, f) : null;

  const chainOut = pathAndAnchor.map((c) => ({ subject: c.label, sha256: c.fingerprint }));
  return {
    certificate: result(url, f, leaf, san, markType, chainOut, logoMatches),
    messages: f.messages,
    logotypeSvg,
  };
}

function result(
  url: string | null,
  f: Findings,
  leaf: ParsedCertificate | null,
  san: readonly string[],
  markType: string | null,
  chain: CertificateResult['chain'] | null,
  logoMatches: boolean | null,
): CertificateResult {
  return {
    url,
    status: f.problems.length === 0 ? 'valid' : 'invalid',
    type: markType === null ? null : (MARK_TYPES[markType.trim().toLowerCase()] ?? null),
    markType,
    subject: leaf?.subject ?? null,
    issuer: leaf?.issuer ?? null,
    notBefore: leaf ? leaf.notBefore.toISOString() : null,
    notAfter: leaf ? leaf.notAfter.toISOString() : null,
    san,
    chain: chain ?? [],
    problems: [...f.problems],
    logoMatches,
  };
}

// ---------------------------------------------------------------------------------------
// Reading certificates

function readBundle(pem: Buffer | string, f: Findings): ParsedCertificate[] {
  const size = typeof pem === 'string' ? Buffer.byteLength(pem, 'utf8') : pem.length;
  if (size > MAX_PEM_BYTES) {
    f.error('cert-too-large', `The document at a= is ${size} bytes, more than the ${MAX_PEM_BYTES} bytes bimi-svg reads.`, 'A mark certificate bundle is a few kilobytes (three certificates); check that a= points at the .pem file and not at something else.', `${VMC_DRAFT} §3.3`);
    return [];
  }
  // A UTF-8 byte order mark (from Windows editors) would hide the first BEGIN line.
  const text = (typeof pem === 'string' ? pem : pem.toString('latin1')).replace(/^(\ufeff|\xef\xbb\xbf)/, '');
  if (text.trim() === '') {
    f.error('cert-empty', 'The document at a= is empty.', 'It must hold the mark certificate and its issuing CA certificates in PEM; upload the .pem file your Mark Verifying Authority issued.', `${VMC_DRAFT} §3.3`);
    return [];
  }
  const blocks = pemBlocks(text);
  const certBlocks = blocks.filter((b) => b.label === 'CERTIFICATE');

  for (const b of blocks) {
    if (/PRIVATE KEY/.test(b.label)) {
      f.warning('cert-private-key', `The document at a= contains a private key (a "${b.label}" PEM block). Anyone can download it from this public URL. Remove it from the file now, and treat the key as compromised: ask your Mark Verifying Authority to revoke and reissue the certificate if it is the certificate's key.`, `${VMC_DRAFT} §3.3`);
    }
  }

  if (certBlocks.length === 0) {
    const looksDer = typeof pem !== 'string' && pem[0] === 0x30 && !text.includes('-----BEGIN');
    const pkcs7 = blocks.some((b) => b.label === 'PKCS7' || b.label === 'CMS');
    const why = looksDer
      ? 'It looks like binary DER; receivers require PEM. Convert it (openssl x509 -inform der -in cert.der -out cert.pem) and append the issuing CA certificates.'
      : pkcs7
        ? 'It holds a PKCS #7 bundle; receivers require PEM certificates. Convert it (openssl pkcs7 -print_certs -in bundle.p7b -out bundle.pem).'
        : 'Receivers require the mark certificate and its issuing CAs as PEM blocks (-----BEGIN CERTIFICATE-----); check that a= points at the .pem file.';
    f.error('cert-no-certificates', 'The document at a= holds no PEM certificate.', why, `${VMC_DRAFT} §3.3; RFC 7468`);
    return [];
  }
  if (certBlocks.length > MAX_CERTIFICATES) {
    f.error('cert-too-many', `The bundle holds ${certBlocks.length} certificates; bimi-svg reads at most ${MAX_CERTIFICATES}.`, 'A mark certificate bundle holds the certificate, its intermediate CA and optionally the root; publish only those.', `${VMC_DRAFT} §3.3`);
    return [];
  }

  const parsed: ParsedCertificate[] = [];
  const seen = new Map<string, number>();
  certBlocks.forEach((block, i) => {
    const position = `certificate ${i + 1} of ${certBlocks.length}`;
    if (!block.complete) {
      f.error('cert-parse', `The PEM block of ${position} is truncated (no matching -----END CERTIFICATE----- line).`, 'Receivers cannot read a truncated bundle; upload the complete file again.', `${VMC_DRAFT} §3.3; RFC 7468`);
      return;
    }
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(block.base64) || block.base64.length % 4 === 1) {
      f.error('cert-parse', `The PEM block of ${position} is not valid base64.`, 'The file is corrupted; upload the bundle your Mark Verifying Authority issued again.', `${VMC_DRAFT} §3.3; RFC 7468`);
      return;
    }
    const der = Buffer.from(block.base64, 'base64');
    const cert = parseCertificate(der, i);
    if (typeof cert === 'string') {
      f.error('cert-parse', `${capitalize(position)} is not a readable X.509 certificate (${cert}).`, 'The file is corrupted or truncated; upload the bundle your Mark Verifying Authority issued again.', `${VMC_DRAFT} §3.3; RFC 5280 §4.1`);
      return;
    }
    const earlier = seen.get(cert.fingerprint);
    if (earlier !== undefined) {
      f.warning('cert-duplicate', `Certificate ${i + 1} ('${cert.label}') is a duplicate of certificate ${earlier + 1}. Receivers may reject a bundle with duplicates; remove the copy.`, `${VMC_DRAFT} §3.3`);
      return;
    }
    seen.set(cert.fingerprint, i);
    parsed.push(cert);
  });
  return parsed;
}

function parseCertificate(der: Buffer, index: number): ParsedCertificate | string {
  if (der.length === 0) return 'empty';
  let x509: X509Certificate;
  let asn: Certificate;
  try {
    x509 = new X509Certificate(der);
  } catch (e) {
    return `OpenSSL: ${(e as Error).message}`;
  }
  try {
    asn = AsnConvert.parse(new Uint8Array(der), Certificate);
  } catch (e) {
    return `ASN.1: ${(e as Error).message}`;
  }
  try {
    const tbs = asn.tbsCertificate;
    const extensions = tbs.extensions ?? [];
    let isCa = false;
    let pathLen: number | undefined;
    const bcExt = extensions.find((e) => e.extnID === OID.basicConstraints);
    if (bcExt) {
      const bc = AsnConvert.parse(bcExt.extnValue.buffer, BasicConstraints);
      isCa = bc.cA === true;
      pathLen = bc.pathLenConstraint;
    }
    const subject = x509.subject.split('\n').join(', ');
    const label = nameAttribute(tbs.subject, OID.commonName) ?? nameAttribute(tbs.subject, OID.organization) ?? (subject || `certificate ${index + 1}`);
    return {
      index,
      x509,
      asn,
      fingerprint: x509.fingerprint256,
      label,
      subject,
      issuer: x509.issuer.split('\n').join(', '),
      notBefore: tbs.validity.notBefore.getTime(),
      notAfter: tbs.validity.notAfter.getTime(),
      extensions,
      isCa,
      pathLen,
    };
  } catch (e) {
    return `extensions: ${(e as Error).message}`;
  }
}

function readTrustRoots(texts: readonly string[], f: Findings): ParsedCertificate[] {
  const roots: ParsedCertificate[] = [];
  const seen = new Set<string>();
  let unreadable = 0;
  for (const text of texts) {
    for (const block of pemBlocks(text)) {
      if (block.label !== 'CERTIFICATE') continue;
      const cert = block.complete ? parseCertificate(Buffer.from(block.base64, 'base64'), -1) : 'truncated';
      if (typeof cert === 'string') {
        unreadable++;
        continue;
      }
      if (seen.has(cert.fingerprint)) continue;
      seen.add(cert.fingerprint);
      roots.push(cert);
    }
  }
  if (unreadable > 0) {
    f.warning('cert-trust-root-unreadable', `${unreadable} of the trusted root certificates could not be read and were ignored. Check the file given with --trust-roots.`, `${VMC_DRAFT} §5.1`);
  }
  return roots;
}

// ---------------------------------------------------------------------------------------
// The chain

interface Chain {
  /** Leaf first, then the bundle's CA certificates whose signatures were verified. */
  readonly path: ParsedCertificate[];
  /** The trusted root that verified the last certificate of the path, or null. */
  readonly anchor: ParsedCertificate | null;
}

function sameName(a: string, b: string): boolean {
  return a.replace(/\s+/g, ' ').toLowerCase() === b.replace(/\s+/g, ' ').toLowerCase();
}

function sameKey(a: ParsedCertificate, b: ParsedCertificate): boolean {
  try {
    return a.x509.publicKey.equals(b.x509.publicKey);
  } catch {
    return false;
  }
}

/** Whether `issuer`'s key verifies `cert`'s signature (node:crypto, never checkIssued alone). */
function signedBy(cert: ParsedCertificate, issuer: ParsedCertificate): boolean {
  try {
    return cert.x509.verify(issuer.x509.publicKey);
  } catch {
    return false;
  }
}

function buildChain(leaf: ParsedCertificate, bundle: readonly ParsedCertificate[], roots: readonly ParsedCertificate[], f: Findings): Chain {
  const path: ParsedCertificate[] = [leaf];
  let current = leaf;
  const citation = `${VMC_DRAFT} §5.1; RFC 5280 §6.1`;
  for (;;) {
    const rootCandidates = roots.filter((r) => sameName(current.x509.issuer, r.x509.subject));
    const anchor = rootCandidates.find((r) => signedBy(current, r));
    if (anchor) {
      if (anchor.fingerprint === current.fingerprint && path.length > 1) path.pop();
      return { path, anchor };
    }
    if (path.length >= MAX_CHAIN_LENGTH) {
      f.error('cert-chain-untrusted', `The chain from '${leaf.label}' does not reach a trusted root within ${MAX_CHAIN_LENGTH} certificates.`, 'Publish only the mark certificate and the CA certificates that issued it.', citation);
      return { path, anchor: null };
    }
    const bundleCandidates = bundle.filter((c) => !path.includes(c) && sameName(current.x509.issuer, c.x509.subject));
    const next = bundleCandidates.find((c) => signedBy(current, c));
    if (next) {
      path.push(next);
      current = next;
      continue;
    }
    const claimed = [...rootCandidates, ...bundleCandidates];
    if (claimed.length > 0) {
      f.error(
        'cert-signature-invalid',
        `The signature of '${current.label}' does not verify with the key of '${claimed[0]!.label}', the issuer it names.`,
        'The certificate is forged, corrupted or paired with the wrong CA certificate, and receivers will refuse it. Download the bundle again from your Mark Verifying Authority.',
        citation,
      );
      return { path, anchor: null };
    }
    const selfSigned = sameName(current.x509.issuer, current.x509.subject) && signedBy(current, current);
    const rootList = roots.length > 0 ? `the ${roots.length} trusted Mark Verifying Authority roots` : 'the trusted roots (none were given)';
    if (selfSigned) {
      f.error(
        'cert-chain-untrusted',
        `The chain ends at the self-signed root '${current.label}', which is not one of ${rootList}.`,
        'Receivers only accept mark certificates from a recognised Mark Verifying Authority; a certificate from any other CA (or a web TLS CA) is not a VMC or CMC. Get the certificate from an authorised issuer (bimigroup.org/vmc-issuers).',
        citation,
      );
    } else {
      f.error(
        'cert-chain-untrusted',
        `The issuer of '${current.label}' ('${current.issuer}') is neither in the bundle nor one of ${rootList}.`,
        'Either the bundle lacks the intermediate CA certificate (append it after the mark certificate, as your Mark Verifying Authority supplied it), or the certificate was not issued by a recognised Mark Verifying Authority, and receivers will refuse it.',
        citation,
      );
    }
    return { path, anchor: null };
  }
}

/** Order, included roots and certificates that are not part of the chain. */
function reportBundleShape(bundle: readonly ParsedCertificate[], leaf: ParsedCertificate, chain: Chain, roots: readonly ParsedCertificate[], f: Findings): void {
  const rootPrints = new Set(roots.map((r) => r.fingerprint));
  const anchor = chain.anchor;
  // The anchor itself, or another copy of it (same name and key, e.g. re-issued).
  const isRoot = (c: ParsedCertificate) =>
    rootPrints.has(c.fingerprint) || (anchor !== null && sameName(c.x509.subject, anchor.x509.subject) && sameKey(c, anchor));
  const includedRoots = bundle.filter((c) => !chain.path.includes(c) && isRoot(c));
  // Only once the chain is verified can a certificate be called unused; otherwise the chain error says enough.
  const unused = anchor ? bundle.filter((c) => !chain.path.includes(c) && !isRoot(c) && c !== leaf) : [];
  // Expected order: the chain's certificates as found, then the root.
  const expected = [...chain.path, ...includedRoots].map((c) => c.index);
  const actual = bundle.filter((c) => chain.path.includes(c) || includedRoots.includes(c)).map((c) => c.index);
  if (leaf.index === 0 && expected.some((index, i) => actual[i] !== index)) {
    f.warning('cert-order', `The certificates of the bundle are not in issuance order. The file SHOULD list the mark certificate, then the CA that issued it, and so on up to the optional root; receivers may reject other orders. bimi-svg builds the chain regardless, but reorder the file.`, `${VMC_DRAFT} §3.3`);
  }
  for (const root of includedRoots) {
    f.info('cert-root-included', `The bundle includes the root certificate '${root.label}'. This is allowed (the root is optional); receivers use their own copy of the root.`, `${VMC_DRAFT} §3.3`);
  }
  if (chain.anchor) {
    f.info('cert-chain-anchor', `The chain ${chain.path.map((c) => `'${c.label}'`).join(' → ')} → '${chain.anchor.label}' verifies up to a trusted Mark Verifying Authority root (SHA-256 ${chain.anchor.fingerprint}).`, `${VMC_DRAFT} §5.1`);
  }
  for (const c of unused) {
    if (c.isCa) {
      f.warning('cert-unused', `Certificate ${c.index + 1} of the bundle ('${c.label}') is not part of the mark certificate's chain. Remove it: the bundle should hold only the mark certificate and its issuers.`, `${VMC_DRAFT} §3.3`);
    }
  }
}

function checkValidity(cert: ParsedCertificate, isLeaf: boolean, at: Date, f: Findings): void {
  const citation = `${VMC_DRAFT} §5.1; RFC 5280 §4.1.2.5`;
  const what = isLeaf ? `The mark certificate '${cert.label}'` : `The CA certificate '${cert.label}'`;
  if (at.getTime() < cert.notBefore.getTime()) {
    f.error('cert-not-yet-valid', `${what} is not valid until ${formatDate(cert.notBefore)} (checked at ${formatDate(at)}).`, 'Receivers refuse it until then; if the date is wrong, check the clock of the system that issued or installed it.', citation);
  } else if (at.getTime() > cert.notAfter.getTime()) {
    f.error('cert-expired', `${what} expired on ${formatDate(cert.notAfter)} (checked at ${formatDate(at)}).`, isLeaf ? 'Receivers stop showing the logo; renew the certificate with your Mark Verifying Authority and publish the new bundle at a=.' : 'Download the current bundle from your Mark Verifying Authority, which includes a valid issuing CA.', citation);
  } else if (isLeaf) {
    const days = Math.floor((cert.notAfter.getTime() - at.getTime()) / 86_400_000);
    if (days < EXPIRY_WARNING_DAYS) {
      f.warning('cert-expires-soon', `The mark certificate expires on ${formatDate(cert.notAfter)}, in ${days} day${days === 1 ? '' : 's'}. Renew it now: receivers stop showing the logo the moment it expires.`, citation);
    }
  }
  if (isLeaf) {
    const length = Math.round((cert.notAfter.getTime() - cert.notBefore.getTime()) / 86_400_000);
    if (length > LONG_VALIDITY_DAYS) {
      f.info('cert-validity-long', `The mark certificate is valid for ${length} days. Mark Verifying Authorities issue them for about a year (secondary sources quote limits of 398 or 825 days); this is reported, not refused.`, MCR);
    }
  }
}

function checkPathConstraints(path: readonly ParsedCertificate[], f: Findings): void {
  const citation = 'RFC 5280 §4.2.1.9, §6.1.4';
  const leaf = path[0]!;
  const leafBc = leaf.extensions.find((e) => e.extnID === OID.basicConstraints);
  if (leafBc && !leafBc.critical) {
    f.warning('cert-basic-constraints', `The mark certificate marks its basicConstraints extension non-critical; CAs normally mark it critical with CA:FALSE.`, citation);
  }
  path.forEach((ca, k) => {
    if (k === 0) return;
    if (!ca.isCa) {
      f.error('cert-issuer-not-ca', `The issuing certificate '${ca.label}' is not a CA (basicConstraints CA:TRUE is missing).`, 'A certificate that is not a CA cannot issue others, so receivers refuse the chain; the bundle may hold the wrong certificate.', citation);
      return;
    }
    const below = k - 1;
    if (ca.pathLen !== undefined && ca.pathLen < below) {
      f.error('cert-path-length', `The CA certificate '${ca.label}' allows ${ca.pathLen} intermediate CA${ca.pathLen === 1 ? '' : 's'} below it (pathLenConstraint), but the chain has ${below}.`, 'Receivers refuse such a chain; publish the chain your Mark Verifying Authority issued.', citation);
    }
    const ku = ca.extensions.find((e) => e.extnID === OID.keyUsage);
    if (ku) {
      const usages = safeParse(() => AsnConvert.parse(ku.extnValue.buffer, KeyUsage).toJSON());
      if (usages && !usages.includes('keyCertSign')) {
        f.error('cert-issuer-key-usage', `The CA certificate '${ca.label}' may not sign certificates (its keyUsage lacks keyCertSign).`, 'Receivers refuse the chain; publish the chain your Mark Verifying Authority issued.', 'RFC 5280 §4.2.1.3');
      }
    }
  });
}

function checkCriticalExtensions(cert: ParsedCertificate, f: Findings): void {
  const seen = new Set<string>();
  for (const ext of cert.extensions) {
    if (seen.has(ext.extnID)) {
      f.error('cert-extension-duplicate', `The certificate '${cert.label}' holds the extension ${ext.extnID} more than once.`, 'RFC 5280 forbids this and receivers may refuse the certificate.', 'RFC 5280 §4.2');
    }
    seen.add(ext.extnID);
    if (!ext.critical || UNDERSTOOD_EXTENSIONS.has(ext.extnID) || ext.extnID === OID.pilot) continue;
    f.error('cert-unknown-critical-extension', `The certificate '${cert.label}' has a critical extension that is not understood (${ext.extnID}).`, 'A receiver must refuse a certificate with a critical extension it does not recognise; ask the Mark Verifying Authority about it.', 'RFC 5280 §4.2');
  }
}

function checkRevocationAndCt(leaf: ParsedCertificate, f: Findings): void {
  const cdp = leaf.extensions.find((e) => e.extnID === OID.crlDistributionPoints);
  if (!cdp) {
    f.error('cert-crl-missing', 'The mark certificate has no CRL distribution point (cRLDistributionPoints extension).', 'Mark certificates MUST name the CRL that receivers check for revocation; ask your Mark Verifying Authority for a conforming certificate.', `${VMC_DRAFT} §4.5`);
  } else {
    const urls = safeParse(() =>
      AsnConvert.parse(cdp.extnValue.buffer, CRLDistributionPoints).flatMap((dp) => (dp.distributionPoint?.fullName ?? []).map((n) => n.uniformResourceIdentifier).filter((u): u is string => typeof u === 'string')),
    );
    f.info('cert-revocation-not-checked', `Revocation was not checked: bimi-svg does not download the CRL${urls && urls.length > 0 ? ` (${urls.join(', ')})` : ''}. Receivers may.`, `${VMC_DRAFT} §4.5, §5.1`);
  }
  if (leaf.extensions.some((e) => e.extnID === OID.sct)) {
    f.info('cert-sct-present', 'The mark certificate carries Certificate Transparency SCTs; their signatures were not verified (bimi-svg has no CT log list).', `${VMC_DRAFT} §4.6, §5.1; RFC 6962`);
  } else {
    f.error('cert-sct-missing', 'The mark certificate carries no Certificate Transparency SCT list.', 'Receivers MUST find SCTs showing the certificate was logged in a CT log, and refuse it otherwise; ask your Mark Verifying Authority for a logged certificate.', `${VMC_DRAFT} §4.6, §5.1; RFC 6962`);
  }
}

function ekuOf(cert: ParsedCertificate): string[] | null | 'invalid' {
  const ext = cert.extensions.find((e) => e.extnID === OID.extKeyUsage);
  if (!ext) return null;
  const list = safeParse(() => [...AsnConvert.parse(ext.extnValue.buffer, ExtendedKeyUsage)]);
  return list ?? 'invalid';
}

function checkEku(leaf: ParsedCertificate, issuer: ParsedCertificate | null, f: Findings): void {
  const citation = `${VMC_DRAFT} §4.4, §5.1`;
  const eku = ekuOf(leaf);
  if (eku === null || eku === 'invalid' || !eku.includes(OID.bimiEku)) {
    f.error(
      'cert-no-bimi-eku',
      `The mark certificate lacks the BIMI extended key usage (${OID.bimiEku}, id-kp-BrandIndicatorforMessageIdentification).`,
      `${eku === null ? 'It has no extendedKeyUsage extension' : eku === 'invalid' ? 'Its extendedKeyUsage extension cannot be read' : `Its extended key usages are ${eku.join(', ') || 'empty'}`}; receivers accept only certificates issued for BIMI. This is not a VMC or CMC: get one from a Mark Verifying Authority.`,
      citation,
    );
  } else if (eku.length > 1) {
    f.warning('cert-eku-not-only-bimi', `The mark certificate has other extended key usages besides BIMI (${eku.filter((o) => o !== OID.bimiEku).join(', ')}). The Mark Certificate Requirements make BIMI the only one; receivers may refuse it.`, MCR);
  }
  if (!issuer) return;
  const issuerEku = ekuOf(issuer);
  if (issuerEku === null || issuerEku === 'invalid' || !issuerEku.includes(OID.bimiEku)) {
    f.error(
      'cert-issuer-no-bimi-eku',
      `The CA that issued the mark certificate ('${issuer.label}') lacks the BIMI extended key usage (${OID.bimiEku}).`,
      'The immediate issuer of a VMC MUST also carry it, so receivers refuse this chain; the certificate may come from a CA that is not set up for mark certificates.',
      citation,
    );
  }
}

// ---------------------------------------------------------------------------------------
// Names and mark type

/** An A-label, lower-case domain name without a final dot. */
function canonicalDomain(name: string): string {
  const lower = name.trim().replace(/\.$/, '').toLowerCase();
  if (/^[\x00-\x7f]*$/.test(lower)) return lower;
  return domainToASCII(lower) || lower;
}

function checkSan(leaf: ParsedCertificate, options: CertificateOptions, f: Findings): string[] {
  const citation = `${VMC_DRAFT} §4.3, §5.2`;
  const ext = leaf.extensions.find((e) => e.extnID === OID.subjectAltName);
  const recordDomain = canonicalDomain(options.recordDomain);
  const selectorName = `${options.selector.trim().toLowerCase()}._bimi.${recordDomain}`;
  if (!ext) {
    f.error('cert-san-missing', 'The mark certificate has no subjectAltName extension, so it names no domain.', `Receivers match the certificate's dNSName entries against the domain of the BIMI record (${recordDomain}); get a certificate issued for this domain.`, citation);
    return [];
  }
  const names = safeParse(() => AsnConvert.parse(ext.extnValue.buffer, SubjectAlternativeName).map((n) => n.dNSName).filter((n): n is string => typeof n === 'string'));
  if (names === null) {
    f.error('cert-san-missing', 'The subjectAltName extension of the mark certificate cannot be read.', 'Receivers cannot tell which domains it covers; ask your Mark Verifying Authority to reissue it.', citation);
    return [];
  }
  const domainSet = new Set<string>();
  const selectorSet = new Set<string>();
  for (const raw of names) {
    const name = canonicalDomain(raw);
    if (name.startsWith('*.')) {
      f.warning('cert-san-wildcard', `The mark certificate names the wildcard ${raw}. The VMC rules have no wildcards, so it matches no domain; receivers may refuse it.`, citation);
      continue;
    }
    if (name.split('.').slice(1).includes('_bimi')) selectorSet.add(name);
    else domainSet.add(name);
  }
  if (!selectorSet.has(selectorName) && !domainSet.has(recordDomain)) {
    f.error(
      'cert-san-mismatch',
      `The mark certificate names ${names.length > 0 ? names.join(', ') : 'no domain'}, which does not cover the BIMI record at ${selectorName}.`,
      `Receivers need ${recordDomain} (any selector) or ${selectorName} (this selector only) among its dNSName entries, and refuse the logo otherwise. Point a= at the certificate issued for ${recordDomain}, or publish the record where the certificate applies.`,
      citation,
    );
  }
  return names;
}

function nameAttribute(name: Name, oid: string): string | null {
  for (const rdn of name) for (const atv of rdn) if (atv.type === oid) return atv.value.toString();
  return null;
}

function readMarkType(leaf: ParsedCertificate, f: Findings): string | null {
  const citation = `${CORE_DRAFT} §3.5; ${MCR}`;
  const value = safeParse(() => nameAttribute(leaf.asn.tbsCertificate.subject, OID.markType));
  if (value === null) {
    f.warning('cert-mark-type-missing', `The mark certificate's subject has no markType attribute (${OID.markType}), so it cannot be told whether it is a VMC or a CMC. Certificates issued before the attribute was introduced (2021 and earlier) lack it; receivers that require it may treat the certificate as unknown.`, citation);
    return null;
  }
  if (!MARK_TYPES[value.trim().toLowerCase()]) {
    f.warning('cert-mark-type-unknown', `The mark certificate's markType is "${value}", which is neither a VMC type (Registered Mark, Government Mark) nor a CMC type (Prior Use Mark, Modified Registered Mark). Receivers may not recognise it.`, citation);
  }
  return value;
}

function checkPolicies(leaf: ParsedCertificate, f: Findings): void {
  const ext = leaf.extensions.find((e) => e.extnID === OID.policies);
  const policies = ext ? safeParse(() => AsnConvert.parse(ext.extnValue.buffer, CertificatePolicies).map((p) => p.policyIdentifier)) : [];
  if (!policies || !policies.includes(OID.bimiPolicy)) {
    f.warning('cert-policy-missing', `The mark certificate does not assert the BIMI certificate policy (${OID.bimiPolicy}) in certificatePolicies, which every Mark Verifying Authority includes. It may not be a mark certificate.`, MCR);
  }
}

function checkPilot(leaf: ParsedCertificate, f: Findings): void {
  const ext = leaf.extensions.find((e) => e.extnID === OID.pilot);
  if (!ext) return;
  const critical = ext.critical ? ' Generic certificate validators (e.g. OpenSSL) refuse it as an unhandled critical extension; BIMI receivers allow it.' : '';
  f.info('cert-pilot', `The mark certificate carries the BIMI pilot identifier extension (${OID.pilot}${ext.critical ? ', critical' : ''}), found in certificates of the BIMI pilot period; it is accepted.${critical}`, MCR);
  if (leaf.notBefore.getTime() >= Date.UTC(2025, 2, 15)) {
    f.warning('cert-pilot-late', `The mark certificate was issued on ${formatDate(leaf.notBefore)}, on or after 2025-03-15, yet carries the pilot identifier extension, which later certificates must not contain. Receivers may refuse it; ask your Mark Verifying Authority.`, MCR);
  }
}

// ---------------------------------------------------------------------------------------
// The logo

function readLogotype(leaf: ParsedCertificate, f: Findings): Buffer | null {
  const citation = `${VMC_DRAFT} §4.1, §4.2; RFC 3709`;
  const ext = leaf.extensions.find((e) => e.extnID === OID.logotype);
  if (!ext) {
    f.error('cert-logotype-missing', 'The mark certificate has no logotype extension (1.3.6.1.5.5.7.1.12), so it carries no logo.', 'A VMC or CMC embeds the certified SVG logo; receivers take the logo from it. This is not a mark certificate.', citation);
    return null;
  }
  if (ext.critical) {
    f.warning('cert-logotype-critical', 'The logotype extension of the mark certificate is marked critical. Real mark certificates mark it non-critical, and some receivers (e.g. pybimi) refuse a critical one.', `${VMC_DRAFT} §4.1; RFC 3709 §4`);
  }
  let details;
  try {
    const logotype = AsnConvert.parse(ext.extnValue.buffer, LogotypeExtn);
    details = logotype.subjectLogo?.direct?.image?.[0]?.imageDetails;
  } catch (e) {
    f.error('cert-logotype-invalid', `The logotype extension of the mark certificate cannot be read (${(e as Error).message}).`, 'Receivers cannot extract the logo; ask your Mark Verifying Authority to reissue the certificate.', citation);
    return null;
  }
  if (!details) {
    f.error('cert-logotype-invalid', 'The logotype extension has no subject logo image embedded directly (subjectLogo → direct → image).', 'Receivers take the logo from that image; ask your Mark Verifying Authority to reissue the certificate.', citation);
    return null;
  }
  if (details.mediaType.toLowerCase() !== 'image/svg+xml') {
    f.error('cert-logotype-media-type', `The logo in the mark certificate has media type "${details.mediaType}", not image/svg+xml.`, 'BIMI logos are SVG; receivers refuse other types.', `${VMC_DRAFT} §4.2; RFC 6170`);
    return null;
  }
  const uri = details.logotypeURI[0] ?? '';
  const match = /^data:([^,]*?)(;base64)?,(.*)$/is.exec(uri);
  if (!match) {
    f.error('cert-logotype-uri', `The logo in the mark certificate is not embedded as a data: URI (it is ${uri ? `"${truncate(uri, 60)}"` : 'empty'}).`, 'Mark certificates MUST embed the SVG directly in a data: URI; receivers do not fetch logos named by the certificate.', `${VMC_DRAFT} §4.1; RFC 6170 §5.2; RFC 2397`);
    return null;
  }
  const payload = match[3]!.replace(/\s+/g, '');
  let bytes: Buffer;
  if (match[2]) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(payload)) {
      f.error('cert-logotype-uri', 'The base64 data of the logo in the mark certificate is not valid base64.', 'Receivers cannot decode the logo; ask your Mark Verifying Authority to reissue the certificate.', `${VMC_DRAFT} §4.2; RFC 2397`);
      return null;
    }
    bytes = Buffer.from(payload, 'base64');
  } else {
    f.warning('cert-logotype-not-base64', 'The logo data: URI in the mark certificate is not base64-encoded, which the VMC draft requires (MUST); bimi-svg reads it anyway, as lenient receivers do, but strict ones refuse it. Ask your Mark Verifying Authority.', `${VMC_DRAFT} §4.2`);
    try {
      bytes = Buffer.from(decodeURIComponent(match[3]!), 'utf8');
    } catch {
      bytes = Buffer.from(match[3]!, 'latin1');
    }
  }
  let svg: Buffer;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      svg = gunzipSync(bytes, { maxOutputLength: MAX_LOGO_BYTES });
    } catch (e) {
      const tooLarge = (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError;
      if (tooLarge) {
        f.error('cert-logotype-too-large', `The logo in the mark certificate decompresses to more than ${MAX_LOGO_BYTES} bytes; bimi-svg stopped decompressing.`, 'BIMI logos are at most 32 KB; a larger one (or a compression bomb) is refused by receivers.', `${VMC_DRAFT} §4.2`);
      } else {
        f.error('cert-logotype-gzip', `The gzip data of the logo in the mark certificate is corrupt (${(e as Error).message}).`, 'Receivers cannot decompress the logo; ask your Mark Verifying Authority to reissue the certificate.', `${VMC_DRAFT} §4.2; RFC 6170 §5.2`);
      }
      return null;
    }
  } else {
    f.error('cert-logotype-not-gzip', 'The logo in the mark certificate is not gzip-compressed.', 'With a data: URI the SVG MUST be embedded as SVGZ (gzip), and receivers that follow the rule refuse an uncompressed one. Ask your Mark Verifying Authority to reissue the certificate.', `RFC 6170 §5.2; ${VMC_DRAFT} §4.2`);
    if (bytes.length > MAX_LOGO_BYTES) return null;
    svg = bytes;
  }
  checkLogotypeHash(details.logotypeHash, svg, f);
  return svg;
}

function checkLogotypeHash(hashes: readonly { hashAlg: { algorithm: string }; hashValue: { buffer: ArrayBuffer } }[], svg: Buffer, f: Findings): void {
  const citation = `RFC 6170 §5.2; RFC 3709 §4.1; ${VMC_DRAFT} §4.2`;
  const supported = hashes.filter((h) => HASHES[h.hashAlg.algorithm]);
  if (supported.length === 0) {
    const algs = hashes.map((h) => h.hashAlg.algorithm).join(', ') || 'none';
    f.error('cert-logo-hash', `The logotype hash of the mark certificate uses no supported algorithm (${algs}; SHA-1 or SHA-2 expected).`, 'The logo cannot be tied to the certificate; ask your Mark Verifying Authority to reissue it.', citation);
    return;
  }
  const normalized = normalizeEol(svg);
  for (const h of supported) {
    const alg = HASHES[h.hashAlg.algorithm]!;
    const expected = Buffer.from(h.hashValue.buffer);
    const raw = createHash(alg).update(svg).digest();
    const canonical = normalized.equals(svg) ? raw : createHash(alg).update(normalized).digest();
    if (!expected.equals(raw) && !expected.equals(canonical)) {
      f.error(
        'cert-logo-hash',
        `The ${alg.toUpperCase()} hash in the logotype extension does not match the embedded logo.`,
        `The certificate says ${expected.toString('hex')}, the decompressed SVG hashes to ${raw.toString('hex')}. The logo was altered or the certificate is malformed; receivers refuse it.`,
        citation,
      );
    }
  }
}

function checkEmbeddedSvg(svg: Buffer, f: Findings): void {
  let report: CheckResult;
  try {
    report = check(svg, { filePath: '<certificate logo>' });
  } catch (e) {
    f.error('cert-logo-invalid', `The logo embedded in the mark certificate could not be checked (${(e as Error).message}).`, 'Receivers validate it as SVG Tiny PS before showing it.', `${VMC_DRAFT} §4.2, §5.3`);
    return;
  }
  const errors = report.messages.filter((m) => m.severity === 'error');
  const schemaErrors = errors.filter((m) => SCHEMA_TIERS.has(m.tier));
  const otherErrors = errors.filter((m) => !SCHEMA_TIERS.has(m.tier));
  if (schemaErrors.length > 0) {
    f.error(
      'cert-logo-invalid',
      `The logo embedded in the mark certificate is not valid SVG Tiny PS (${schemaErrors.length} error${schemaErrors.length === 1 ? '' : 's'}: ${listDiagnostics(schemaErrors)}).`,
      'Receivers validate the certificate\'s logo against the Tiny PS schema and refuse it, and the logo cannot change without a new certificate: ask your Mark Verifying Authority to reissue it with a conforming SVG (bimi-svg convert can make one).',
      `${VMC_DRAFT} §4.2, §5.3`,
    );
  }
  if (otherErrors.length > 0) {
    f.warning(
      'cert-logo-rules',
      `The logo embedded in the mark certificate breaks ${otherErrors.length} Tiny PS rule${otherErrors.length === 1 ? '' : 's'} that schema validation does not catch (${listDiagnostics(otherErrors)}). The Mark Verifying Authority accepted it and receivers that validate against the schema show it, but stricter ones may not; fixing it needs a new certificate.`,
      `${VMC_DRAFT} §4.2`,
    );
  }
}

function compareLogos(embedded: Buffer, served: Buffer, f: Findings): boolean {
  const citation = `${CORE_DRAFT} §7.9`;
  let servedSvg = served;
  if (served[0] === 0x1f && served[1] === 0x8b) {
    try {
      servedSvg = gunzipSync(served, { maxOutputLength: MAX_LOGO_BYTES });
    } catch {
      servedSvg = served;
    }
  }
  const comparison = compareLogoBytes(servedSvg, embedded, 'the served file');
  if (comparison.kind === 'same') return true;
  if (comparison.kind === 'line-endings') {
    f.warning('cert-logo-line-endings', 'The served logo (l=) and the logo in the mark certificate differ only in line endings (CR LF versus LF). Receivers that normalise line endings (RFC 6170 §5.2, Mail::BIMI) accept this; others compare bytes and refuse. Serve the certificate\'s logo byte for byte.', `${citation}; RFC 6170 §5.2`);
    return true;
  }
  f.error(
    'cert-logo-mismatch',
    `The logo served at l= (${servedSvg.length.toLocaleString('en-US')} bytes) is not the logo embedded in the mark certificate (${embedded.length.toLocaleString('en-US')} bytes); ${comparison.where}.`,
    'When a record has both l= and a=, receivers MUST check that the two are identical and refuse the logo otherwise. Serve exactly the SVG your Mark Verifying Authority certified (the file you submitted for the certificate), not a re-exported or optimised copy.',
    citation,
  );
  return false;
}

// ---------------------------------------------------------------------------------------
// Helpers

function listDiagnostics(list: readonly Diagnostic[]): string {
  const shown = list.slice(0, 3).map((m) => `at ${m.line}:${m.column}, ${m.message} [${m.ruleId}]`);
  return list.length > 3 ? `${shown.join('; ')}; and ${list.length - 3} more` : shown.join('; ');
}

function safeParse<T>(parse: () => T): T | null {
  try {
    return parse();
  } catch {
    return null;
  }
}

function formatDate(date: Date): string {
  return Number.isNaN(date.getTime()) ? 'an invalid date' : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
