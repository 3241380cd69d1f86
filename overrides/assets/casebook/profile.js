// A profile page of the published site (overrides/main.html loads this there only).
//
// 分享本页: the system's share sheet where the browser has one (phones: WeChat,
// messages, mail …), else the page's title and address copied for pasting. Without
// script the button stays hidden, and so it does on a copy opened from file://,
// whose address is a path on somebody's disk.
//
// 引用本页: GB/T 7714 asks for the date the reader cited the page; the page says
// [引用日期] until this script writes today's date there, so that the copy button
// copies a finished citation. A site built without its address (no SITE_URL) cites
// the page's path (profiles/…/): the script puts the address the reader sees in its
// place, or, opened from file:// (a class pack), leaves it out: a path on somebody's
// disk is no address to cite.
(() => {
  // The last of each: the template's comes after the body, which may use the same class.
  const last = selector => [...document.querySelectorAll(selector)].pop();
  const cite = last(".cb-cite code");
  if (cite) {
    const now = new Date();
    const today = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map(n => String(n).padStart(2, "0")).join("-");
    let text = cite.textContent.replace("[引用日期]", `[${today}]`);
    const relative = /\s(profiles\/[^\s]+)\.$/.exec(text);
    if (relative) {
      const here = new URL(location.href);
      here.search = here.hash = "";
      text = text.slice(0, relative.index) + (location.protocol === "file:" ? "" : ` ${here.href}.`);
    }
    cite.textContent = text;
  }

  const box = last(".cb-share");
  if (!box || location.protocol === "file:") return;
  const done = box.querySelector(".cb-share__done");
  const meta = property => document.querySelector(`meta[property="${property}"]`)?.content;
  const address = new URL(location.href);
  address.search = "";  // ?h=… marks a search's words on the page: not part of the address
  address.hash = "";
  const shared = { title: meta("og:title") || document.title, url: meta("og:url") || address.href };
  box.hidden = false;
  box.querySelector("button").addEventListener("click", async () => {
    done.textContent = "";
    if (navigator.share) {
      try {
        await navigator.share(shared);
      } catch (error) {
        // The reader closed the sheet (AbortError): nothing to say.
      }
      return;
    }
    try {
      await navigator.clipboard.writeText(`${shared.title} ${shared.url}`);
      done.textContent = "已复制标题和链接";
    } catch (error) {
      done.textContent = "没能复制：请从地址栏复制本页链接";
    }
  });
})();
