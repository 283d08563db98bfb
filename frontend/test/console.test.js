import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACK_EVERY, AckCounter, CONTROL_FUNCTIONS, SoftKeys, ackMessage, applyModifiers, backoffDelay, binaryMessage,
  clampFontSize, controlMessage, ctrlChar, endedText, inputMessage, keySequence, normalisePaste, normaliseTheme,
  parseServerMessage, parseTexts, reconnectDelay, resizeMessage, socketUrl, text,
} from '../src/console/logic.js';

const at = (href) => new URL(href);

test('the socket URL is on the page\'s host, wss behind https, with the session to reattach and the size', () => {
  assert.equal(socketUrl(at('https://gw.example/console/abc'), '/console/abc/socket'),
    'wss://gw.example/console/abc/socket');
  assert.equal(socketUrl(at('http://localhost:8080/console/abc#x'), '/console/abc/socket'),
    'ws://localhost:8080/console/abc/socket');
  assert.equal(socketUrl(at('https://gw.example/x'), '/console/c/socket', { session: 's-1', cols: 120, rows: 40 }),
    'wss://gw.example/console/c/socket?session=s-1&cols=120&rows=40');
  // A gateway under a context path hands over data-ws with it; a relative one resolves against the page.
  assert.equal(socketUrl(at('https://gw.example/postern/console/c'), 'c/socket'),
    'wss://gw.example/postern/console/c/socket');
  assert.equal(socketUrl(at('https://gw.example/'), '/s', { cols: 0, rows: 0 }), 'wss://gw.example/s');
});

test('hello is read with its session, replay flag, grace period and acknowledgement size', () => {
  assert.deepEqual(parseServerMessage('{"type":"hello","session":"s-1","replay":true,"grace":120}'),
    { type: 'hello', session: 's-1', replay: true, grace: 120, ackEvery: ACK_EVERY });
  assert.deepEqual(parseServerMessage('{"type":"hello","session":"s-1","ackEvery":16384}'),
    { type: 'hello', session: 's-1', replay: false, grace: 0, ackEvery: 16384 });
  assert.equal(parseServerMessage('{"type":"hello","session":""}'), null);
  assert.equal(parseServerMessage('{"type":"hello"}'), null);
  assert.equal(parseServerMessage('{"type":"hello","session":"s","grace":-5}').grace, 0);
  assert.equal(parseServerMessage('{"type":"hello","session":"s","replay":"yes"}').replay, false);
});

test('ended carries its reason and detail; unknown or broken frames are ignored', () => {
  assert.deepEqual(parseServerMessage('{"type":"ended","reason":"IDLE","detail":"30 min"}'),
    { type: 'ended', reason: 'IDLE', detail: '30 min' });
  assert.deepEqual(parseServerMessage('{"type":"ended"}'), { type: 'ended', reason: 'ERROR', detail: '' });
  assert.deepEqual(parseServerMessage('{"type":"detached"}'), { type: 'detached' });
  assert.deepEqual(parseServerMessage('{"type":"pong"}'), { type: 'pong' });
  assert.equal(parseServerMessage('{"type":"weather"}'), null);
  assert.equal(parseServerMessage('not json'), null);
  assert.equal(parseServerMessage('null'), null);
  assert.equal(parseServerMessage('42'), null);
});

test('client messages are the JSON the protocol names', () => {
  assert.deepEqual(JSON.parse(inputMessage('ls -l\r')), { type: 'input', data: 'ls -l\r' });
  assert.deepEqual(JSON.parse(inputMessage('한글')), { type: 'input', data: '한글' });
  assert.deepEqual(JSON.parse(resizeMessage(80, 24)), { type: 'resize', cols: 80, rows: 24 });
  assert.deepEqual(JSON.parse(ackMessage(65536)), { type: 'ack', bytes: 65536 });
  for (const fn of CONTROL_FUNCTIONS) {
    assert.deepEqual(JSON.parse(controlMessage(fn)), { type: 'control', function: fn });
  }
  assert.throws(() => controlMessage('REBOOT'), RangeError);
});

test('binary input is base64 of one byte per character', () => {
  const mouse = '\x1b[M' + String.fromCharCode(32, 33 + 10, 33 + 5) + '\xff';
  const message = JSON.parse(binaryMessage(mouse));
  assert.equal(message.type, 'binary');
  assert.deepEqual([...Buffer.from(message.data, 'base64')], [0x1b, 0x5b, 0x4d, 32, 43, 38, 0xff]);
});

test('drawn output is acknowledged every ackEvery bytes, and the rest when output goes quiet', () => {
  const acks = new AckCounter(1000);
  assert.equal(acks.drawn(400), 0);
  assert.equal(acks.drawn(500), 0);
  assert.equal(acks.drawn(300), 1200);
  assert.equal(acks.pending, 0);
  assert.equal(acks.drawn(10), 0);
  assert.equal(acks.take(), 10);
  assert.equal(acks.take(), 0);
  assert.equal(acks.total, 1210);
  acks.reset(50);
  assert.equal(acks.total, 0);
  assert.equal(acks.drawn(50), 50);
});

test('a flood is acknowledged in step with drawing, so unacknowledged bytes stay within one ack interval', () => {
  const acks = new AckCounter();
  let acknowledged = 0;
  let drawnBytes = 0;
  for (let frame = 0; frame < 1000; frame++) {
    const size = 1 + ((frame * 7919) % 16384);
    drawnBytes += size;
    acknowledged += acks.drawn(size);
    assert.ok(drawnBytes - acknowledged < ACK_EVERY);
  }
  acknowledged += acks.take();
  assert.equal(acknowledged, drawnBytes);
});

test('reconnecting backs off 1, 2, 4, 8, 16 s then every 30 s, and stops when the grace period would be over', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 10].map(backoffDelay), [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  assert.equal(reconnectDelay(0, 0, 120), 1000);
  assert.equal(reconnectDelay(3, 7000, 120), 8000);
  assert.equal(reconnectDelay(5, 89_000, 120), 30000);
  assert.equal(reconnectDelay(5, 91_000, 120), null);
  assert.equal(reconnectDelay(0, 0, 0), null); // a server that keeps nothing: no point retrying
  // The whole schedule within two minutes.
  let since = 0;
  const delays = [];
  for (let attempt = 0; ; attempt++) {
    const delay = reconnectDelay(attempt, since, 120);
    if (delay === null) {
      break;
    }
    delays.push(delay / 1000);
    since += delay;
  }
  assert.deepEqual(delays, [1, 2, 4, 8, 16, 30, 30]);
});

test('pasted line breaks become the CR that Enter sends, whatever the platform', () => {
  assert.equal(normalisePaste('a\r\nb\nc\rd'), 'a\rb\rc\rd');
  assert.equal(normalisePaste('one line'), 'one line');
  assert.equal(normalisePaste('끝\n\n'), '끝\r\r');
  assert.equal(normalisePaste(''), '');
});

test('pasted text cannot close the bracketed paste early', () => {
  assert.equal(normalisePaste('echo hi\x1b[201~rm -rf ~\n'), 'echo hirm -rf ~\r');
  assert.equal(normalisePaste('\x1b[200~x'), 'x');
  assert.equal(normalisePaste('\x1b[A'), '\x1b[A');
});

test('Ctrl gives the C0 controls', () => {
  assert.equal(ctrlChar('c'), '\x03');
  assert.equal(ctrlChar('C'), '\x03');
  assert.equal(ctrlChar('a'), '\x01');
  assert.equal(ctrlChar('z'), '\x1a');
  assert.equal(ctrlChar('@'), '\x00');
  assert.equal(ctrlChar(' '), '\x00');
  assert.equal(ctrlChar('['), '\x1b');
  assert.equal(ctrlChar('\\'), '\x1c');
  assert.equal(ctrlChar(']'), '\x1d');
  assert.equal(ctrlChar('^'), '\x1e');
  assert.equal(ctrlChar('_'), '\x1f');
  assert.equal(ctrlChar('?'), '\x7f');
  assert.equal(ctrlChar('3'), '\x1b');
  assert.equal(ctrlChar('1'), '1');
  assert.equal(ctrlChar('한'), '한');
  assert.equal(ctrlChar('ß'), 'ß'); // upper-cases to SS, still no Ctrl-S
  assert.equal(ctrlChar('ab'), 'ab');
});

test('soft keys send what xterm sends for those keys', () => {
  assert.equal(keySequence('Escape'), '\x1b');
  assert.equal(keySequence('Tab'), '\t');
  assert.equal(keySequence('Enter'), '\r');
  assert.equal(keySequence('Backspace'), '\x7f');
  assert.equal(keySequence('ArrowUp'), '\x1b[A');
  assert.equal(keySequence('ArrowLeft'), '\x1b[D');
  assert.equal(keySequence('ArrowUp', {}, true), '\x1bOA'); // vi, less: application cursor keys
  assert.equal(keySequence('Home'), '\x1b[H');
  assert.equal(keySequence('End', {}, true), '\x1bOF');
  assert.equal(keySequence('PageUp'), '\x1b[5~');
  assert.equal(keySequence('Delete'), '\x1b[3~');
  assert.equal(keySequence('ArrowRight', { ctrl: true }), '\x1b[1;5C');
  assert.equal(keySequence('ArrowRight', { ctrl: true }, true), '\x1b[1;5C');
  assert.equal(keySequence('ArrowUp', { alt: true }), '\x1b[1;3A');
  assert.equal(keySequence('ArrowDown', { ctrl: true, alt: true }), '\x1b[1;7B');
  assert.equal(keySequence('PageDown', { ctrl: true }), '\x1b[6;5~');
  assert.equal(keySequence('Escape', { alt: true }), '\x1b\x1b');
  assert.equal(keySequence('Backspace', { ctrl: true }), '\x08');
  assert.throws(() => keySequence('F13'), RangeError);
});

test('Ctrl and Alt are sticky: armed by a tap, spent by the next key, soft or typed', () => {
  const keys = new SoftKeys();
  assert.equal(keys.press('Ctrl'), '');
  assert.ok(keys.ctrl && keys.armed);
  assert.equal(keys.typed('c'), '\x03');
  assert.ok(!keys.armed);
  assert.equal(keys.typed('c'), 'c');

  keys.press('Alt');
  assert.equal(keys.typed('b'), '\x1bb');
  keys.press('Ctrl');
  keys.press('Alt');
  assert.equal(keys.typed('x'), '\x1b\x18');

  keys.press('Ctrl');
  assert.equal(keys.press('ArrowLeft'), '\x1b[1;5D');
  assert.ok(!keys.armed);

  keys.press('Ctrl');
  keys.press('Ctrl'); // a second tap disarms
  assert.ok(!keys.armed);
  assert.equal(keys.typed('c'), 'c');

  // A paste or a whole escape sequence is not a key to modify, but it still spends the modifier.
  keys.press('Ctrl');
  assert.equal(keys.typed('hello'), 'hello');
  assert.ok(!keys.armed);
  assert.equal(keys.press('Tab'), '\t');
});

test('modifiers apply to one character, counted in code points', () => {
  assert.equal(applyModifiers('😀', { alt: true }), '\x1b😀');
  assert.equal(applyModifiers('ab', { ctrl: true }), 'ab');
  assert.equal(applyModifiers('d', {}), 'd');
});

test('texts come from the page, then the English fallbacks, with {0} filled', () => {
  const texts = parseTexts('{"reconnecting":"연결이 끊겼습니다. {0}초 후 다시 연결합니다…","ended.IDLE":"유휴 시간 초과로 세션이 끝났습니다."}');
  assert.equal(text(texts, 'reconnecting', 4), '연결이 끊겼습니다. 4초 후 다시 연결합니다…');
  assert.equal(text({}, 'reconnecting', 8), 'Connection lost; reconnecting in 8 s…');
  assert.equal(text({}, 'reconnecting'), 'Connection lost; reconnecting in {0} s…');
  assert.equal(text({}, 'no.such.key'), 'no.such.key');
  assert.equal(endedText(texts, 'IDLE'), '유휴 시간 초과로 세션이 끝났습니다.');
  assert.equal(endedText({}, 'HOST_CLOSED'), 'Session ended: the host closed the connection.');
  assert.equal(endedText({}, 'ADMIN', 'maintenance'), 'Session ended by an administrator. (maintenance)');
  assert.equal(endedText({}, 'SOMETHING_NEW'), 'Session ended.');
  assert.equal(endedText({}, 'toString'), 'Session ended.');
  assert.deepEqual(parseTexts('{broken'), {});
  assert.deepEqual(parseTexts('[1]'), {});
  assert.deepEqual(parseTexts(undefined), {});
});

test('font size and theme preferences are kept within bounds', () => {
  assert.equal(clampFontSize('14'), 14);
  assert.equal(clampFontSize(3), 8);
  assert.equal(clampFontSize(99), 32);
  assert.equal(clampFontSize('abc'), 14);
  assert.equal(clampFontSize(null), 14);
  assert.equal(normaliseTheme('light'), 'light');
  assert.equal(normaliseTheme('dark'), 'dark');
  assert.equal(normaliseTheme('purple'), 'dark');
});
