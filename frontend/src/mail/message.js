// The reading page: the sandboxed body frame (same origin, no scripts inside) is sized to its content.

export function enhanceMessage(page) {
  const frame = page.querySelector('#message-body');
  if (!frame) {
    return;
  }
  const fit = () => {
    try {
      const doc = frame.contentDocument;
      if (doc?.documentElement) {
        frame.style.height = `${Math.max(200, doc.documentElement.scrollHeight + 24)}px`;
      }
    } catch {
      // A frame we cannot read keeps its default height.
    }
  };
  frame.addEventListener('load', () => {
    fit();
    for (const image of frame.contentDocument?.images ?? []) {
      image.addEventListener('load', fit);
    }
  });
}
