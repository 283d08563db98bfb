// The console page's pure logic, with no DOM and no xterm.js, so that node:test covers it: the WebSocket messages
// (PROTOCOL.md), the acknowledgement of drawn output that keeps a flooding host from exhausting the gateway or the
// browser, the reconnect schedule, the soft keys with their sticky Ctrl and Alt, and paste normalisation.

export const CONTROL_FUNCTIONS = Object.freeze(['INTERRUPT', 'BREAK', 'ARE_YOU_THERE', 'ABORT_OUTPUT', 'EOF']);
export const END_REASONS = Object.freeze(['HOST_CLOSED', 'IDLE', 'ADMIN', 'POLICY', 'LIMIT', 'ERROR', 'EXPIRED']);

/** Acknowledge at the latest after this many bytes are drawn (the server's window must be several times larger). */
export const ACK_EVERY = 64 * 1024;
/** ...or once output has stopped for this long with something drawn but not yet acknowledged. */
export const ACK_IDLE_MS = 200;

// English fallbacks; the page supplies the real texts (English or Korean) in data-texts.
export const FALLBACK_TEXTS = Object.freeze({
  connecting: 'Connecting…',
  connected: 'Connected.',
  reconnecting: 'Connection lost; reconnecting in {0} s…',
  reconnected: 'Reconnected; the recent screen was replayed.',
  gaveUp: 'Could not reconnect; the session is gone.',
  detached: 'This session was opened in another window.',
  ended: 'Session ended.',
  'ended.HOST_CLOSED': 'Session ended: the host closed the connection.',
  'ended.IDLE': 'Session ended: it was idle too long.',
  'ended.ADMIN': 'Session ended by an administrator.',
  'ended.POLICY': 'Session ended: the upstream policy no longer allows this host.',
  'ended.LIMIT': 'Session ended: a session limit was reached.',
  'ended.ERROR': 'Session ended: the connection to the host failed.',
  'ended.EXPIRED': 'Session ended: it was not reattached in time.',
  copied: 'Copied.',
  pasteDenied: 'The browser did not allow reading the clipboard; use Ctrl+Shift+V or the context menu.',
});

/** Looks a text up in the page's texts, then in the fallbacks, and fills {0}, {1} … in order. */
export function text(texts, key, ...args) {
  const template = texts?.[key] ?? FALLBACK_TEXTS[key] ?? key;
  return template.replace(/\{(\d+)\}/g, (whole, index) => (index < args.length ? String(args[index]) : whole));
}

/** Parses the page's data-texts JSON; a broken attribute leaves the fallbacks in charge rather than the page dead. */
export function parseTexts(json) {
  if (!json) {
    return {};
  }
  try {
    const parsed = JSON.parse(json);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/** The message the user reads when the session ended for the given reason (with the server's detail, if any). */
export function endedText(texts, reason, detail) {
  const key = END_REASONS.includes(reason) ? `ended.${reason}` : 'ended';
  const line = text(texts, key);
  return detail ? `${line} (${detail})` : line;
}

// ---- WebSocket messages ----

/** The socket URL for the page's data-ws path: same host, wss behind https; session to reattach, size for NAWS. */
export function socketUrl(location, path, { session, cols, rows } = {}) {
  const url = new URL(path, location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  if (session) {
    url.searchParams.set('session', session);
  }
  if (cols > 0 && rows > 0) {
    url.searchParams.set('cols', String(cols));
    url.searchParams.set('rows', String(rows));
  }
  url.hash = '';
  return url.href;
}

/**
 * Reads a text frame from the server. Returns null for anything that is not a well-formed message of a known type,
 * so that a newer server's additions are ignored rather than breaking the page.
 */
export function parseServerMessage(data) {
  let message;
  try {
    message = JSON.parse(data);
  } catch {
    return null;
  }
  if (!message || typeof message !== 'object') {
    return null;
  }
  switch (message.type) {
    case 'hello':
      if (typeof message.session !== 'string' || !message.session) {
        return null;
      }
      return {
        type: 'hello',
        session: message.session,
        replay: message.replay === true,
        grace: nonNegative(message.grace, 0),
        ackEvery: positive(message.ackEvery, ACK_EVERY),
      };
    case 'ended':
      return {
        type: 'ended',
        reason: typeof message.reason === 'string' ? message.reason : 'ERROR',
        detail: typeof message.detail === 'string' ? message.detail : '',
      };
    case 'detached':
    case 'pong':
      return { type: message.type };
    default:
      return null;
  }
}

function nonNegative(value, otherwise) {
  return Number.isFinite(value) && value >= 0 ? value : otherwise;
}

function positive(value, otherwise) {
  return Number.isFinite(value) && value > 0 ? value : otherwise;
}

export const inputMessage = (data) => JSON.stringify({ type: 'input', data });
export const resizeMessage = (cols, rows) => JSON.stringify({ type: 'resize', cols, rows });
export const ackMessage = (bytes) => JSON.stringify({ type: 'ack', bytes });
export const pingMessage = () => JSON.stringify({ type: 'ping' });

/** xterm's onBinary gives one char per byte (0–255); base64 carries them without any charset in the way. */
export function binaryMessage(data) {
  let latin1 = '';
  for (let i = 0; i < data.length; i++) {
    latin1 += String.fromCharCode(data.charCodeAt(i) & 0xff);
  }
  return JSON.stringify({ type: 'binary', data: btoa(latin1) });
}

export function controlMessage(fn) {
  if (!CONTROL_FUNCTIONS.includes(fn)) {
    throw new RangeError(`unknown control function ${fn}`);
  }
  return JSON.stringify({ type: 'control', function: fn });
}

// ---- Flow control ----

/**
 * Counts bytes that xterm has drawn (its write callback) and says when to acknowledge them: once ackEvery bytes are
 * pending, or when output went quiet (flushIdle). The server stops reading from the host while too much is
 * unacknowledged, so a flood never outruns what the page can draw.
 */
export class AckCounter {
  constructor(ackEvery = ACK_EVERY) {
    this.ackEvery = ackEvery;
    this.pending = 0;
    this.total = 0;
  }

  /** Records n drawn bytes; returns the number of bytes to acknowledge now, or 0 to wait. */
  drawn(n) {
    this.pending += n;
    this.total += n;
    return this.pending >= this.ackEvery ? this.take() : 0;
  }

  /** Whatever is pending, to acknowledge when output has gone quiet (0 if nothing is). */
  take() {
    const bytes = this.pending;
    this.pending = 0;
    return bytes;
  }

  /** A new socket starts a new count on both sides. */
  reset(ackEvery = this.ackEvery) {
    this.ackEvery = ackEvery;
    this.pending = 0;
    this.total = 0;
  }
}

// ---- Reconnecting ----

/** 1, 2, 4, 8, 16 s, then every 30 s. */
export function backoffDelay(attempt) {
  return Math.min(1000 * 2 ** Math.max(0, attempt), 30_000);
}

/**
 * The delay before reconnect attempt number attempt (0 first), given how long ago the socket dropped, or null when
 * the next attempt would come after the grace period the server keeps the session for (then it is gone anyway).
 */
export function reconnectDelay(attempt, sinceDropMs, graceSeconds) {
  const delay = backoffDelay(attempt);
  return sinceDropMs + delay <= graceSeconds * 1000 ? delay : null;
}

// ---- Paste ----

/**
 * Text from the clipboard as the terminal should receive it: every line break (CRLF, LF or CR) becomes the CR that
 * Enter sends, so a multi-line paste keeps its lines; the bracketed-paste markers are removed, so pasted text cannot
 * end the bracket early and have the rest run as typed commands.
 */
export function normalisePaste(textToPaste) {
  return textToPaste
    .replace(/\r\n|\n/g, '\r')
    .replace(/\x1b\[20[01]~/g, '');
}

// ---- Soft keys ----

export const SOFT_KEYS = Object.freeze([
  'Escape', 'Tab', 'Ctrl', 'Alt', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight',
  'Home', 'End', 'PageUp', 'PageDown', 'Insert', 'Delete', 'Enter', 'Backspace',
]);

const CURSOR = { ArrowUp: 'A', ArrowDown: 'B', ArrowRight: 'C', ArrowLeft: 'D', Home: 'H', End: 'F' };
const TILDE = { Insert: 2, Delete: 3, PageUp: 5, PageDown: 6 };

// xterm's modifier parameter: 1 + Shift 1 + Alt 2 + Ctrl 4.
const modifierParameter = ({ ctrl, alt }) => 1 + (alt ? 2 : 0) + (ctrl ? 4 : 0);

/** What Ctrl does to one character: the C0 control the terminal convention gives it, or the character unchanged. */
export function ctrlChar(ch) {
  if (ch.length !== 1 || ch.charCodeAt(0) > 0x7e) {
    return ch;
  }
  const code = ch.toUpperCase().charCodeAt(0);
  if (code >= 0x40 && code <= 0x5f) {
    return String.fromCharCode(code - 0x40); // @ A–Z [ \ ] ^ _
  }
  switch (ch) {
    case ' ':
    case '2':
      return '\x00';
    case '3':
      return '\x1b';
    case '4':
      return '\x1c';
    case '5':
      return '\x1d';
    case '6':
      return '\x1e';
    case '7':
    case '/':
      return '\x1f';
    case '8':
    case '?':
      return '\x7f';
    default:
      return ch;
  }
}

/** The bytes a key sends with the given modifiers; applicationCursor is xterm's DECCKM mode (ESC O A for Up). */
export function keySequence(key, { ctrl = false, alt = false } = {}, applicationCursor = false) {
  const modified = ctrl || alt;
  if (key in CURSOR) {
    if (modified) {
      return `\x1b[1;${modifierParameter({ ctrl, alt })}${CURSOR[key]}`;
    }
    return (applicationCursor ? '\x1bO' : '\x1b[') + CURSOR[key];
  }
  if (key in TILDE) {
    return modified ? `\x1b[${TILDE[key]};${modifierParameter({ ctrl, alt })}~` : `\x1b[${TILDE[key]}~`;
  }
  const plain = { Escape: '\x1b', Tab: '\t', Enter: '\r', Backspace: '\x7f' }[key];
  if (plain === undefined) {
    throw new RangeError(`unknown key ${key}`);
  }
  const withCtrl = ctrl && key === 'Backspace' ? '\x08' : plain;
  return alt ? `\x1b${withCtrl}` : withCtrl;
}

/** Applies Ctrl and Alt to typed data: one character is modified; longer input (a paste, a sequence) passes as is. */
export function applyModifiers(data, { ctrl = false, alt = false }) {
  if ([...data].length !== 1) {
    return data;
  }
  const withCtrl = ctrl ? ctrlChar(data) : data;
  return alt ? `\x1b${withCtrl}` : withCtrl;
}

/**
 * The soft-key bar's state: Ctrl and Alt are sticky, armed by a tap and spent by the next key, whether that key is
 * another soft key or typed on the (virtual) keyboard. A second tap disarms.
 */
export class SoftKeys {
  constructor() {
    this.ctrl = false;
    this.alt = false;
  }

  get armed() {
    return this.ctrl || this.alt;
  }

  /** A soft key was tapped: returns the data to send ('' when it only armed or disarmed a modifier). */
  press(key, applicationCursor = false) {
    if (key === 'Ctrl' || key === 'Alt') {
      const name = key.toLowerCase();
      this[name] = !this[name];
      return '';
    }
    const data = keySequence(key, this, applicationCursor);
    this.release();
    return data;
  }

  /** The keyboard typed data: returns it with the armed modifiers applied, and disarms them. */
  typed(data) {
    if (!this.armed) {
      return data;
    }
    const result = applyModifiers(data, this);
    this.release();
    return result;
  }

  release() {
    this.ctrl = false;
    this.alt = false;
  }
}

// ---- Preferences ----

export const FONT_SIZES = Object.freeze({ min: 8, max: 32, step: 1, fallback: 14 });

/** A font size within bounds; anything unreadable gives the fallback. */
export function clampFontSize(value) {
  const size = Math.round(Number(value));
  if (!Number.isFinite(size) || size <= 0) {
    return FONT_SIZES.fallback;
  }
  return Math.min(FONT_SIZES.max, Math.max(FONT_SIZES.min, size));
}

export const normaliseTheme = (value) => (value === 'light' ? 'light' : 'dark');
