#!/usr/bin/env node
// A PutDestination server written from spec/putdestination.openapi.yaml.
//
// It is a third opinion on the contract, independent of the Go emulator and
// of the Python server, and uses only Node's built-in modules (http, crypto).
//
// Contract, as served here:
//   * POST to any path with a valid PutDestination request gets 200 and
//     {"success":true,"data":{"id":ID,"created_at":RFC3339}}. Create or
//     update by destinationName: the same name (compared code unit for code
//     unit, hence code point for code point) keeps its id and created_at;
//     different names get different ids.
//   * Any other POST body (empty, malformed JSON, not an object, wrong types,
//     null for a required member, a rule broken) gets 400 and
//     {"success":false,"error":{"code":"VALIDATION_ERROR","message":...}}.
//   * Other methods get 405 with "Allow: POST" and a plain-text body, after
//     their request body has been read and discarded, so that a kept-alive
//     connection stays in sync.
//   * Never a 5xx: an unexpected exception answers 400 VALIDATION_ERROR and
//     is logged to stderr.
//
// Characters are Unicode code points: JavaScript strings are UTF-16, so
// lengths are counted by iterating the string (one step per code point), never
// with s.length.
//
// Usage: node server.js [--port N] [--host 127.0.0.1]
// Port 0 (the default) picks a free port. Once listening, the server prints
// exactly one line, "listening on http://HOST:PORT", to stdout. SIGTERM and
// SIGINT stop it with exit status 0.
'use strict';

const http = require('node:http');
const crypto = require('node:crypto');

// Bodies up to MAX_BODY bytes are parsed; bigger ones get 400. Up to
// MAX_DISCARD bytes of an oversized body are read and thrown away so that the
// connection can be kept; beyond that it is closed after answering.
const MAX_BODY = 64 << 20;
const MAX_DISCARD = 256 << 20;

const NAME_MAX = 512;
const TAGS_MAX = 50;
const TAG_KEY_MAX = 128;
const TAG_VALUE_MAX = 256;
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:\/=+\-@]*$/u;

// Invalid is a request that breaks the contract; its message says what.
class Invalid extends Error {}

// codePoints counts the code points of s, stopping early once past limit
// (a lone surrogate counts as one).
function codePoints(s, limit = Infinity) {
  let n = 0;
  for (const _ of s) {
    if (++n > limit) break;
  }
  return n;
}

// show quotes s for a message, cut to 40 code points.
function show(s) {
  const cps = [];
  for (const c of s) {
    if (cps.length === 40) return JSON.stringify(cps.join('')) + '...';
    cps.push(c);
  }
  return JSON.stringify(s);
}

function jsonType(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  switch (typeof v) {
    case 'object': return 'an object';
    case 'string': return 'a string';
    case 'number': return 'a number';
    case 'boolean': return 'a boolean';
    default: return typeof v;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// parseBody decodes a request body (Buffer) into a JSON object or throws
// Invalid. A byte order mark is kept, so JSON.parse rejects it like any other
// stray character.
function parseBody(buf) {
  if (buf.length === 0) throw new Invalid('body is empty, want a JSON object');
  let text;
  try {
    text = utf8.decode(buf);
  } catch {
    throw new Invalid('body is not valid UTF-8');
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Invalid(`body is not valid JSON: ${e.message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Invalid(`body is ${jsonType(value)}, want a JSON object`);
  }
  return value;
}

const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

function requireString(req, member) {
  if (!has(req, member)) throw new Invalid(`${member} is missing`);
  const v = req[member];
  if (v === null) throw new Invalid(`${member} is null, want a string`);
  if (typeof v !== 'string') throw new Invalid(`${member} is ${jsonType(v)}, want a string`);
  return v;
}

function validateTagString(what, s, min, max) {
  const n = codePoints(s, max);
  if (n < min) throw new Invalid(`${what} is empty, want at least ${min} character`);
  if (n > max) throw new Invalid(`${what} has more than ${max} characters`);
  if (!TAG_CHARS.test(s)) {
    throw new Invalid(`${what} has a character that is not a letter, separator, number or one of _ . : / = + - @`);
  }
}

// validate checks a decoded request against the contract and returns its
// destinationName, or throws Invalid naming the member and the rule broken.
function validate(req) {
  const name = requireString(req, 'destinationName');
  const n = codePoints(name, NAME_MAX);
  if (n === 0) throw new Invalid('destinationName is empty, want 1 to 512 characters');
  if (n > NAME_MAX) throw new Invalid(`destinationName has more than ${NAME_MAX} characters`);
  for (const c of [':', '*']) {
    if (name.includes(c)) throw new Invalid(`destinationName contains '${c}', which is not allowed`);
  }

  for (const member of ['targetArn', 'roleArn']) {
    if (requireString(req, member).length === 0) {
      throw new Invalid(`${member} is empty, want at least 1 character`);
    }
  }

  // Absent and null are the same.
  const tags = has(req, 'tags') ? req.tags : null;
  if (tags !== null) {
    if (typeof tags !== 'object' || Array.isArray(tags)) {
      throw new Invalid(`tags is ${jsonType(tags)}, want an object or null`);
    }
    const entries = Object.entries(tags);
    if (entries.length === 0) throw new Invalid('tags is empty, want 1 to 50 entries');
    if (entries.length > TAGS_MAX) {
      throw new Invalid(`tags has ${entries.length} entries, want at most ${TAGS_MAX}`);
    }
    for (const [key, value] of entries) {
      validateTagString(`tags key ${show(key)}`, key, 1, TAG_KEY_MAX);
      if (typeof value !== 'string') {
        throw new Invalid(`tags[${show(key)}] is ${jsonType(value)}, want a string`);
      }
      validateTagString(`tags[${show(key)}]`, value, 0, TAG_VALUE_MAX);
    }
  }
  return name;
}

// Destinations by exact name. Node runs handlers one at a time, so a Map is
// safe without locking.
const store = new Map();

function put(name) {
  let entry = store.get(name);
  if (entry === undefined) {
    entry = { id: crypto.randomUUID(), created_at: new Date().toISOString() };
    store.set(name, entry);
  }
  return entry;
}

function send(res, status, headers, body) {
  if (res.headersSent) return;
  res.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function sendJSON(res, status, payload) {
  send(res, status, { 'Content-Type': 'application/json' }, JSON.stringify(payload));
}

function sendInvalid(res, message) {
  sendJSON(res, 400, { success: false, error: { code: 'VALIDATION_ERROR', message } });
}

// readBody collects the request body (Node's parser has already undone
// Content-Length or chunked framing) and calls done(buf, complete); complete
// is false when the body was bigger than limit. Past MAX_DISCARD the
// connection is closed after answering.
function readBody(req, res, limit, done) {
  const parts = [];
  let total = 0;
  let complete = true;
  let finished = false;
  // giveUp answers without reading the rest and closes the connection.
  const giveUp = () => {
    finished = true;
    res.setHeader('Connection', 'close');
    res.on('finish', () => req.socket.destroySoon());
    req.pause();
    done(Buffer.alloc(0), false);
  };
  req.on('error', () => {}); // an aborted request has no one to answer
  if (Number(req.headers['content-length']) > MAX_DISCARD) {
    giveUp();
    return;
  }
  req.on('data', (chunk) => {
    total += chunk.length;
    if (complete && total <= limit) {
      parts.push(chunk);
      return;
    }
    complete = false;
    parts.length = 0;
    if (total > MAX_DISCARD && !finished) giveUp();
  });
  req.on('end', () => {
    if (finished) return;
    finished = true;
    done(Buffer.concat(parts, Math.min(total, limit)), complete);
  });
}

function handle(req, res) {
  if (req.method !== 'POST') {
    // Read and discard the body first: the connection stays in sync.
    readBody(req, res, 0, () => {
      send(res, 405, { Allow: 'POST', 'Content-Type': 'text/plain; charset=utf-8' }, 'Method Not Allowed\n');
    });
    return;
  }
  readBody(req, res, MAX_BODY, (buf, complete) => {
    try {
      if (!complete) throw new Invalid(`body is larger than ${MAX_BODY} bytes`);
      const { id, created_at } = put(validate(parseBody(buf)));
      sendJSON(res, 200, { success: true, data: { id, created_at } });
    } catch (e) {
      if (!(e instanceof Invalid)) {
        // Never a 5xx, whatever went wrong.
        console.error('unexpected error:', e);
        sendInvalid(res, 'request could not be processed');
        return;
      }
      sendInvalid(res, e.message);
    }
  });
}

function parseArgs(argv) {
  const opts = { port: 0, host: '127.0.0.1' };
  for (let i = 0; i < argv.length; i++) {
    let [flag, value] = argv[i].split(/=(.*)/s, 2);
    if (flag !== '--port' && flag !== '--host') {
      throw new Error(`unknown argument ${JSON.stringify(argv[i])}; usage: node server.js [--port N] [--host ADDR]`);
    }
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
      value = argv[++i];
    }
    if (flag === '--port') {
      if (!/^[0-9]+$/.test(value) || Number(value) > 65535) throw new Error(`--port ${JSON.stringify(value)} is not a port number`);
      opts.port = Number(value);
    } else {
      opts.host = value;
    }
  }
  return opts;
}

function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(e.message);
    process.exit(2);
  }

  const server = http.createServer((req, res) => {
    try {
      handle(req, res);
    } catch (e) {
      console.error('unexpected error:', e);
      sendInvalid(res, 'request could not be processed');
    }
  });
  // Idle kept-alive connections stay open until the client closes them, so a
  // client reusing a connection never races the server's close.
  server.keepAliveTimeout = 0;

  server.on('error', (e) => {
    console.error(`cannot listen on ${opts.host}:${opts.port}: ${e.message}`);
    process.exit(1);
  });
  server.listen(opts.port, opts.host, () => {
    const { address, port } = server.address();
    const host = address.includes(':') ? `[${address}]` : address;
    process.stdout.write(`listening on http://${host}:${port}\n`);
  });

  const stop = () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  // A bug must not take the server down: log it and keep serving.
  process.on('uncaughtException', (e) => console.error('uncaught exception:', e));
  process.on('SIGINT', stop);
}

main();
