#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * A real SMTP peer for development and tests: accepts every mail on 127.0.0.1, parses it and
 * keeps it in memory, and shows what arrived over HTTP:
 *   GET /mails         JSON list (filters: ?to=, ?subject=)
 *   DELETE /mails      forget all
 *   GET /              a small German page for people
 *
 *   node infra/mail-sink.js [smtpPort=1025] [httpPort=1080]
 */
const http = require('node:http');
const { SMTPServer } = require('smtp-server');
const { createHash } = require('node:crypto');
const { simpleParser } = require('mailparser');

/**
 * @typedef {{ id: number, messageId: string|undefined, from: string, to: string[], subject: string,
 *   text: string, headers: Record<string,string>, receivedAt: string,
 *   attachments: { filename: string|undefined, contentType: string, size: number, sha256: string }[] }} StoredMail
 */

/**
 * @param {{ smtpPort?: number, httpPort?: number, host?: string, log?: (m: string) => void }} [opts]
 */
async function startMailSink(opts = {}) {
  const host = opts.host ?? '127.0.0.1';
  /** @type {StoredMail[]} */
  const mails = [];
  let seq = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const headers = {};
          for (const [k, v] of parsed.headers)
            headers[k] = typeof v === 'string' ? v : JSON.stringify(v);
          const mail = {
            id: ++seq,
            messageId: parsed.messageId,
            from: parsed.from?.text ?? '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            headers,
            receivedAt: new Date().toISOString(),
            attachments: parsed.attachments.map((a) => ({
              filename: a.filename,
              contentType: a.contentType,
              size: a.size,
              sha256: createHash('sha256').update(a.content).digest('hex'),
            })),
          };
          mails.push(mail);
          opts.log?.(`mail ${mail.id} to ${mail.to.join(', ')}: ${mail.subject}`);
          callback();
        })
        .catch((e) => callback(e));
    },
  });
  await new Promise((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(opts.smtpPort ?? 0, host, () => resolve(undefined));
  });
  const web = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/mails' && req.method === 'DELETE') {
      mails.length = 0;
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/mails') {
      const to = url.searchParams.get('to');
      const subject = url.searchParams.get('subject');
      const list = mails.filter(
        (m) => (!to || m.to.includes(to)) && (!subject || m.subject.includes(subject)),
      );
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(list));
      return;
    }
    if (url.pathname === '/') {
      const esc = (/** @type {string} */ s) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
      const rows = mails
        .slice()
        .reverse()
        .map(
          (m) =>
            `<article><h2>${esc(m.subject)}</h2><p>An: ${esc(m.to.join(', '))} · ${esc(m.receivedAt)}</p><pre>${esc(m.text)}</pre></article>`,
        )
        .join('\n');
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          `<!doctype html><html lang="de"><meta charset="utf-8"><title>Lotse – Postausgang (Entwicklung)</title>` +
            `<body style="font-family:sans-serif;max-width:60rem;margin:auto"><h1>Postausgang (Entwicklung)</h1>` +
            `<p>${mails.length} Nachricht(en). Diese Seite zeigt, was Lotse per SMTP verschickt hat.</p>${rows}</body></html>`,
        );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise((resolve) => web.listen(opts.httpPort ?? 0, host, () => resolve(undefined)));
  const smtpAddr = /** @type {import('node:net').AddressInfo} */ (smtp.server.address());
  const httpAddr = /** @type {import('node:net').AddressInfo} */ (web.address());
  return {
    smtpPort: smtpAddr.port,
    httpPort: httpAddr.port,
    mails,
    async close() {
      await new Promise((r) => smtp.close(() => r(undefined)));
      await new Promise((r) => web.close(() => r(undefined)));
    },
  };
}

module.exports = { startMailSink };

if (require.main === module) {
  const [smtpPort = '1025', httpPort = '1080'] = process.argv.slice(2);
  startMailSink({
    smtpPort: Number(smtpPort),
    httpPort: Number(httpPort),
    log: (m) => process.stderr.write(`[mail-sink] ${m}\n`),
  }).then((s) =>
    process.stderr.write(
      `[mail-sink] SMTP 127.0.0.1:${s.smtpPort}, Postausgang http://127.0.0.1:${s.httpPort}/\n`,
    ),
  );
}
