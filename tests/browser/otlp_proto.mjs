// otlp_proto.mjs — tfclock's OTLP/JSON checked against the OpenTelemetry
// protobuf definitions (the protobufjs code generated from them, shipped in
// @opentelemetry/otlp-transformer): every field known and of the right type
// (round trip through the message types and the binary encoding), ids hex,
// TRACEPARENT honoured; and --otlp-endpoint posting to a local receiver.
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, CORPUS, check, done, fixture, tfclock } from './lib.mjs';

const require = createRequire(import.meta.url);
const root = require('@opentelemetry/otlp-transformer/build/src/generated/root.js');
const Request = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

const ID_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId']);
// 64-bit integers: decimal strings in OTLP/JSON, Longs for verify().
const LONG_FIELDS = new Set(['startTimeUnixNano', 'endTimeUnixNano', 'timeUnixNano', 'intValue']);
const { Long } = require('protobufjs/minimal').util;

function longs(v, key) {
  if (LONG_FIELDS.has(key)) {
    if (typeof v !== 'string' || !/^-?\d+$/.test(v)) throw new Error(`${key} is not a decimal string: ${v}`);
    return Long.fromString(v, key !== 'intValue');
  }
  if (Array.isArray(v)) return v.map((x) => longs(x));
  if (v && typeof v === 'object' && !Buffer.isBuffer(v)) {
    const o = {};
    for (const [k, x] of Object.entries(v)) o[k] = longs(x, k);
    return o;
  }
  return v;
}

// OTLP/JSON differs from protobuf's canonical JSON in ids (hex, not base64):
// turn them into bytes for protobufjs, and back.
function idsToBytes(v, key) {
  if (Array.isArray(v)) return v.map((x) => idsToBytes(x));
  if (v && typeof v === 'object') {
    const o = {};
    for (const [k, x] of Object.entries(v)) o[k] = idsToBytes(x, k);
    return o;
  }
  if (ID_FIELDS.has(key)) {
    if (typeof v !== 'string' || !/^([0-9a-f]{2})*$/.test(v)) throw new Error(`${key} is not lowercase hex: ${v}`);
    return Buffer.from(v, 'hex');
  }
  return v;
}
function bytesToIds(v, key) {
  if (ID_FIELDS.has(key)) return Buffer.from(v).toString('hex');
  if (Array.isArray(v)) return v.map((x) => bytesToIds(x));
  if (v && typeof v === 'object') {
    const o = {};
    for (const [k, x] of Object.entries(v)) o[k] = bytesToIds(x, k);
    return o;
  }
  return v;
}
// Equal as JSON values, keys in any order.
function same(a, b) {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a && typeof a === 'object') {
    if (!b || typeof b !== 'object' || Array.isArray(b)) return false;
    const ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
    return same(ka, kb) && ka.every((k) => same(a[k], b[k]));
  }
  return a === b;
}

/* What is wrong with one OTLP/JSON document, as a list (empty: valid). */
function problems(doc) {
  const out = [];
  let obj;
  try {
    obj = idsToBytes(doc);
  } catch (e) {
    return [e.message];
  }
  let err;
  try {
    err = Request.verify(longs(obj));
  } catch (e) {
    err = e.message;
  }
  if (err) out.push(`does not verify against ExportTraceServiceRequest: ${err}`);
  const msg = Request.fromObject(obj);
  // Unknown fields or wrong types do not survive the round trip.
  const back = bytesToIds(Request.toObject(msg, { longs: String, enums: Number, bytes: Array, defaults: false }));
  if (!same(back, doc)) out.push('a field is unknown or of the wrong type (round trip differs)');
  const again = Request.decode(Request.encode(msg).finish());
  const spans = again.resourceSpans[0]?.scopeSpans[0]?.spans || [];
  if (spans.length !== (doc.resourceSpans?.[0]?.scopeSpans?.[0]?.spans || []).length) out.push('spans lost in the binary encoding');
  for (const sp of spans) {
    if (sp.traceId.length !== 16 || sp.spanId.length !== 8) out.push('id sizes');
    if (sp.kind !== 1) out.push('span kind is not internal');
  }
  return out;
}

/* Validate one OTLP/JSON text; returns the parsed object. */
function validate(name, text) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    check(false, `${name}: JSON: ${e.message}`);
    return null;
  }
  const p = problems(doc);
  check(p.length === 0, `${name}: ${p.join('; ')}`);
  return doc;
}

// The validator itself catches mistakes.
{
  const good = JSON.parse(tfclock(['--format', 'otlp', fixture('timed_apply.log')], { SOURCE_DATE_EPOCH: '1700000000' }));
  const tamper = (f) => { const d = JSON.parse(JSON.stringify(good)); f(d.resourceSpans[0].scopeSpans[0].spans[1]); return d; };
  check(problems(good).length === 0, 'validator: accepts the real output');
  check(problems(tamper((sp) => { sp.durationNanos = '5'; })).length > 0, 'validator: rejects an unknown field');
  check(problems(tamper((sp) => { sp.startTimeUnixNano = 'soon'; })).length > 0, 'validator: rejects a bad time');
  check(problems(tamper((sp) => { sp.traceId = 'XYZ'; })).length > 0, 'validator: rejects a bad trace id');
  check(problems(tamper((sp) => { sp.attributes[0].value = { stringValue: 5 }; })).length > 0, 'validator: rejects a wrong attribute type');
  check(problems(tamper((sp) => { sp.status = { code: 'ERROR' }; })).length > 0, 'validator: rejects a named enum');
}

const spansOf = (doc) => doc.resourceSpans[0].scopeSpans[0].spans;
const env = { SOURCE_DATE_EPOCH: '1700000000', GITHUB_WORKFLOW: 'deploy', GITHUB_RUN_ID: '42' };

const cases = [['timed_apply', fixture('timed_apply.log')], ['untimed_apply', fixture('untimed_apply.log')], ['hostile', fixture('hostile.log')]];
if (CORPUS && existsSync(join(CORPUS, 'tf-profile/argo.log'))) cases.push(['argo', join(CORPUS, 'tf-profile/argo.log')]);
else check(false, 'the shared corpus (tf-profile/argo.log) is missing');

for (const [name, input] of cases) {
  const doc = validate(name, tfclock(['--format', 'otlp', input], env));
  if (!doc) continue;
  const spans = spansOf(doc);
  const failed = spans.filter((s) => s.status.code === 2 && s.attributes.some((a) => a.key === 'tfclock.status'));
  const failedAttr = spans.filter((s) => s.attributes.some((a) => a.key === 'tfclock.status' && a.value.stringValue === 'failed'));
  check(failed.length === failedAttr.length, `${name}: failed operations have status ERROR`);
  const res = doc.resourceSpans[0].resource.attributes;
  check(res.some((a) => a.key === 'cicd.pipeline.name' && a.value.stringValue === 'deploy'), `${name}: cicd.pipeline.name`);
}

// TRACEPARENT: the spans join the CI run's trace under its span
{
  const tp = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
  const doc = validate('traceparent', tfclock(['--format', 'otlp', fixture('timed_apply.log')], { ...env, TRACEPARENT: tp }));
  const spans = spansOf(doc);
  check(spans.every((s) => s.traceId === '4bf92f3577b34da6a3ce929d0e0e4736'), 'traceparent: trace id taken');
  const run = spans.find((s) => s.name === 'terraform run');
  check(run && run.parentSpanId === '00f067aa0ba902b7', 'traceparent: the run span is a child of the CI span');
}

// --otlp-endpoint: a collector on loopback receives the same document
function run(args, extraEnv) {
  return new Promise((resolve) => {
    execFile(BIN, ['report', ...args], { env: { ...process.env, ...env, ...extraEnv }, maxBuffer: 1 << 28 },
      (err, stdout, stderr) => resolve({ code: err ? err.code : 0, stdout, stderr }));
  });
}
{
  const received = [];
  let answer = 200;
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, type: req.headers['content-type'], body });
      res.writeHead(answer, { 'Content-Type': 'application/json' });
      res.end(answer === 200 ? '{}' : '{"error":"nope"}');
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  const input = fixture('timed_apply.log');
  const r1 = await run(['--format', 'json', '--otlp-endpoint', `http://127.0.0.1:${port}`, input]);
  check(r1.code === 0, `endpoint: exit 0 (${r1.code}: ${r1.stderr})`);
  check(received.length === 1, 'endpoint: one request');
  if (received.length) {
    const q = received[0];
    check(q.method === 'POST' && q.url === '/v1/traces', `endpoint: POST /v1/traces (${q.method} ${q.url})`);
    check(q.type === 'application/json', 'endpoint: JSON content type');
    const doc = validate('endpoint', q.body);
    const direct = tfclock(['--format', 'otlp', input], env);
    check(doc && same(doc, JSON.parse(direct)), 'endpoint: the body is the OTLP report');
  }
  const r2 = await run(['--format', 'json', '--otlp-endpoint', `http://localhost:${port}/custom/path`, input]);
  check(r2.code === 0 && received[1] && received[1].url === '/custom/path', 'endpoint: explicit path and localhost');
  answer = 500;
  const r3 = await run(['--format', 'json', '--otlp-endpoint', `http://127.0.0.1:${port}/v1/traces`, input]);
  check(r3.code !== 0 && /500/.test(r3.stderr), `endpoint: a 500 answer fails the command (${r3.stderr.trim()})`);
  server.close();
  const r4 = await run(['--format', 'json', '--otlp-endpoint', 'http://192.0.2.1:4318', input]);
  check(r4.code !== 0 && /loopback/.test(r4.stderr), `endpoint: non-loopback refused (${r4.stderr.trim()})`);
  const r5 = await run(['--format', 'json', '--otlp-endpoint', 'https://127.0.0.1:4318', input]);
  check(r5.code !== 0 && /http:\/\//.test(r5.stderr), 'endpoint: https refused with a reason');
}
done();
