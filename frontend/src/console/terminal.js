// The console page: xterm.js filling the window, bridged over a WebSocket to a Telnet session on the gateway
// (PROTOCOL.md), with a toolbar of Telnet control functions, font size and theme, copy and paste, soft keys for
// touch screens, flow control by acknowledging what was drawn, and reattaching to the session after the socket drops.

import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebglAddon } from '@xterm/addon-webgl';
import { mirrorInlineStyles } from './csp-styles.js';
import {
  ACK_IDLE_MS, AckCounter, SoftKeys, ackMessage, binaryMessage, clampFontSize, controlMessage, endedText,
  inputMessage, normalisePaste, normaliseTheme, parseServerMessage, parseTexts, pingMessage, reconnectDelay,
  resizeMessage, socketUrl, text, FONT_SIZES,
} from './logic.js';

const THEMES = {
  dark: { background: '#0d1117', foreground: '#e6e9ee', cursor: '#e6e9ee', selectionBackground: '#2f6fad80' },
  light: {
    background: '#ffffff', foreground: '#1b2430', cursor: '#1b2430', cursorAccent: '#ffffff',
    selectionBackground: '#1f4e7940',
    // xterm's default white and bright white vanish on a white background.
    white: '#5b6675', brightWhite: '#1b2430', yellow: '#8a5a00', brightYellow: '#6b4500',
  },
};
const PING_EVERY_MS = 30_000;
const SILENCE_LIMIT_MS = 75_000;
const STORAGE = { fontSize: 'postern.console.fontSize', theme: 'postern.console.theme', session: 'postern.console.session.' };

// SGR for the gateway's own lines in the terminal: dim for status, bold yellow for the end.
const STATUS_LINE = (line) => `\r\n\x1b[2m${line}\x1b[0m\r\n`;
const END_LINE = (line) => `\r\n\x1b[1;33m${line}\x1b[0m\r\n`;

function stored(storage, key) {
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}

function store(storage, key, value) {
  try {
    if (value == null) {
      storage.removeItem(key);
    } else {
      storage.setItem(key, value);
    }
  } catch {
    // Private mode or a full quota: the preference lasts this page only.
  }
}

export function startConsole(page) {
  const host = page.querySelector('#terminal');
  if (!host || !page.dataset.ws) {
    return null;
  }
  const texts = parseTexts(page.dataset.texts);
  const status = page.querySelector('#console-status');
  const sessionKey = STORAGE.session + (page.dataset.connection ?? page.dataset.ws);
  let fontSize = clampFontSize(stored(localStorage, STORAGE.fontSize) ?? page.dataset.fontSize ?? FONT_SIZES.fallback);
  let theme = normaliseTheme(stored(localStorage, STORAGE.theme) ?? page.dataset.theme);

  const stopMirroring = mirrorInlineStyles(host);
  const term = new Terminal({
    allowProposedApi: true, // unicode11
    fontSize,
    fontFamily: 'ui-monospace, "D2Coding", "Noto Sans Mono CJK KR", "SFMono-Regular", Menlo, Consolas, monospace',
    scrollback: Number.parseInt(page.dataset.scrollback, 10) || 5000,
    theme: THEMES[theme],
    cursorBlink: true,
    macOptionIsMeta: true,
    rightClickSelectsWord: true,
    // For screen readers (the user's preference, or ?screenReader=true): xterm then keeps the rows as text in the DOM.
    screenReaderMode: page.dataset.screenReader === 'true',
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.loadAddon(new WebLinksAddon((event, uri) => {
    const opened = window.open(uri, '_blank', 'noopener,noreferrer');
    if (opened) {
      opened.opener = null;
    }
  }));
  term.loadAddon(new Unicode11Addon());
  term.unicode.activeVersion = '11'; // Hangul and emoji two cells wide, as the host's wcwidth counts them
  term.open(host);
  // The WebGL renderer draws on a canvas; the DOM renderer it replaces sets style attributes for true colour,
  // which the Content-Security-Policy blocks. Without WebGL the DOM renderer stays (true colour then falls back).
  try {
    const webgl = new WebglAddon();
    webgl.onContextLoss(() => webgl.dispose());
    term.loadAddon(webgl);
  } catch {
    // No WebGL2 here.
  }
  const applyTheme = () => {
    term.options.theme = THEMES[theme];
    page.classList.toggle('console-light', theme === 'light');
    page.classList.toggle('console-dark', theme === 'dark');
  };
  applyTheme();

  const showStatus = (line) => {
    if (status) {
      status.textContent = line;
    }
  };

  // ---- the socket ----
  let socket = null;
  let session = page.dataset.session || stored(sessionStorage, sessionKey) || '';
  // A session remembered from before a reload may have ended meanwhile; then this page starts a new one.
  let remembered = !page.dataset.session && Boolean(session);
  let grace = 0;
  let finished = false;
  let droppedAt = 0;
  let attempt = 0;
  let retryTimer = 0;
  let countdownTimer = 0;
  let ackTimer = 0;
  let pingTimer = 0;
  let lastHeard = 0;
  const acks = new AckCounter();

  const send = (message) => {
    if (socket?.readyState === WebSocket.OPEN) {
      socket.send(message);
      return true;
    }
    return false;
  };

  const flushAck = () => {
    clearTimeout(ackTimer);
    const bytes = acks.take();
    if (bytes > 0) {
      send(ackMessage(bytes));
    }
  };

  const draw = (bytes, owner) => {
    term.write(bytes, () => {
      if (owner !== socket) {
        return; // drawn after the socket it came on was replaced: that count went with it
      }
      const now = acks.drawn(bytes.byteLength);
      if (now > 0) {
        clearTimeout(ackTimer);
        send(ackMessage(now));
      } else {
        clearTimeout(ackTimer);
        ackTimer = setTimeout(flushAck, ACK_IDLE_MS);
      }
    });
  };

  const finish = (line) => {
    finished = true;
    clearTimeout(retryTimer);
    clearInterval(countdownTimer);
    clearInterval(pingTimer);
    store(sessionStorage, sessionKey, null);
    term.write(END_LINE(line));
    showStatus(line);
    page.classList.add('console-ended');
    page.querySelectorAll('[data-control], [data-key]').forEach((button) => { button.disabled = true; });
    const restart = page.querySelector('[data-action="restart"]');
    if (restart) {
      restart.hidden = false;
    }
  };

  const onText = (data) => {
    const message = parseServerMessage(data);
    switch (message?.type) {
      case 'hello':
        remembered = false;
        session = message.session;
        grace = message.grace;
        acks.reset(message.ackEvery);
        store(sessionStorage, sessionKey, session);
        if (message.replay) {
          term.reset(); // the replay redraws the recent screen from scratch
        }
        showStatus(text(texts, attempt > 0 && message.replay ? 'reconnected' : 'connected'));
        attempt = 0;
        droppedAt = 0;
        sendSize();
        break;
      case 'ended':
        if (remembered && message.reason === 'EXPIRED') {
          remembered = false;
          session = '';
          store(sessionStorage, sessionKey, null);
          socket = null;
          connect();
          break;
        }
        finish(endedText(texts, message.reason, message.detail));
        break;
      case 'detached':
        finish(text(texts, 'detached'));
        break;
      default:
        break; // pong, or something newer than this page
    }
  };

  const connect = () => {
    clearInterval(countdownTimer);
    showStatus(text(texts, 'connecting'));
    const opened = new WebSocket(socketUrl(window.location, page.dataset.ws,
      { session, cols: term.cols, rows: term.rows }));
    opened.binaryType = 'arraybuffer';
    socket = opened;
    lastHeard = Date.now();
    opened.addEventListener('message', (event) => {
      if (opened !== socket) {
        return;
      }
      lastHeard = Date.now();
      if (typeof event.data === 'string') {
        onText(event.data);
      } else {
        draw(new Uint8Array(event.data), opened);
      }
    });
    opened.addEventListener('close', () => {
      if (opened === socket) {
        dropped();
      }
    });
    clearInterval(pingTimer);
    // A socket across a laptop's sleep can look open and be dead: no word for too long means reconnect.
    pingTimer = setInterval(() => {
      if (Date.now() - lastHeard > SILENCE_LIMIT_MS) {
        opened.close();
        if (opened === socket) {
          dropped();
        }
      } else {
        send(pingMessage());
      }
    }, PING_EVERY_MS);
  };

  const dropped = () => {
    clearInterval(pingTimer);
    clearTimeout(ackTimer);
    socket = null;
    if (finished) {
      return;
    }
    if (!droppedAt) {
      droppedAt = Date.now();
    }
    // A socket that never said hello has no session to come back to: nothing to wait for.
    const delay = session ? reconnectDelay(attempt, Date.now() - droppedAt, grace) : null;
    if (delay === null) {
      finish(text(texts, session ? 'gaveUp' : 'ended.ERROR'));
      return;
    }
    attempt += 1;
    const due = Date.now() + delay;
    const tell = () => showStatus(text(texts, 'reconnecting', Math.max(1, Math.ceil((due - Date.now()) / 1000))));
    if (attempt === 1) {
      term.write(STATUS_LINE(text(texts, 'reconnecting', Math.ceil(delay / 1000))));
    }
    tell();
    countdownTimer = setInterval(tell, 1000);
    retryTimer = setTimeout(connect, delay);
  };

  // Coming back to the tab or the network: try now rather than at the end of the current wait.
  const retryNow = () => {
    if (!finished && !socket && retryTimer && document.visibilityState === 'visible') {
      clearTimeout(retryTimer);
      retryTimer = 0;
      connect();
    }
  };
  document.addEventListener('visibilitychange', retryNow);
  window.addEventListener('online', retryNow);

  // ---- input ----
  const softKeys = new SoftKeys();
  const showModifiers = () => {
    for (const button of page.querySelectorAll('[data-key="Ctrl"], [data-key="Alt"]')) {
      const on = button.dataset.key === 'Ctrl' ? softKeys.ctrl : softKeys.alt;
      button.setAttribute('aria-pressed', String(on));
    }
  };
  const sendInput = (data) => {
    if (data && !finished) {
      send(inputMessage(data));
    }
  };
  term.onData((data) => {
    const wasArmed = softKeys.armed;
    sendInput(softKeys.typed(data));
    if (wasArmed) {
      showModifiers();
    }
  });
  term.onBinary((data) => {
    if (!finished) {
      send(binaryMessage(data));
    }
  });

  const sendSize = () => send(resizeMessage(term.cols, term.rows));
  term.onResize(sendSize);

  const copySelection = async () => {
    const selection = term.getSelection();
    if (selection && navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(selection).then(() => showStatus(text(texts, 'copied')), () => {});
    }
  };
  const paste = (data) => term.paste(normalisePaste(data));
  const pasteFromClipboard = async () => {
    try {
      paste(await navigator.clipboard.readText());
    } catch {
      showStatus(text(texts, 'pasteDenied'));
    }
    term.focus();
  };
  // Ctrl+Shift+C copies and Ctrl+Shift+V pastes (the browser's paste event, below); plain Ctrl+C stays ^C.
  term.attachCustomKeyEventHandler((event) => {
    if (event.type === 'keydown' && event.ctrlKey && event.shiftKey && !event.altKey) {
      if (event.code === 'KeyC') {
        copySelection();
        event.preventDefault();
        return false;
      }
      if (event.code === 'KeyV') {
        return false; // let the browser fire its paste event
      }
    }
    return true;
  });
  // Every paste goes through normalisePaste (xterm would keep the bracketed-paste markers a text might carry).
  host.addEventListener('paste', (event) => {
    const data = event.clipboardData?.getData('text/plain');
    event.preventDefault();
    event.stopImmediatePropagation();
    if (data) {
      paste(data);
    }
  }, { capture: true });

  // ---- toolbar and soft keys ----
  const refit = () => {
    try {
      fit.fit();
    } catch {
      // Not laid out yet (hidden): the next resize fits.
    }
  };
  const setFontSize = (size) => {
    fontSize = clampFontSize(size);
    term.options.fontSize = fontSize;
    store(localStorage, STORAGE.fontSize, String(fontSize));
    refit();
  };
  page.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button') : null;
    if (!button || !page.contains(button) || button.disabled) {
      return;
    }
    if (button.dataset.control) {
      if (!finished) {
        send(controlMessage(button.dataset.control));
      }
    } else if (button.dataset.key) {
      sendInput(softKeys.press(button.dataset.key, term.modes.applicationCursorKeysMode));
      showModifiers();
    } else {
      switch (button.dataset.action) {
        case 'font-larger':
          setFontSize(fontSize + FONT_SIZES.step);
          break;
        case 'font-smaller':
          setFontSize(fontSize - FONT_SIZES.step);
          break;
        case 'theme':
          theme = theme === 'dark' ? 'light' : 'dark';
          store(localStorage, STORAGE.theme, theme);
          applyTheme();
          break;
        case 'copy':
          copySelection();
          break;
        case 'paste':
          pasteFromClipboard();
          return;
        case 'restart':
          store(sessionStorage, sessionKey, null);
          window.location.reload();
          return;
        default:
          return;
      }
    }
    term.focus();
  });
  // Soft keys must not take the focus (and the virtual keyboard) away from the terminal.
  page.querySelectorAll('[data-key], [data-control]').forEach((button) => {
    button.addEventListener('pointerdown', (event) => event.preventDefault());
  });

  const resizes = new ResizeObserver(() => refit());
  resizes.observe(host);
  refit();
  term.focus();
  connect();

  return {
    terminal: term,
    dispose() {
      finished = true;
      resizes.disconnect();
      document.removeEventListener('visibilitychange', retryNow);
      window.removeEventListener('online', retryNow);
      clearTimeout(retryTimer);
      clearInterval(countdownTimer);
      clearInterval(pingTimer);
      socket?.close();
      term.dispose();
      stopMirroring();
    },
  };
}
