// communique's phrase search, for a site `communique site` wrote. It answers what
// `communique blame PHRASE` answers, from the index the site holds (_search/index.js):
// the phrase's words are cut and keyed by the token rule of docs/DESIGN.md ("Words"), ported
// from src/document/words.rs; the texts' words were cut by that code itself.
(function () {
  "use strict";

  var ALNUM = /[\p{Alphabetic}\p{N}]/u;
  var MARK = /\p{M}/u;

  function isAlnum(c) { return c !== undefined && ALNUM.test(c); }
  function isMark(c) { return c !== undefined && MARK.test(c); }
  function isDigit(c) { return c !== undefined && c >= "0" && c <= "9"; }
  function isUpper(c) { return c !== undefined && c >= "A" && c <= "Z"; }
  function isIdeograph(c) {
    var n = c.codePointAt(0);
    return (n >= 0x3040 && n <= 0x30ff) || (n >= 0x31f0 && n <= 0x31ff) || (n >= 0x3400 && n <= 0x4dbf) ||
      (n >= 0x4e00 && n <= 0x9fff) || (n >= 0xf900 && n <= 0xfaff) || (n >= 0xff66 && n <= 0xff9d) ||
      (n >= 0x20000 && n <= 0x3ffff);
  }
  function isVulgar(c) {
    if (c === undefined) return false;
    var n = c.codePointAt(0);
    return (n >= 0xbc && n <= 0xbe) || (n >= 0x2150 && n <= 0x215e);
  }
  function isNumberHyphen(c) { return c === "-" || c === "\u2010" || c === "\u2011"; }
  function isWordChar(c) {
    if (c === undefined) return false;
    if (c.codePointAt(0) < 0x80) return /[A-Za-z0-9]/.test(c);
    return (isAlnum(c) && !isIdeograph(c)) || isMark(c);
  }

  // cs: the text as an array of characters (code points).
  function digitsAt(cs, i) {
    var n = 0;
    while (isDigit(cs[i + n])) n++;
    return n;
  }
  function allDigits(cs, from, to) {
    for (var i = from; i < to; i++) if (!isDigit(cs[i])) return false;
    return true;
  }

  function numberJoin(cs, start, end) {
    if (end === start || !isDigit(cs[end - 1]) || end >= cs.length) return null;
    var c = cs[end], after = end + 1;
    if ((c === "." || c === ",") && digitsAt(cs, after) > 0) return after + digitsAt(cs, after);
    if ((c === "/" || c === "\u2044") && digitsAt(cs, after) > 0) return after + digitsAt(cs, after);
    if (isVulgar(c)) return after;
    if (isNumberHyphen(c)) {
      var n = digitsAt(cs, after);
      var slash = n > 0 && (cs[after + n] === "/" || cs[after + n] === "\u2044") ? after + n + 1 : null;
      var fraction = slash !== null && digitsAt(cs, slash) > 0;
      var date = end - start === 4 && n === 2 && allDigits(cs, start, end) && cs[after + 2] === "-" &&
        digitsAt(cs, after + 3) === 2;
      if (fraction) return slash + digitsAt(cs, slash);
      if (date) return after + 5;
      return null;
    }
    if (c === " " && allDigits(cs, start, end)) {
      var m = digitsAt(cs, after);
      var ends = after + 3 >= cs.length || !isAlnum(cs[after + 3]);
      if (m === 1 && cs[after + 1] === "/" && "2348".indexOf(cs[after + 2]) >= 0 && cs[after + 2] !== undefined &&
        cs[after] < cs[after + 2] && ends) return after + 3;
      return null;
    }
    return null;
  }

  function symbol(cs, start) {
    function part(at) {
      var n = 0;
      while (isUpper(cs[at + n]) || isDigit(cs[at + n]) || cs[at + n] === ".") n++;
      while (n > 0 && cs[at + n - 1] === ".") n--;
      return n;
    }
    var head = 0;
    while (isUpper(cs[start + head])) head++;
    if (head === 0 || head > 8 || cs[start + head] !== "/") return null;
    var end = start + head, parts = 1, numeric = false;
    while (cs[end] === "/") {
      var n = part(end + 1);
      if (n === 0) break;
      numeric = numeric || allDigits(cs, end + 1, end + 1 + n);
      end += 1 + n;
      parts++;
    }
    var ends = end >= cs.length || !isAlnum(cs[end]);
    return parts >= 2 && numeric && ends ? end : null;
  }

  function nextToken(cs, from) {
    var i = from;
    while (i < cs.length && !isAlnum(cs[i]) && !isVulgar(cs[i])) i++;
    if (i >= cs.length) return null;
    var start = i, end;
    if (isIdeograph(cs[start])) {
      end = start + 1;
      while (isMark(cs[end])) end++;
      return [start, end];
    }
    var sym = symbol(cs, start);
    if (sym !== null) return [start, sym];
    end = start;
    for (;;) {
      while (isWordChar(cs[end])) end++;
      var next = numberJoin(cs, start, end);
      if (next === null) break;
      end = next;
    }
    return [start, end];
  }

  // The phrase's tokens: [{key, prefix}], as Phrase::parse reads them.
  function phrase(text) {
    // The normal form, as words() cuts text that is not in it: each character with the
    // combining marks after it in NFKC, a vulgar fraction after a digit written -N/M.
    var normal = [];
    // Only "*" itself makes a prefix (blame reads the phrase as typed): the characters whose
    // normal form is "*" (full-width, small) separate words, as other punctuation does.
    var chars = Array.from(text.replace(/[\uFF0A\uFE61]/g, " "));
    for (var i = 0; i < chars.length; i++) {
      var segment = chars[i];
      while (i + 1 < chars.length && isMark(chars[i + 1]) && !/\s/.test(chars[i])) segment += chars[++i];
      if (isVulgar(chars[i]) && isDigit(normal[normal.length - 1])) normal.push("-");
      Array.prototype.push.apply(normal, Array.from(segment.normalize("NFKC")));
    }
    var tokens = [], at = 0, found;
    while ((found = nextToken(normal, at)) !== null) {
      at = found[1];
      var word = normal.slice(found[0], found[1]);
      var key = word.map(function (c) {
        var k = c.toLowerCase();
        return k === "\u2044" ? "/" : k === "\u2010" || k === "\u2011" ? "-" : k;
      }).join("");
      if (word.some(isMark)) key = key.normalize("NFKC");
      key = key.replace(/^[^\p{Alphabetic}\p{N}]+/u, "").replace(/[^\p{Alphabetic}\p{N}\p{M}]+$/u, "");
      key = key.replace(" ", "-");
      tokens.push({ key: key, prefix: normal[found[1]] === "*" });
    }
    return tokens;
  }

  // Per token of the phrase, the word ids it matches (null: none in any text).
  function compile(tokens, words, byKey) {
    return tokens.map(function (t) {
      if (!t.prefix) {
        var id = byKey.get(t.key);
        return id === undefined ? new Set() : new Set([id]);
      }
      var ids = new Set();
      for (var i = 0; i < words.length; i++) if (words[i].startsWith(t.key)) ids.add(i);
      return ids;
    });
  }

  // The index of the first word where the phrase matches in paragraph words, or -1.
  function find(sets, w) {
    outer: for (var i = 0; i + sets.length <= w.length; i++) {
      for (var j = 0; j < sets.length; j++) if (!sets[j].has(w[i + j])) continue outer;
      return i;
    }
    return -1;
  }

  // blame's answer: {first, appearances, present: Set of meeting indices}.
  function blame(index, text, byKey) {
    var tokens = phrase(text);
    if (!tokens.length) return null;
    var sets = compile(tokens, index.words, byKey);
    var memo = new Map();
    var appearances = [];
    index.meetings.forEach(function (m, mi) {
      for (var k = 0; k < m.paragraphs.length; k++) {
        var p = m.paragraphs[k];
        var at = memo.get(p);
        if (at === undefined) {
          at = find(sets, index.paragraphs[p].w);
          memo.set(p, at);
        }
        if (at >= 0) {
          appearances.push({ meeting: mi, paragraph: k + 1, sentence: sentence(index.paragraphs[p], at) });
          return;
        }
      }
    });
    return { tokens: tokens, appearances: appearances };
  }

  // The sentence holding word `at` of paragraph `p` (the last one starting at or before the
  // word), or the paragraph when none does.
  function sentence(p, at) {
    var held = null;
    for (var i = 0; i < p.s.length; i++) if (p.s[i][0] <= at) held = p.s[i];
    return held === null ? p.t : p.t.slice(held[1], held[2]);
  }

  // Text with its hidden characters (controls, bidi embeddings, overrides and isolates, line
  // and paragraph separators) shown as \u{…}, as every page of the site and the terminal show
  // them: a document cannot reorder what the reader sees.
  var HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]/g;
  function clean(text) {
    return text.replace(HIDDEN, function (c) { return "\\u{" + c.charCodeAt(0).toString(16) + "}"; });
  }

  function el(name, text, attrs) {
    var e = document.createElement(name);
    if (text !== undefined && text !== null) e.textContent = clean(String(text));
    if (attrs) for (var k in attrs) e.setAttribute(k, attrs[k]);
    return e;
  }

  function meetingLink(m, paragraph) {
    return el("a", m.id, { href: m.id + ".html" + (paragraph ? "#p" + paragraph : "") });
  }

  // The strip of each series' meetings, those with the phrase filled.
  function strip(index, present) {
    var figure = el("figure");
    var series = [];
    index.meetings.forEach(function (m, i) {
      var s = series.find(function (x) { return x.name === m.series; });
      if (!s) series.push(s = { name: m.series, meetings: [] });
      s.meetings.push(i);
    });
    var ns = "http://www.w3.org/2000/svg";
    series.forEach(function (s) {
      var n = s.meetings.length, width = 720, height = 14;
      var svg = document.createElementNS(ns, "svg");
      svg.setAttribute("viewBox", "0 0 " + width + " " + height);
      svg.setAttribute("width", "100%");
      svg.setAttribute("role", "img");
      var had = s.meetings.filter(function (i) { return present.has(i); }).length;
      var title = document.createElementNS(ns, "title");
      title.textContent = s.name + ": " + had + " of " + n + " meetings";
      svg.appendChild(title);
      var back = document.createElementNS(ns, "rect");
      back.setAttribute("width", width);
      back.setAttribute("height", height);
      back.setAttribute("class", "strip-none");
      svg.appendChild(back);
      s.meetings.forEach(function (i, k) {
        if (!present.has(i)) return;
        var r = document.createElementNS(ns, "rect");
        r.setAttribute("x", (width * k / n).toFixed(2));
        r.setAttribute("width", Math.max(width / n, 1).toFixed(2));
        r.setAttribute("height", height);
        r.setAttribute("class", "strip-has");
        var t = document.createElementNS(ns, "title");
        t.textContent = index.meetings[i].id;
        r.appendChild(t);
        svg.appendChild(r);
      });
      figure.appendChild(el("figcaption", s.name + " — " + had + " of " + n + " meetings"));
      figure.appendChild(svg);
    });
    return figure;
  }

  var LIMIT = 500;

  function show(index, byKey, text) {
    var answer = document.getElementById("answer");
    answer.textContent = "";
    answer.removeAttribute("data-first");
    answer.removeAttribute("data-meetings");
    if (!text.trim()) return;
    var found = blame(index, text, byKey);
    answer.setAttribute("data-phrase", text);
    if (found === null) {
      answer.appendChild(el("p", "“" + text + "” has no word to look for."));
      return;
    }
    var present = new Set(found.appearances.map(function (a) { return a.meeting; }));
    answer.setAttribute("data-meetings", found.appearances.map(function (a) {
      return index.meetings[a.meeting].id;
    }).join(" "));
    if (!found.appearances.length) {
      answer.setAttribute("data-first", "");
      answer.appendChild(el("p", "“" + text + "” is in none of the " + index.meetings.length + " meetings."));
      return;
    }
    var first = found.appearances[0], m = index.meetings[first.meeting];
    answer.setAttribute("data-first", m.id);
    answer.setAttribute("data-paragraph", first.paragraph);
    var p = el("p");
    p.appendChild(el("strong", "First appeared: "));
    p.appendChild(meetingLink(m, first.paragraph));
    p.appendChild(document.createTextNode(" (" + m.date + "), ¶" + first.paragraph + ". In " +
      found.appearances.length + " of " + index.meetings.length + " meetings."));
    answer.appendChild(p);
    answer.appendChild(el("blockquote", first.sentence, { id: "first-sentence" }));
    answer.appendChild(strip(index, present));
    var list = el("ol", null, { class: "appearances" });
    found.appearances.slice(0, LIMIT).forEach(function (a) {
      var meeting = index.meetings[a.meeting];
      var li = el("li");
      li.appendChild(meetingLink(meeting, a.paragraph));
      li.appendChild(el("span", " ¶" + a.paragraph + " ", { class: "meta" }));
      li.appendChild(document.createTextNode(clean(a.sentence)));
      list.appendChild(li);
    });
    answer.appendChild(el("h2", "Meetings with the phrase"));
    answer.appendChild(list);
    if (found.appearances.length > LIMIT) {
      answer.appendChild(el("p", "… and " + (found.appearances.length - LIMIT) + " more.", { class: "meta" }));
    }
  }

  function query() {
    var hash = window.location.hash.replace(/^#/, "");
    var params = new URLSearchParams(hash || window.location.search.replace(/^\?/, ""));
    return params.get("q") || "";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var index = window.communiqueSearch;
    var form = document.getElementById("search");
    var input = document.getElementById("q");
    if (!index || !form) return;
    var byKey = new Map();
    index.words.forEach(function (w, i) { byKey.set(w, i); });
    var run = function () {
      var q = query();
      input.value = q;
      show(index, byKey, q);
    };
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      window.location.hash = new URLSearchParams({ q: input.value }).toString();
    });
    window.addEventListener("hashchange", run);
    run();
  });
})();
