// The explore page (explore/): filters profiles by province, city, practice and
// year together, sorts them, and keeps the filters in the page address, so that
// reloading or sharing it shows the same view. Loaded by that page only, after
// explore/data.js (window.casebookExplore, written by scripts/casebook/site/explore.py).
// Plain script, no library; works from file:// (no fetch). Text from the data is
// only ever set as textContent.
(function () {
  "use strict";

  var data = window.casebookExplore;
  var root = document.getElementById("cb-explore");
  if (!data || !root) return;

  var PAGE = 100;
  var KEYS = ["province", "city", "practice", "from", "to", "sort"];
  var controls = {};
  KEYS.forEach(function (key) {
    controls[key] = root.querySelector('[data-key="' + key + '"]');
  });
  var count = document.getElementById("cb-explore-count");
  var list = document.getElementById("cb-explore-results");
  var more = document.getElementById("cb-explore-more");
  var reset = document.getElementById("cb-explore-reset");
  var shown = PAGE;

  var collator = new Intl.Collator("zh-CN");
  var items = data.items.map(function (row, index) {
    var city = data.cities[row[2]];
    return {
      index: index, id: row[0], title: row[1], city: row[2], province: city[0], local: row[3],
      year: row[4], date: row[5], practices: row[6], where: data.provinces[city[0]] + city[1] + row[3]
    };
  });
  var years = [];
  items.forEach(function (item) {
    if (item.year !== null && years.indexOf(item.year) < 0) years.push(item.year);
  });
  years.sort(function (a, b) { return b - a; });

  // Links to profiles: the page carries one resolved link (to its first profile),
  // so the same code works with directory URLs online and with .html files offline.
  var template = root.getAttribute("data-profile-url") || "";
  var sample = root.getAttribute("data-sample") || "";
  var cut = template.lastIndexOf(sample);
  function href(id) {
    return template.slice(0, cut) + encodeURIComponent(id) + template.slice(cut + sample.length);
  }

  function option(select, value, label) {
    var element = document.createElement("option");
    element.value = String(value);
    element.textContent = label;
    select.appendChild(element);
  }

  data.provinces.forEach(function (name) { option(controls.province, name, name); });
  data.practices.forEach(function (name) { option(controls.practice, name, name); });
  years.forEach(function (year) {
    option(controls.from, year, year + "年");
    option(controls.to, year, year + "年");
  });

  function fillCities() {
    var province = data.provinces.indexOf(controls.province.value);
    while (controls.city.options.length > 1) controls.city.remove(1);
    data.cities.forEach(function (city) {
      if (city[0] === province) option(controls.city, city[1], city[1]);
    });
    controls.city.disabled = province < 0;
  }

  // A value that is not among a select's options (an old or mistyped address) is ignored.
  function choose(select, value) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === value) {
        select.value = value;
        return;
      }
    }
    select.value = "";
  }

  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    choose(controls.province, params.get("province") || "");
    fillCities();
    KEYS.forEach(function (key) {
      if (key !== "province") choose(controls[key], params.get(key) || "");
    });
  }

  function writeAddress() {
    var params = new URLSearchParams();
    KEYS.forEach(function (key) {
      if (controls[key].value) params.set(key, controls[key].value);
    });
    var query = params.toString();
    var address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    try {
      window.history.replaceState(null, "", address);
    } catch (error) {
      // Some browsers refuse to rewrite file:// addresses; the filters still work.
    }
  }

  // `without`: a filter to leave out (the empty list's hint asks what each one costs).
  function matching(without) {
    var value = function (key) { return key === without || (without === "year" && (key === "from" || key === "to")) ? "" : controls[key].value; };
    var province = data.provinces.indexOf(value("province"));
    var city = value("city");
    var practice = data.practices.indexOf(value("practice"));
    var from = value("from") ? Number(value("from")) : null;
    var to = value("to") ? Number(value("to")) : null;
    return items.filter(function (item) {
      if (province >= 0 && item.province !== province) return false;
      if (city && data.cities[item.city][1] !== city) return false;
      if (practice >= 0 && item.practices.indexOf(practice) < 0) return false;
      if ((from !== null || to !== null) && item.year === null) return false;
      if (from !== null && item.year < from) return false;
      if (to !== null && item.year > to) return false;
      return true;
    });
  }

  var ORDERS = {
    "": function (a, b) { return a.index - b.index; },
    region: function (a, b) {
      return a.province - b.province || a.city - b.city ||
        (a.local < b.local ? -1 : a.local > b.local ? 1 : 0) || a.index - b.index;
    },
    title: function (a, b) { return collator.compare(a.title, b.title) || a.index - b.index; }
  };

  function entry(item) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.href = href(item.id);
    link.textContent = item.title;
    var meta = document.createElement("span");
    meta.className = "cb-explore__meta";
    var names = item.practices.map(function (i) { return data.practices[i]; });
    meta.textContent = [item.where, item.date, names.join("、")].join(" · ");
    li.appendChild(link);
    li.appendChild(document.createElement("br"));
    li.appendChild(meta);
    return li;
  }

  // No profile meets every filter: say which one to loosen, and by how much.
  var NAMES = { province: "省级行政区", city: "市", practice: "做法", year: "年份" };
  function emptyHint() {
    if (controls.from.value && controls.to.value && Number(controls.from.value) > Number(controls.to.value)) {
      return "起始年份晚于截止年份：把两个年份对调";
    }
    var ways = [];
    ["practice", "city", "province", "year"].forEach(function (key) {
      var set = key === "year" ? controls.from.value || controls.to.value : controls[key].value;
      if (!set || (key === "province" && controls.city.value)) return;  // a city is dropped before its province
      var n = matching(key).length;
      if (n) ways.push("不限" + NAMES[key] + "有 " + n + " 个");
    });
    return ways.length ? "放宽一个条件试试：" + ways.join("，") : "清除条件可看全部案例";
  }

  function render() {
    var found = matching().sort(ORDERS[controls.sort.value] || ORDERS[""]);
    var filtered = KEYS.some(function (key) { return key !== "sort" && controls[key].value; });
    count.textContent = filtered
      ? "符合条件的案例：" + found.length + " 个（共 " + items.length + " 个）" + (found.length ? "" : "。" + emptyHint())
      : "共 " + items.length + " 个案例";
    var fragment = document.createDocumentFragment();
    found.slice(0, shown).forEach(function (item) { fragment.appendChild(entry(item)); });
    list.replaceChildren(fragment);
    more.hidden = found.length <= shown;
    more.textContent = "再显示 " + Math.min(PAGE, found.length - shown) + " 个";
  }

  KEYS.forEach(function (key) {
    controls[key].addEventListener("change", function () {
      if (key === "province") {
        fillCities();
        controls.city.value = "";
      }
      shown = PAGE;
      writeAddress();
      render();
    });
  });
  more.addEventListener("click", function () {
    shown += PAGE;
    render();
  });
  reset.addEventListener("click", function () {
    KEYS.forEach(function (key) { controls[key].value = ""; });
    fillCities();
    shown = PAGE;
    writeAddress();
    render();
  });

  readAddress();
  writeAddress();  // an address with values that are no choice here (mistyped, or from an older site) is tidied
  render();
  root.hidden = false;
  var note = document.querySelector(".cb-explore-nojs");
  if (note) note.hidden = true;
})();
