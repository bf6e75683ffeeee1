// News Assistant: a click on a citation chip [n] (a link "#cite-<turn>-<n>") opens the cited
// article in the sources panel, highlights every <mark> holding citation n and scrolls it into view.
(function () {
  function showCitation(turn, n) {
    var panel = document.getElementById("sources-panel");
    if (!panel) return false;
    var group = panel.querySelector('.src-turn[data-turn="' + turn + '"]');
    if (!group) return false;
    panel.querySelectorAll(".src-turn").forEach(function (g) { g.hidden = g !== group; });
    panel.querySelectorAll("mark.active, li.active").forEach(function (el) { el.classList.remove("active"); });
    var marks = group.querySelectorAll('mark[data-cites~="' + n + '"]');
    group.querySelectorAll(".src-article").forEach(function (a) {
      a.hidden = !(marks.length && a.contains(marks[0]));
    });
    group.querySelectorAll('a.cite-chip[href="#cite-' + turn + "-" + n + '"]').forEach(function (c) {
      var li = c.closest("li");
      if (li) li.classList.add("active");
    });
    marks.forEach(function (m) { m.classList.add("active"); });
    var target = marks.length ? marks[0] : group;
    var box = group.closest(".src-panel") || panel;
    // scroll the panel itself to the mark; move the page only when the panel is off screen (phones)
    var top = box.getBoundingClientRect().top, markTop = target.getBoundingClientRect().top;
    var art = target.closest(".src-article");
    var artTop = art ? art.getBoundingClientRect().top : markTop;
    // show the article's heading too when the quote is near its start
    var shift = markTop - artTop < box.clientHeight * 0.6 ? artTop - top - 8 : markTop - top - box.clientHeight / 3;
    box.scrollTop += shift;
    var r = box.getBoundingClientRect();
    if (r.top < 0 || r.top > window.innerHeight * 0.6) box.scrollIntoView({ block: "start", behavior: "instant" });
    return true;
  }
  window.newsShowCitation = showCitation;
  // an answer is read from its start: the question just asked is brought to the top of the chat as its answer
  // grows below it (the chat itself does not follow the text down to the sources list and the mode badge); a reader
  // who scrolls the chat takes over
  var askedCount = 0, pinned = null;
  function showLatestQuestion() {
    var wrap = document.querySelector("#chatbot .bubble-wrap");
    var asked = wrap ? wrap.querySelectorAll(".message-row.user-row") : [];
    if (asked.length !== askedCount) {
      askedCount = asked.length;
      pinned = asked.length ? asked[asked.length - 1] : null;
    }
    if (!pinned || !wrap.contains(pinned)) return;
    var shift = pinned.getBoundingClientRect().top - wrap.getBoundingClientRect().top - 8;
    if (shift > 1) wrap.scrollTop += shift;  // as far as the answer below it allows so far
  }
  new MutationObserver(showLatestQuestion).observe(document.documentElement, { childList: true, subtree: true,
                                                                               characterData: true });
  ["wheel", "touchmove", "keydown"].forEach(function (kind) {
    document.addEventListener(kind, function (ev) {
      if (ev.target && ev.target.closest && ev.target.closest("#chatbot")) pinned = null;
    }, { passive: true });
  });
  document.addEventListener("click", function (ev) {
    var link = ev.target && ev.target.closest ? ev.target.closest('a[href^="#cite-"]') : null;
    if (!link) return;
    var m = (link.getAttribute("href") || "").match(/^#cite-(\d+)-(\d+)$/);
    if (!m) return;
    ev.preventDefault();
    ev.stopPropagation();
    showCitation(m[1], m[2]);
  }, true);
  // the question box takes the keyboard on load without scrolling the page past its title and tabs
  var tries = 0;
  (function focusQuestion() {
    var box = document.querySelector("#question textarea");
    if (box) {
      box.focus({ preventScroll: true });
      window.scrollTo(0, 0);
      var send = document.querySelector("#question button");  // an icon alone: name it for screen readers
      if (send && !send.getAttribute("aria-label")) send.setAttribute("aria-label", "Ask");
      return;
    }
    if (++tries < 100) setTimeout(focusQuestion, 100);
  })();
})();
