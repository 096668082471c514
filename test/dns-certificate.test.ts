/**
 * The mark certificate check (src/dns/certificate.ts) and the trusted roots
 * (src/dns/roots.ts), against certificates generated in-process by a test Mark Verifying
 * Authority (test/support/pki.ts) and against four real VMC/CMC chains read from the
 * shared reference directory (skipped when it is absent; they are never copied here).
 */
import { X509Certificate, createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BimiSvgError } from '../src/errors.js';
import { MAX_PEM_BYTES, evaluateCertificate, type CertificateEvaluation, type CertificateOptions } from '../src/dns/certificate.js';
import { bundledRootsDirectory, loadBundledRoots, pemBlocks, readPemFile } from '../src/dns/roots.js';
import { OID_UNKNOWN, TEST_SVG, createTestPki, type LeafOptions, type TestPki } from './support/pki.js';

const repo = fileURLToPath(new URL('../', import.meta.url));
const NOW = new Date('2025-06-01T00:00:00Z');
const DAY = 86_400_000;
const URL_A = 'https://example.test/bimi/vmc.pem';
const scratch = mkdtempSync(join(tmpdir(), 'bimi-svg-cert-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let pki: TestPki;
let other: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
  other = await createTestPki({ now: NOW, rootName: 'Another Test Root CA' });
});

function evaluate(pem: string | Buffer, overrides: Partial<CertificateOptions> = {}): CertificateEvaluation {
  return evaluateCertificate(pem, URL_A, {
    recordDomain: 'example.test',
    selector: 'default',
    trustRoots: [pki.rootPem],
    at: NOW,
    servedSvg: null,
    ...overrides,
  });
}

async function evaluateLeaf(options: LeafOptions = {}, overrides: Partial<CertificateOptions> = {}) {
  const bundle = await pki.leaf(options);
  return { bundle, ...evaluate(bundle.pem, { servedSvg: bundle.svg, ...overrides }) };
}

const codes = (e: CertificateEvaluation, severity: 'error' | 'warning' | 'info') => e.messages.filter((m) => m.severity === severity).map((m) => m.code);
const message = (e: CertificateEvaluation, code: string) => e.messages.find((m) => m.code === code)?.message ?? '';
const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;

describe('a good VMC', () => {
  it('is valid: VMC, chain to the trust anchor, SAN and logo match', async () => {
    const { bundle, certificate, messages, logotypeSvg } = await evaluateLeaf();
    expect(certificate.problems).toEqual([]);
    expect(certificate.status).toBe('valid');
    expect(certificate.url).toBe(URL_A);
    expect(certificate.type).toBe('VMC');
    expect(certificate.markType).toBe('Registered Mark');
    expect(certificate.san).toEqual(['example.test']);
    expect(certificate.subject).toContain('CN=Example Test Brand');
    expect(certificate.subject).toContain('1.3.6.1.4.1.53087.1.13=Registered Mark');
    expect(certificate.issuer).toContain('CN=Test Verified Mark CA 1');
    expect(certificate.notBefore).toBe(new Date(NOW.getTime() - 30 * DAY).toISOString());
    expect(certificate.notAfter).toBe(new Date(NOW.getTime() + 335 * DAY).toISOString());
    expect(certificate.chain).toEqual([
      { subject: 'Example Test Brand', sha256: fingerprint(bundle.leafPem) },
      { subject: 'Test Verified Mark CA 1', sha256: fingerprint(pki.intermediatePem) },
      { subject: 'Test Verified Mark Root CA', sha256: fingerprint(pki.rootPem) },
    ]);
    expect(certificate.logoMatches).toBe(true);
    expect(logotypeSvg?.toString('utf8')).toBe(TEST_SVG);
    expect(messages.filter((m) => m.severity !== 'info')).toEqual([]);
    expect(codes({ certificate, messages, logotypeSvg }, 'info')).toEqual(['cert-chain-anchor', 'cert-revocation-not-checked', 'cert-sct-present']);
    expect(message({ certificate, messages, logotypeSvg }, 'cert-chain-anchor')).toContain(fingerprint(pki.rootPem));
    expect(message({ certificate, messages, logotypeSvg }, 'cert-revocation-not-checked')).toContain('http://127.0.0.1/test-mva.crl');
    expect(message({ certificate, messages, logotypeSvg }, 'cert-sct-present')).toMatch(/not verified/);
    for (const m of messages) {
      expect(m.step).toBe('certificate');
      expect(m.code).toMatch(/^cert-[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(m.citation).toBeTruthy();
    }
  });

  it('returns synchronously and accepts the bundle as a Buffer', async () => {
    const bundle = await pki.leaf();
    const result = evaluate(Buffer.from(bundle.pem), { servedSvg: bundle.svg });
    expect(result).not.toBeInstanceOf(Promise);
    expect(result.certificate.status).toBe('valid');
  });

  it('accepts a SHA-1 logotype hash, as every real certificate uses', async () => {
    const { certificate, messages } = await evaluateLeaf({ hash: 'sha1' });
    expect(certificate.status).toBe('valid');
    expect(messages.map((m) => m.code)).not.toContain('cert-logo-hash');
  });

  it('leaves logoMatches null when no served logo is given', async () => {
    const bundle = await pki.leaf();
    const { certificate } = evaluate(bundle.pem, { servedSvg: null });
    expect(certificate.status).toBe('valid');
    expect(certificate.logoMatches).toBeNull();
  });
});

describe('names (subjectAltName, VMC draft §5.2)', () => {
  it('matches the record domain for any selector', async () => {
    const { certificate } = await evaluateLeaf({}, { selector: 'brand2' });
    expect(certificate.status).toBe('valid');
  });

  it('matches <selector>._bimi.<domain> for that selector only', async () => {
    const bundle = await pki.leaf({ domains: ['default._bimi.example.test'] });
    expect(evaluate(bundle.pem).certificate.status).toBe('valid');
    const other = evaluate(bundle.pem, { selector: 'brand2' });
    expect(other.certificate.status).toBe('invalid');
    expect(codes(other, 'error')).toEqual(['cert-san-mismatch']);
    expect(message(other, 'cert-san-mismatch')).toContain('brand2._bimi.example.test');
  });

  it('compares case-insensitively, ignores a final dot and uses A-labels for IDNs', async () => {
    expect((await evaluateLeaf({}, { recordDomain: 'Example.TEST.' })).certificate.status).toBe('valid');
    const idn = await evaluateLeaf({ domains: ['xn--bcher-kva.example'] }, { recordDomain: 'bücher.example' });
    expect(idn.certificate.problems).toEqual([]);
  });

  it('rejects a certificate for another domain', async () => {
    const result = await evaluateLeaf({ domains: ['other.test'] });
    expect(result.certificate.status).toBe('invalid');
    expect(codes(result, 'error')).toEqual(['cert-san-mismatch']);
    expect(result.certificate.problems).toHaveLength(1);
    expect(result.certificate.problems[0]).toContain('other.test');
  });

  it('does not extend a domain to its subdomains (the record domain must be named)', async () => {
    const result = await evaluateLeaf({}, { recordDomain: 'mail.example.test' });
    expect(codes(result, 'error')).toEqual(['cert-san-mismatch']);
  });

  it('never matches a wildcard, and says so', async () => {
    const result = await evaluateLeaf({ domains: ['*.example.test'] }, { recordDomain: 'www.example.test' });
    expect(codes(result, 'error')).toEqual(['cert-san-mismatch']);
    expect(codes(result, 'warning')).toEqual(['cert-san-wildcard']);
  });
});

describe('mark type', () => {
  it.each([
    ['Registered Mark', 'VMC'],
    ['Government Mark', 'VMC'],
    ['Prior Use Mark', 'CMC'],
    ['Modified Registered Mark', 'CMC'],
  ] as const)('%s is a %s', async (markType, type) => {
    const { certificate } = await evaluateLeaf({ markType });
    expect(certificate.status).toBe('valid');
    expect(certificate.markType).toBe(markType);
    expect(certificate.type).toBe(type);
  });

  it('without markType: type null and a warning, still valid', async () => {
    const result = await evaluateLeaf({ markType: null });
    expect(result.certificate.status).toBe('valid');
    expect(result.certificate.markType).toBeNull();
    expect(result.certificate.type).toBeNull();
    expect(codes(result, 'warning')).toEqual(['cert-mark-type-missing']);
  });

  it('an unknown markType is reported with type null', async () => {
    const result = await evaluateLeaf({ markType: 'Pending Registration Mark' });
    expect(result.certificate.type).toBeNull();
    expect(result.certificate.markType).toBe('Pending Registration Mark');
    expect(codes(result, 'warning')).toEqual(['cert-mark-type-unknown']);
  });
});

describe('validity', () => {
  it('an expired certificate is invalid, with its date', async () => {
    const bundle = await pki.leaf();
    const at = new Date(NOW.getTime() + 400 * DAY);
    const result = evaluate(bundle.pem, { at });
    expect(codes(result, 'error')).toEqual(['cert-expired']);
    expect(message(result, 'cert-expired')).toContain(new Date(NOW.getTime() + 335 * DAY).toISOString().slice(0, 10));
    expect(result.certificate.status).toBe('invalid');
  });

  it('a certificate that is not yet valid is invalid', async () => {
    const bundle = await pki.leaf();
    const result = evaluate(bundle.pem, { at: new Date(NOW.getTime() - 60 * DAY) });
    expect(codes(result, 'error')).toEqual(['cert-not-yet-valid']);
    expect(message(result, 'cert-not-yet-valid')).toContain(new Date(NOW.getTime() - 30 * DAY).toISOString().slice(0, 10));
  });

  it('an expired intermediate makes the chain invalid too', async () => {
    const bundle = await pki.leaf({ notAfter: new Date(NOW.getTime() + 3000 * DAY) });
    const result = evaluate(bundle.pem, { at: new Date(NOW.getTime() + 2000 * DAY) });
    expect(codes(result, 'error')).toEqual(['cert-expired']);
    expect(message(result, 'cert-expired')).toContain("CA certificate 'Test Verified Mark CA 1'");
    expect(codes(result, 'info')).toContain('cert-validity-long');
  });

  it('warns when the certificate expires within 30 days', async () => {
    const bundle = await pki.leaf();
    const result = evaluate(bundle.pem, { at: new Date(NOW.getTime() + 325 * DAY) });
    expect(result.certificate.status).toBe('valid');
    expect(codes(result, 'warning')).toEqual(['cert-expires-soon']);
  });
});

describe('extended key usage (VMC draft §4.4)', () => {
  it('a leaf without the EKU extension is refused', async () => {
    const result = await evaluateLeaf({ eku: null });
    expect(codes(result, 'error')).toEqual(['cert-no-bimi-eku']);
  });

  it('a leaf with only another EKU is refused', async () => {
    const result = await evaluateLeaf({ eku: ['1.3.6.1.5.5.7.3.1'] });
    expect(codes(result, 'error')).toEqual(['cert-no-bimi-eku']);
    expect(message(result, 'cert-no-bimi-eku')).toContain('1.3.6.1.5.5.7.3.1');
  });

  it('other EKUs besides BIMI get a warning (MCR)', async () => {
    const result = await evaluateLeaf({ eku: ['1.3.6.1.5.5.7.3.31', '1.3.6.1.5.5.7.3.4'] });
    expect(result.certificate.status).toBe('valid');
    expect(codes(result, 'warning')).toEqual(['cert-eku-not-only-bimi']);
  });

  it('an issuing CA without the BIMI EKU is refused', async () => {
    const result = await evaluateLeaf({ issuerWithoutEku: true });
    expect(codes(result, 'error')).toEqual(['cert-issuer-no-bimi-eku']);
    expect(result.certificate.chain.map((c) => c.subject)).toEqual(['Example Test Brand', 'Test Verified Mark CA 2 (no BIMI EKU)', 'Test Verified Mark Root CA']);
  });
});

describe('chain building', () => {
  it('a forged leaf that copies the issuer name fails on its signature (checkIssued alone is fooled)', async () => {
    const bundle = await pki.leaf({ forged: true });
    const leaf = new X509Certificate(bundle.leafPem);
    const intermediate = new X509Certificate(pki.intermediatePem);
    expect(leaf.checkIssued(intermediate)).toBe(true);
    expect(leaf.verify(intermediate.publicKey)).toBe(false);
    const result = evaluate(bundle.pem, { servedSvg: bundle.svg });
    expect(result.certificate.status).toBe('invalid');
    expect(codes(result, 'error')).toEqual(['cert-signature-invalid']);
    expect(result.certificate.chain).toHaveLength(1);
    expect(codes(result, 'info')).not.toContain('cert-chain-anchor');
    // The intermediate is the named issuer, not an unused certificate.
    expect(codes(result, 'warning')).toEqual([]);
  });

  it('reversed order: a warning, still valid (the chain is built by signature, not position)', async () => {
    const result = await evaluateLeaf({ order: 'reversed' });
    expect(result.certificate.status).toBe('valid');
    expect(codes(result, 'warning')).toEqual(['cert-order']);
    expect(result.certificate.chain).toHaveLength(3);
  });

  it('leaf first but root before the intermediate: one order warning', async () => {
    const bundle = await pki.leaf();
    const [leaf, intermediate] = pemBlocks(bundle.pem).map((b) => `-----BEGIN CERTIFICATE-----\n${b.base64}\n-----END CERTIFICATE-----\n`);
    const result = evaluate(`${leaf}${pki.rootPem}${intermediate}`, { servedSvg: bundle.svg });
    expect(result.certificate.status).toBe('valid');
    expect(codes(result, 'warning')).toEqual(['cert-order']);
    expect(codes(result, 'info')).toContain('cert-root-included');
  });

  it('an included root is reported, not duplicated in the chain', async () => {
    const result = await evaluateLeaf({ includeRoot: true });
    expect(result.certificate.status).toBe('valid');
    expect(codes(result, 'info')).toContain('cert-root-included');
    expect(result.certificate.chain.map((c) => c.subject)).toEqual(['Example Test Brand', 'Test Verified Mark CA 1', 'Test Verified Mark Root CA']);
  });

  it('a chain to a root outside the trusted set is untrusted', async () => {
    const result = await evaluateLeaf({}, { trustRoots: [other.rootPem] });
    expect(result.certificate.status).toBe('invalid');
    expect(codes(result, 'error')).toEqual(['cert-chain-untrusted']);
    expect(message(result, 'cert-chain-untrusted')).toContain('Test Verified Mark Root CA');
  });

  it('a bundled self-signed root is not trusted for being in the bundle', async () => {
    const result = await evaluateLeaf({ includeRoot: true }, { trustRoots: [other.rootPem] });
    expect(codes(result, 'error')).toEqual(['cert-chain-untrusted']);
    expect(message(result, 'cert-chain-untrusted')).toMatch(/self-signed root 'Test Verified Mark Root CA'/);
  });

  it('no trusted roots at all: untrusted, and the message says none were given', async () => {
    const result = await evaluateLeaf({}, { trustRoots: [] });
    expect(codes(result, 'error')).toEqual(['cert-chain-untrusted']);
    expect(message(result, 'cert-chain-untrusted')).toContain('none were given');
  });

  it('a bundle without the intermediate cannot reach the root', async () => {
    const bundle = await pki.leaf();
    const result = evaluate(bundle.leafPem, { servedSvg: bundle.svg });
    expect(codes(result, 'error')).toEqual(['cert-chain-untrusted']);
    expect(message(result, 'cert-chain-untrusted')).toContain('intermediate');
  });

  it('an intermediate given as a trust anchor ends the chain there', async () => {
    const bundle = await pki.leaf();
    const result = evaluate(bundle.leafPem, { servedSvg: bundle.svg, trustRoots: [pki.intermediatePem] });
    expect(result.certificate.status).toBe('valid');
    expect(result.certificate.chain.map((c) => c.subject)).toEqual(['Example Test Brand', 'Test Verified Mark CA 1']);
  });

  it('a trust-root text may hold several certificates; unreadable ones are reported', async () => {
    const bundle = await pki.leaf();
    const roots = [`${other.rootPem}junk\n${pki.rootPem}`, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'];
    const result = evaluate(bundle.pem, { servedSvg: bundle.svg, trustRoots: roots });
    expect(result.certificate.status).toBe('valid');
    expect(codes(result, 'warning')).toEqual(['cert-trust-root-unreadable']);
  });

  it('duplicates are reported and ignored', async () => {
    const bundle = await pki.leaf();
    const result = evaluate(bundle.pem + pki.intermediatePem, { servedSvg: bundle.svg });
    expect(result.certificate.status).toBe('valid');
    expect(codes(result, 'warning')).toEqual(['cert-duplicate']);
  });

  it('a CA certificate that is not part of the chain is reported', async () => {
    const bundle = await pki.leaf();
    const result = evaluate(bundle.pem + other.intermediatePem, { servedSvg: bundle.svg });
    expect(result.certificate.status).toBe('valid');
    expect(codes(result, 'warning')).toEqual(['cert-unused']);
  });

  it('two mark certificates in one bundle are refused', async () => {
    const a = await pki.leaf();
    const b = await pki.leaf({ brand: 'Second Brand' });
    const result = evaluate(a.leafPem + b.pem, { servedSvg: a.svg });
    expect(codes(result, 'error')).toEqual(['cert-multiple-leaves']);
  });

  it('a bundle of CA certificates only has no mark certificate', () => {
    const result = evaluate(pki.intermediatePem + pki.rootPem);
    expect(codes(result, 'error')).toEqual(['cert-no-leaf']);
    expect(result.certificate.subject).toBeNull();
  });
});

describe('extensions', () => {
  it('an unknown critical extension is refused', async () => {
    const result = await evaluateLeaf({ unknownCriticalExtension: true });
    expect(codes(result, 'error')).toEqual(['cert-unknown-critical-extension']);
    expect(message(result, 'cert-unknown-critical-extension')).toContain(OID_UNKNOWN);
  });

  it('the critical BIMI pilot extension is accepted, with an info', async () => {
    const result = await evaluateLeaf({ pilotExtension: true, notBefore: new Date('2024-10-10T00:00:00Z') });
    expect(result.certificate.status).toBe('valid');
    expect(codes(result, 'info')).toContain('cert-pilot');
    expect(codes(result, 'warning')).toEqual([]);
  });

  it('the pilot extension in a certificate issued after 2025-03-15 gets a warning', async () => {
    const result = await evaluateLeaf({ pilotExtension: true });
    expect(result.certificate.status).toBe('valid');
    expect(codes(result, 'warning')).toEqual(['cert-pilot-late']);
  });

  it('no SCT list: refused (receivers MUST find SCTs)', async () => {
    const result = await evaluateLeaf({ sct: false });
    expect(codes(result, 'error')).toEqual(['cert-sct-missing']);
  });

  it('no CRL distribution point: refused', async () => {
    const result = await evaluateLeaf({ crl: false });
    expect(codes(result, 'error')).toEqual(['cert-crl-missing']);
    expect(codes(result, 'info')).not.toContain('cert-revocation-not-checked');
  });

  it('no BIMI certificate policy: a warning', async () => {
    const result = await evaluateLeaf({ policies: false });
    expect(result.certificate.status).toBe('valid');
    expect(codes(result, 'warning')).toEqual(['cert-policy-missing']);
  });
});

describe('the logo in the certificate', () => {
  it('a logotype hash that does not match is refused', async () => {
    const result = await evaluateLeaf({ wrongHash: true });
    expect(codes(result, 'error')).toEqual(['cert-logo-hash']);
    expect(message(result, 'cert-logo-hash')).toContain(createHash('sha256').update(TEST_SVG).digest('hex'));
  });

  it('no logotype extension: refused, nothing to compare', async () => {
    const result = await evaluateLeaf({ logotype: 'none' }, { servedSvg: Buffer.from(TEST_SVG) });
    expect(codes(result, 'error')).toEqual(['cert-logotype-missing']);
    expect(result.logotypeSvg).toBeNull();
    expect(result.certificate.logoMatches).toBeNull();
  });

  it('a data: URI without gzip is refused, yet the logo is still extracted and compared', async () => {
    const result = await evaluateLeaf({ logotype: 'plain' });
    expect(codes(result, 'error')).toEqual(['cert-logotype-not-gzip']);
    expect(result.logotypeSvg?.toString('utf8')).toBe(TEST_SVG);
    expect(result.certificate.logoMatches).toBe(true);
  });

  it('a critical logotype extension gets a warning', async () => {
    const result = await evaluateLeaf({ logotypeCritical: true });
    expect(result.certificate.status).toBe('valid');
    expect(codes(result, 'warning')).toEqual(['cert-logotype-critical']);
  });

  it('a served logo that differs is a mismatch (core draft §7.9)', async () => {
    const served = Buffer.from(TEST_SVG.replace('#1a5fb4', '#1a5fb5'));
    const result = await evaluateLeaf({}, { servedSvg: served });
    expect(codes(result, 'error')).toEqual(['cert-logo-mismatch']);
    expect(result.certificate.logoMatches).toBe(false);
    const mismatch = result.messages.find((m) => m.code === 'cert-logo-mismatch')!;
    expect(mismatch.citation).toBe('draft-brand-indicators-for-message-identification-12 §7.9');
    // It says where: the line and column of the changed digit in the served file.
    const offset = TEST_SVG.indexOf('#1a5fb4') + 6;
    const line = TEST_SVG.slice(0, offset).split('\n').length;
    const column = offset - TEST_SVG.lastIndexOf('\n', offset - 1);
    expect(mismatch.message).toContain(`first differ at line ${line}, column ${column} of the served file`);
    const shortened = await evaluateLeaf({}, { servedSvg: Buffer.from(TEST_SVG.slice(0, 100)) });
    expect(shortened.messages.find((m) => m.code === 'cert-logo-mismatch')!.message).toMatch(/\(100 bytes\).*shortened copy/);
  });

  it('a served logo that differs only in line endings matches, with a warning', async () => {
    const crlf = TEST_SVG.replace(/\n/g, '\r\n');
    const result = await evaluateLeaf({ svg: crlf }, { servedSvg: Buffer.from(TEST_SVG) });
    expect(result.certificate.status).toBe('valid');
    expect(result.certificate.logoMatches).toBe(true);
    expect(codes(result, 'warning')).toEqual(['cert-logo-line-endings']);
  });

  it('a served logo still gzip-compressed is decompressed before comparing', async () => {
    const result = await evaluateLeaf({}, { servedSvg: gzipSync(TEST_SVG) });
    expect(result.certificate.logoMatches).toBe(true);
    expect(result.messages.filter((m) => m.severity !== 'info')).toEqual([]);
  });

  it('an embedded logo that is not Tiny PS (no baseProfile) makes the certificate unusable', async () => {
    const svg = TEST_SVG.replace(' baseProfile="tiny-ps"', '');
    const result = await evaluateLeaf({ svg });
    expect(codes(result, 'error')).toEqual(['cert-logo-invalid']);
    expect(message(result, 'cert-logo-invalid')).toContain('root-base-profile');
    expect(result.certificate.logoMatches).toBe(true);
  });

  it('an embedded logo breaking a rule beyond the schema (one colour) gets a warning', async () => {
    const svg = TEST_SVG.replace(/#ffffff/g, '#1a5fb4');
    const result = await evaluateLeaf({ svg });
    expect(result.certificate.status).toBe('valid');
    expect(codes(result, 'warning')).toEqual(['cert-logo-rules']);
    expect(message(result, 'cert-logo-rules')).toContain('require-two-colors');
  });

  it('a gzip bomb in the logotype is cut off at 1 MiB', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 });
    expect(bomb.length).toBeLessThan(200_000);
    const started = Date.now();
    const result = await evaluateLeaf({ logotypePayload: bomb });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(codes(result, 'error')).toEqual(['cert-logotype-too-large']);
    expect(result.logotypeSvg).toBeNull();
  });

  it('corrupt gzip data is reported', async () => {
    const gz = gzipSync(TEST_SVG);
    const result = await evaluateLeaf({ logotypePayload: gz.subarray(0, gz.length - 12) });
    expect(codes(result, 'error')).toEqual(['cert-logotype-gzip']);
  });
});

describe('hostile and malformed input never throws', () => {
  it('empty input', () => {
    expect(codes(evaluate(''), 'error')).toEqual(['cert-empty']);
    expect(codes(evaluate(Buffer.alloc(0)), 'error')).toEqual(['cert-empty']);
    expect(codes(evaluate(' \n\r\n\t'), 'error')).toEqual(['cert-empty']);
    const empty = evaluate('');
    expect(empty.certificate).toMatchObject({ status: 'invalid', type: null, subject: null, chain: [], san: [], logoMatches: null });
    expect(empty.certificate.problems).toHaveLength(1);
  });

  it('text without certificates', () => {
    const result = evaluate('<html><body>Not found</body></html>');
    expect(codes(result, 'error')).toEqual(['cert-no-certificates']);
  });

  it('binary DER instead of PEM is recognised', async () => {
    const bundle = await pki.leaf();
    const der = Buffer.from(pemBlocks(bundle.leafPem)[0]!.base64, 'base64');
    const result = evaluate(der);
    expect(codes(result, 'error')).toEqual(['cert-no-certificates']);
    expect(message(result, 'cert-no-certificates')).toContain('DER');
  });

  it('garbage inside a CERTIFICATE block, bad base64, truncated DER and a truncated block', async () => {
    const bundle = await pki.leaf();
    const b64 = pemBlocks(bundle.leafPem)[0]!.base64;
    const truncatedDer = Buffer.from(b64, 'base64').subarray(0, 300).toString('base64');
    const cases = [
      '-----BEGIN CERTIFICATE-----\nSGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n',
      '-----BEGIN CERTIFICATE-----\n!!!not base64!!!\n-----END CERTIFICATE-----\n',
      `-----BEGIN CERTIFICATE-----\n${truncatedDer}\n-----END CERTIFICATE-----\n`,
      `-----BEGIN CERTIFICATE-----\n${b64.slice(0, 200)}\n`,
      '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n',
    ];
    for (const pem of cases) {
      const result = evaluate(pem);
      expect(codes(result, 'error')[0]).toBe('cert-parse');
      expect(result.certificate.status).toBe('invalid');
    }
  });

  it('a corrupt certificate next to a good bundle makes it invalid but the rest is still checked', async () => {
    const bundle = await pki.leaf();
    const result = evaluate(`${bundle.pem}-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n`, { servedSvg: bundle.svg });
    expect(codes(result, 'error')).toEqual(['cert-parse']);
    expect(result.certificate.chain).toHaveLength(3);
  });

  it('random bytes of every length', () => {
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff);
    for (let n = 1; n < 400; n += 7) {
      const bytes = Buffer.from(Array.from({ length: n }, random));
      const pem = `-----BEGIN CERTIFICATE-----\n${bytes.toString('base64')}\n-----END CERTIFICATE-----\n`;
      expect(() => evaluate(pem)).not.toThrow();
      expect(() => evaluate(bytes)).not.toThrow();
    }
  });

  it('a huge input is refused without parsing, quickly', () => {
    const block = '-----BEGIN CERTIFICATE-----\n';
    const huge = block.repeat(Math.ceil((MAX_PEM_BYTES + 10) / block.length));
    const started = Date.now();
    const result = evaluate(huge);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(codes(result, 'error')).toEqual(['cert-too-large']);
  });

  it('many unterminated BEGIN lines under the size cap stay fast', () => {
    const text = '-----BEGIN CERTIFICATE-----\nAAAA\n'.repeat(25_000);
    const started = Date.now();
    const result = evaluate(text);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(codes(result, 'error')).toEqual(['cert-too-many']);
  });

  it('a PRIVATE KEY block is a loud warning; the certificate itself is still checked', async () => {
    const result = await evaluateLeaf({ privateKey: true });
    expect(result.certificate.status).toBe('valid');
    expect(codes(result, 'warning')).toEqual(['cert-private-key']);
    expect(message(result, 'cert-private-key')).toMatch(/private key.*compromised/s);
  });

  it('a UTF-8 byte order mark before the first block is tolerated', async () => {
    const bundle = await pki.leaf();
    for (const pem of [`\ufeff${bundle.pem}`, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(bundle.pem)])]) {
      const result = evaluate(pem, { servedSvg: bundle.svg });
      expect(result.certificate.status).toBe('valid');
      expect(result.certificate.chain).toHaveLength(3);
    }
  });

  it('other PEM blocks are ignored', async () => {
    const bundle = await pki.leaf();
    const result = evaluate(`-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n${bundle.pem}`, { servedSvg: bundle.svg });
    expect(result.certificate.status).toBe('valid');
    expect(result.messages.filter((m) => m.severity !== 'info')).toEqual([]);
  });
});

describe('bundled roots (data/mva-roots)', () => {
  const readme = readFileSync(join(repo, 'data/mva-roots/README.md'), 'utf8');
  const expected = [...readme.matchAll(/`((?:[0-9A-F]{2}:){31}[0-9A-F]{2})`/g)].map((m) => m[1]);

  it('loads the five roots, each one certificate, matching the README fingerprints', () => {
    const roots = loadBundledRoots();
    expect(roots).toHaveLength(5);
    const prints = roots.map((text) => {
      const blocks = pemBlocks(text).filter((b) => b.label === 'CERTIFICATE');
      expect(blocks).toHaveLength(1);
      const cert = new X509Certificate(Buffer.from(blocks[0]!.base64, 'base64'));
      expect(cert.ca).toBe(true);
      expect(cert.verify(cert.publicKey)).toBe(true);
      return cert.fingerprint256;
    });
    expect(expected).toHaveLength(5);
    expect(prints.sort()).toEqual([...expected].sort());
  });

  it('finds the directory from an explicit package root too, and fails clearly without one', () => {
    expect(bundledRootsDirectory()).toBe(join(repo, 'data', 'mva-roots'));
    expect(loadBundledRoots(repo)).toEqual(loadBundledRoots());
    expect(() => loadBundledRoots(scratch)).toThrowError(BimiSvgError);
  });

  it.each(['cjs', 'esm'] as const)('works from a build in dist/ (%s, as the CLI bundle and the library load it)', async (format) => {
    const pkg = join(scratch, `pkg-${format}`);
    mkdirSync(join(pkg, 'dist', format === 'cjs' ? 'cli' : 'dns'), { recursive: true });
    symlinkSync(join(repo, 'data'), join(pkg, 'data'), 'dir');
    const outfile = join(pkg, 'dist', format === 'cjs' ? 'cli/bundle.cjs' : 'dns/roots.mjs');
    // The same import.meta.url shim as scripts/bundle.mjs.
    await build({
      entryPoints: [join(repo, 'src/dns/roots.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format,
      logLevel: 'silent',
      ...(format === 'cjs'
        ? { define: { 'import.meta.url': '__bimiModuleUrl' }, banner: { js: "const __bimiModuleUrl = require('node:url').pathToFileURL(__filename).href;" } }
        : {}),
    });
    const mod = (format === 'cjs' ? createRequire(import.meta.url)(outfile) : await import(pathToFileURL(outfile).href)) as typeof import('../src/dns/roots.js');
    expect(mod.bundledRootsDirectory()).toBe(join(pkg, 'data', 'mva-roots'));
    expect(mod.loadBundledRoots()).toEqual(loadBundledRoots());
  });

  it('is byte-identical to the reference copies', () => {
    const reference = '/work/shared/reference/vmc-samples/roots';
    if (!existsSync(reference)) return;
    for (const name of readdirSync(reference)) {
      expect(readFileSync(join(repo, 'data/mva-roots', name)).equals(readFileSync(join(reference, name)))).toBe(true);
    }
  });
});

describe('readPemFile (--trust-roots)', () => {
  it('returns each certificate of the file as its own PEM text', () => {
    const file = join(scratch, 'roots.pem');
    writeFileSync(file, `Test roots\n${pki.rootPem}\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n${other.rootPem.replace(/\n/g, '\r\n')}`);
    const pems = readPemFile(file);
    expect(pems).toHaveLength(2);
    expect(pems.map(fingerprint)).toEqual([fingerprint(pki.rootPem), fingerprint(other.rootPem)]);
  });

  it('rejects unreadable files and files without certificates', () => {
    const empty = join(scratch, 'empty.pem');
    writeFileSync(empty, 'no certificates here\n');
    const expectReadError = (fn: () => unknown, text: RegExp) => {
      try {
        fn();
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(BimiSvgError);
        expect((e as BimiSvgError).code).toBe('E_READ');
        expect((e as Error).message).toMatch(text);
      }
    };
    expectReadError(() => readPemFile(empty), /no PEM certificate/);
    expectReadError(() => readPemFile(join(scratch, 'missing.pem')), /no such file/);
    expectReadError(() => readPemFile(scratch), /directory/);
  });
});

describe('loading stays lazy', () => {
  /** Every module loaded with `entry`: static value imports (not `import type`, not the lazy `import()`). */
  function reachable(entry: string): Map<string, string[]> {
    const graph = new Map<string, string[]>();
    const queue = [entry];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (graph.has(file)) continue;
      const source = readFileSync(file, 'utf8');
      const specifiers = [...source.matchAll(/(?:^|\n)\s*(import|export)\s+(type\s)?[^'";]*?from\s*'([^']+)'|(?:^|\n)\s*import\s*'([^']+)'/g)]
        .filter((m) => m[2] === undefined)
        .map((m) => m[3] ?? m[4]!);
      graph.set(file, specifiers);
      for (const s of specifiers) if (s.startsWith('.')) queue.push(join(dirname(file), s.replace(/\.js$/, '.ts')));
    }
    return graph;
  }

  it('check and the library entry never import the certificate libraries', () => {
    for (const entry of ['src/check.ts', 'src/index.ts']) {
      const graph = reachable(join(repo, entry));
      expect(graph.size).toBeGreaterThan(5);
      for (const [file, specifiers] of graph) {
        for (const s of specifiers) expect(`${file}: ${s}`).not.toMatch(/: (@peculiar\/|reflect-metadata)/);
      }
    }
  });

  it('roots.ts imports only node built-ins and errors.ts; certificate.ts needs no reflect-metadata', () => {
    const roots = reachable(join(repo, 'src/dns/roots.ts'));
    for (const specifiers of roots.values()) for (const s of specifiers) expect(s).toMatch(/^(node:|\.\.\/errors\.js$)/);
    const certificate = reachable(join(repo, 'src/dns/certificate.ts')).get(join(repo, 'src/dns/certificate.ts'))!;
    expect(certificate).toContain('@peculiar/asn1-x509-logotype');
    expect(certificate).not.toContain('reflect-metadata');
  });
});

// ---------------------------------------------------------------------------------------
// Real certificates (public test fixtures of postalsys/vmc; see vmc-samples/README.md).

const SAMPLES = '/work/shared/reference/vmc-samples';
const DIGICERT_ROOT = '50:43:86:C9:EE:89:32:FE:CC:95:FA:DE:42:7F:69:C3:E2:53:4B:73:10:48:9E:30:0F:EE:44:8E:33:C4:6B:42';
const GLOBALSIGN_ROOT = 'CD:12:2C:B8:77:C6:92:8B:90:17:B0:F0:B8:0D:BD:50:81:96:30:0B:BD:03:CD:73:56:C3:BE:EF:52:4E:7E:0B';

describe.skipIf(!existsSync(SAMPLES))('real mark certificates against the bundled roots', () => {
  const cases = [
    { file: 'paypal-vmc.pem', domain: 'paypal.com', at: '2025-06-01', type: 'VMC', markType: 'Registered Mark', anchor: DIGICERT_ROOT, logoSha1: 'b4be74ff04b1d9e5770ed822c335d3bfac65970e', warnings: [] as string[] },
    { file: 'globalsign-vmc.pem', domain: 'globalsign.com', at: '2025-06-01', type: 'VMC', markType: 'Registered Mark', anchor: GLOBALSIGN_ROOT, logoSha1: '5cf543a8c9626c9e5d5eb105b54c5ccca9c9edce', warnings: [] },
    { file: 'xometry-cmc.pem', domain: 'xometry.com', at: '2025-06-01', type: 'CMC', markType: 'Prior Use Mark', anchor: DIGICERT_ROOT, logoSha1: '402efe1592dede57724765d9556b32ee7ca043c0', warnings: [] },
    { file: 'cnn-vmc.pem', domain: 'cnn.com', at: '2022-01-01', type: null, markType: null, anchor: DIGICERT_ROOT, logoSha1: 'ea8c81da633c66a16262134a78576cdf067638e9', warnings: ['cert-mark-type-missing', 'cert-logo-rules'] },
  ] as const;
  const roots = loadBundledRoots();

  const run = (file: string, options: Partial<CertificateOptions> & { recordDomain: string; at: Date }) =>
    evaluateCertificate(readFileSync(join(SAMPLES, file)), `https://example.invalid/${file}`, { selector: 'default', trustRoots: roots, servedSvg: null, ...options });

  it.each(cases)('$file is a valid $type at $at', (c) => {
    const first = run(c.file, { recordDomain: c.domain, at: new Date(`${c.at}T00:00:00Z`) });
    expect(first.logotypeSvg).not.toBeNull();
    expect(createHash('sha1').update(first.logotypeSvg!).digest('hex')).toBe(c.logoSha1);
    // Served logo = the certificate's logo, as a correct deployment serves it.
    const result = run(c.file, { recordDomain: c.domain, at: new Date(`${c.at}T00:00:00Z`), servedSvg: first.logotypeSvg });
    expect(result.certificate.problems).toEqual([]);
    expect(result.certificate.status).toBe('valid');
    expect(result.certificate.type).toBe(c.type);
    expect(result.certificate.markType).toBe(c.markType);
    expect(result.certificate.san).toEqual([c.domain]);
    expect(result.certificate.chain).toHaveLength(3);
    expect(result.certificate.chain[2]!.sha256).toBe(c.anchor);
    expect(result.certificate.logoMatches).toBe(true);
    expect(codes(result, 'warning')).toEqual(c.warnings);
    expect(codes(result, 'info')).toEqual(expect.arrayContaining(['cert-root-included', 'cert-chain-anchor', 'cert-sct-present', 'cert-revocation-not-checked']));
  });

  it('the Xometry CMC: the critical pilot extension is accepted (OpenSSL refuses it)', () => {
    const result = run('xometry-cmc.pem', { recordDomain: 'xometry.com', at: new Date('2025-06-01T00:00:00Z') });
    expect(codes(result, 'info')).toContain('cert-pilot');
    expect(message(result, 'cert-pilot')).toContain('critical');
    expect(codes(result, 'error')).toEqual([]);
  });

  it('expired later, for another domain, with another logo and under other roots', () => {
    const expired = run('paypal-vmc.pem', { recordDomain: 'paypal.com', at: new Date('2026-01-01T00:00:00Z') });
    expect(codes(expired, 'error')).toEqual(['cert-expired']);
    const elsewhere = run('paypal-vmc.pem', { recordDomain: 'example.com', at: new Date('2025-06-01T00:00:00Z') });
    expect(codes(elsewhere, 'error')).toEqual(['cert-san-mismatch']);
    const xometryLogo = run('xometry-cmc.pem', { recordDomain: 'xometry.com', at: new Date('2025-06-01T00:00:00Z') }).logotypeSvg;
    const mismatch = run('paypal-vmc.pem', { recordDomain: 'paypal.com', at: new Date('2025-06-01T00:00:00Z'), servedSvg: xometryLogo });
    expect(codes(mismatch, 'error')).toEqual(['cert-logo-mismatch']);
    const untrusted = run('paypal-vmc.pem', { recordDomain: 'paypal.com', at: new Date('2025-06-01T00:00:00Z'), trustRoots: [pki.rootPem] });
    expect(codes(untrusted, 'error')).toEqual(['cert-chain-untrusted']);
  });

  it('a real intermediate does not lend its trust to an unrelated leaf', async () => {
    const text = readFileSync(join(SAMPLES, 'paypal-vmc.pem'), 'latin1');
    const [, digicertIntermediate] = pemBlocks(text).map((b) => `-----BEGIN CERTIFICATE-----\n${b.base64}\n-----END CERTIFICATE-----\n`);
    const bundle = await pki.leaf();
    const result = evaluateCertificate(bundle.leafPem + digicertIntermediate, null, { recordDomain: 'example.test', selector: 'default', trustRoots: roots, at: NOW, servedSvg: null });
    expect(codes(result, 'error')).toEqual(['cert-chain-untrusted']);
    expect(codes(result, 'warning')).toEqual([]);
  });
});
