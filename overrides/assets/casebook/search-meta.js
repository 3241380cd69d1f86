(() => {
  const Native = window.Worker;
  if (!Native) return;
  let latest = null;
  let asked = "";
  let watched = null;
  const write = () => {
    const meta = document.querySelector(".md-search-result__meta");
    if (!meta) return;
    if (meta !== watched) {
      watched = meta;
      new MutationObserver(write).observe(meta, { childList: true, characterData: true, subtree: true });
    }
    if (!latest) return;
    // An emptied box is answered with no items too: Material then says 键入以开始搜索.
    const none = !latest.partial && latest.items.length === 0 && asked.trim() !== "";
    if (!(none || latest.partial || latest.total > latest.items.length)) return;
    // Nothing found: say what to try instead of leaving the reader at an empty list.
    const text = none ? "没有找到符合条件的结果：可以换个说法、用更短的词，或按做法、地区浏览案例"
      : latest.partial ? "正在列出符合条件的结果……"
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
  // Back from a result (a phone's back button): Material's search is closed and empty on the
  // page the reader came from. The query is kept for this tab when a result is opened, and
  // typed in again when the reader comes back to the same page.
  const KEPT = "casebook-search";
  const store = (() => { try { return window.sessionStorage; } catch (error) { return null; } })();
  document.addEventListener("click", event => {
    const link = event.target instanceof Element && event.target.closest(".md-search-result__link");
    const box = document.querySelector("input.md-search__input");
    if (store && link && box && box.value.trim()) {
      try { store.setItem(KEPT, JSON.stringify({ page: location.href, query: box.value })); } catch (error) { /* full */ }
    }
  }, true);
  addEventListener("pageshow", event => {
    const [entry] = performance.getEntriesByType("navigation");
    if (!store || !(event.persisted || (entry && entry.type === "back_forward"))) return;
    let kept = null;
    try { kept = JSON.parse(store.getItem(KEPT) || "null"); } catch (error) { return; }
    const toggle = document.getElementById("__search");
    const box = document.querySelector("input.md-search__input");
    if (!kept || kept.page !== location.href || !toggle || !box || typeof kept.query !== "string") return;
    if (!toggle.checked) toggle.click();
    box.value = kept.query;
    box.dispatchEvent(new Event("input", { bubbles: true }));
  });
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
      if (message && message.type === 2) {
        latest = null;
        asked = typeof message.data === "string" ? message.data : "";
      }
      return super.postMessage(message, ...rest);
    }
  };
})();
