// The mail sink helper itself (tests/e2e/support/mail.mjs): maildev starts on free loopback ports, and a
// message sent to it by a plain SMTP conversation comes back with its headers as sent (folded ones
// unfolded), its text and HTML, its links and its List-Unsubscribe one-click URL. No browser, no backend.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { Mail, parseHeaders } from './support/mail.mjs';

let mail;
before(async () => {
  mail = await Mail.start();
});
after(async () => {
  await mail?.stop();
});

/** Sends `data` (a whole message) to `port` with a minimal SMTP conversation. */
function smtpSend(port, from, to, data) {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const steps = [`EHLO test\r\n`, `MAIL FROM:<${from}>\r\n`, `RCPT TO:<${to}>\r\n`, 'DATA\r\n', `${data}\r\n.\r\n`, 'QUIT\r\n'];
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      buffer += chunk;
      // a reply is complete when its last line has a space after the code
      const lines = buffer.split('\r\n').filter(Boolean);
      const last = lines.at(-1) ?? '';
      if (!/^\d{3} /.test(last)) return;
      buffer = '';
      if (/^[45]/.test(last)) return reject(new Error(`SMTP: ${last}`));
      const next = steps.shift();
      if (next) socket.write(next);
      else socket.end();
    });
    socket.on('end', resolve);
    socket.on('error', reject);
  });
}

const MESSAGE = [
  'From: Shop <shop@shop.example>',
  'To: mina@example.com',
  'Subject: Spring sale',
  'List-Unsubscribe: <http://127.0.0.1:9/api/v1/unsubscribe/1.2.abc>,',
  ' <mailto:unsubscribe@shop.example>',
  'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
  'MIME-Version: 1.0',
  'Content-Type: multipart/alternative; boundary="b"',
  '',
  '--b',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Hello. Leave: http://127.0.0.1:9/unsubscribe/1.2.abc',
  '--b',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>Hello. <a href="http://127.0.0.1:9/unsubscribe/1.2.abc">Leave</a></p>',
  '--b--',
].join('\r\n');

test('a received message comes back with its headers, bodies and links', async () => {
  await smtpSend(mail.smtpPort, 'shop@shop.example', 'mina@example.com', MESSAGE);
  const message = await mail.latest('mina@example.com');
  assert.equal(message.subject, 'Spring sale');
  assert.deepEqual(message.to, ['mina@example.com']);
  assert.equal(message.headers['list-unsubscribe'], '<http://127.0.0.1:9/api/v1/unsubscribe/1.2.abc>, <mailto:unsubscribe@shop.example>');
  assert.equal(message.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
  assert.match(message.text, /Leave: http:\/\/127\.0\.0\.1:9\/unsubscribe\/1\.2\.abc/);
  assert.match(message.html, /href="http:\/\/127\.0\.0\.1:9\/unsubscribe\/1\.2\.abc"/);
  assert.equal(mail.linkIn(message, '/unsubscribe/'), 'http://127.0.0.1:9/unsubscribe/1.2.abc');
  assert.throws(() => mail.linkIn(message, '/account/confirm-email'), /no link to \/account\/confirm-email/);
  assert.equal(mail.oneClickUrl(message), 'http://127.0.0.1:9/api/v1/unsubscribe/1.2.abc');
  assert.equal((await mail.messages()).length, 1);
  await assert.rejects(mail.latest('nobody@example.com', { timeout: 300 }), /no mail to nobody@example.com/);
});

test('headers are unfolded and their names lower-cased', () => {
  assert.deepEqual(parseHeaders('A: 1\r\nList-Unsubscribe: <x>,\r\n\t<y>\r\nA: 2\r\n\r\nbody: no'), {
    a: '1, 2',
    'list-unsubscribe': '<x>, <y>',
  });
});
