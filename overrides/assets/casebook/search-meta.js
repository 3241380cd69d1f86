(() => {
  const Native = window.Worker;
  if (!Native) return;
  let latest = null;
  let watched = null;
  const write = () => {
    const meta = document.querySelector(".md-search-result__meta");
    if (!meta) return;
    if (meta !== watched) {
      watched = meta;
      new MutationObserver(write).observe(meta, { childList: true, characterData: true, subtree: true });
    }
    if (!latest || !(latest.partial || latest.total > latest.items.length)) return;
    const text = latest.partial ? "正在列出符合条件的结果……"
      : `找到 ${latest.total} 个符合条件的结果，列出最相关的 ${latest.items.length} 个`;
    if (meta.textContent !== text) meta.textContent = text;
  };
  const keyless = event => {
    const box = event.target;
    if (box instanceof HTMLInputElement && box.classList.contains("md-search__input") && !event.isComposing) {
      box.dispatchEvent(new KeyboardEvent("keyup"));
    }
  };
  document.addEventListener("input", keyless, true);
  document.addEventListener("compositionend", keyless, true);
  window.Worker = class extends Native {
    constructor(url, options) {
      super(url, options);
      if (!/(^|\/)workers\/search\.[^/?#]*([?#]|$)/.test(String(url))) return;
      this.addEventListener("message", event => {
        const message = event.data;
        if (message && message.type === 3 && message.data) {
          latest = message.data;
          write();
        }
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) latest = null;
      return super.postMessage(message, ...rest);
    }
  };
})();
