// Entry point of static/js/player.js: replays a recorded console session (asciicast v2) with asciinema-player on the
// element #player[data-src]. The player's stylesheet is static/css/asciinema-player.css, linked by the page.
// CSP: the player's terminal emulator is WebAssembly, so the recording page needs script-src 'wasm-unsafe-eval'
// (PROTOCOL.md); the player sets styles only through the CSSOM, which the policy allows.
import { create } from 'asciinema-player';

const number = (value) => {
  const parsed = Number.parseFloat(value);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : undefined;
};

export function mountPlayer(element) {
  const src = element.dataset.src;
  if (!src) {
    return null;
  }
  const theme = element.dataset.theme === 'light' ? 'solarized-light' : 'asciinema';
  const options = {
    fit: 'width',
    theme,
    idleTimeLimit: number(element.dataset.idleTimeLimit) ?? 2,
    speed: number(element.dataset.speed) ?? 1,
    preload: true,
    controls: true,
    terminalFontFamily: 'ui-monospace, "D2Coding", "Noto Sans Mono CJK KR", "SFMono-Regular", Menlo, Consolas, monospace',
  };
  return create(src, element, options);
}

function start() {
  const element = document.getElementById('player');
  if (element) {
    mountPlayer(element);
  }
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}
