// Keyboard shortcuts. Pages declare them with data-shortcut="key" on a link or button; "?" opens the help dialog
// (#shortcut-help) that lists them. Keys are ignored while typing in a field.

const typing = (target) => target instanceof HTMLElement
  && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

export function keyOf(event) {
  if (event.ctrlKey || event.metaKey || event.altKey) {
    return null;
  }
  return event.key === 'Delete' ? '#' : event.key;
}

export function installShortcuts(root) {
  const handlers = new Map();
  root.addEventListener('keydown', (event) => {
    if (typing(event.target)) {
      return;
    }
    const key = keyOf(event);
    if (!key) {
      return;
    }
    if (key === '?') {
      const help = root.getElementById('shortcut-help');
      if (help && typeof help.showModal === 'function') {
        event.preventDefault();
        help.open ? help.close() : help.showModal();
      }
      return;
    }
    const custom = handlers.get(key);
    if (custom) {
      event.preventDefault();
      custom(event);
      return;
    }
    const target = root.querySelector(`[data-shortcut="${CSS.escape(key)}"]`);
    if (target) {
      event.preventDefault();
      target.click();
    }
  });
  const help = root.getElementById('shortcut-help');
  if (help) {
    help.querySelector('[data-close]')?.addEventListener('click', () => help.close());
  }
  return {
    on(key, handler) {
      handlers.set(key, handler);
    },
  };
}

export const shortcutRegistry = { installShortcuts };
