// xterm.js writes part of its styling (theme colours, cell size, scrollbar) into <style> elements it creates. Our
// Content-Security-Policy (style-src 'self', no 'unsafe-inline') blocks those, which would leave the terminal
// uncoloured and misaligned. The CSSOM is not subject to the policy, so this copies every <style> element that
// appears under the terminal into a constructed stylesheet adopted by the document, and keeps it in step.
// The browser still reports each blocked <style> once in its console; that is expected.

export function mirrorInlineStyles(root, doc = root.ownerDocument) {
  if (typeof CSSStyleSheet !== 'function' || !('adoptedStyleSheets' in doc) || !('replaceSync' in CSSStyleSheet.prototype)) {
    return () => {};
  }
  const sheets = new Map();

  const sync = (element) => {
    let sheet = sheets.get(element);
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheets.set(element, sheet);
      doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
    }
    sheet.replaceSync(element.textContent ?? '');
  };
  const drop = (element) => {
    const sheet = sheets.get(element);
    if (sheet) {
      sheets.delete(element);
      doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
    }
  };
  const stylesIn = (node) => {
    if (!(node instanceof Element)) {
      return [];
    }
    return node.tagName === 'STYLE' ? [node] : [...node.querySelectorAll('style')];
  };

  for (const element of root.querySelectorAll('style')) {
    sync(element);
  }
  const observer = new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      for (const node of mutation.removedNodes) {
        stylesIn(node).forEach(drop);
      }
      for (const node of mutation.addedNodes) {
        stylesIn(node).filter((element) => element.isConnected).forEach(sync);
      }
      // textContent = … on a <style> replaces its text node: a childList change whose target is the <style>.
      const target = mutation.target instanceof Element ? mutation.target : mutation.target.parentElement;
      const style = target?.closest('style');
      if (style && root.contains(style)) {
        sync(style);
      }
    }
  });
  observer.observe(root, { childList: true, subtree: true, characterData: true });
  return () => {
    observer.disconnect();
    [...sheets.keys()].forEach(drop);
  };
}
