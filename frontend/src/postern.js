// Postern's browser code: each module enhances the server-rendered page it finds itself on. The pages work without
// it; no script is ever inline (the Content-Security-Policy forbids that).
import { localizeTimes } from './time.js';
import { enhanceMailbox } from './mail/mailbox.js';
import { installShortcuts } from './shortcuts.js';
import { enhanceCompose } from './mail/compose.js';
import { enhanceMessage } from './mail/message.js';
import { enhanceFileBrowser } from './files/browser.js';

function start() {
  localizeTimes(document);
  const mailbox = document.getElementById('mailbox');
  if (mailbox) {
    enhanceMailbox(mailbox);
  }
  const compose = document.getElementById('compose');
  if (compose) {
    enhanceCompose(compose);
  }
  const message = document.getElementById('message');
  if (message) {
    enhanceMessage(message);
  }
  const files = document.getElementById('file-browser');
  if (files) {
    enhanceFileBrowser(files);
  }
  installShortcuts(document);
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', start);
} else {
  start();
}
