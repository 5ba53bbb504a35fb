// Doomsday pages: refresh the page's <main> in place every data-refresh seconds while the tab is visible
// and no form on it is being filled in. Pages work without this file (a <noscript> meta refresh).
(function () {
  var seconds = Number(document.body.dataset.refresh || 0);
  if (!seconds) return;
  var busy = function () {
    var a = document.activeElement;
    return (a && a.form) || document.querySelector('[data-dirty]') !== null;
  };
  document.addEventListener('input', function (e) { if (e.target.form) e.target.form.setAttribute('data-dirty', ''); });
  setInterval(function () {
    if (document.visibilityState !== 'visible' || busy()) return;
    fetch(location.href, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
      .then(function (r) { return r.ok && !r.redirected ? r.text() : null; })
      .then(function (html) {
        if (!html || busy()) return;
        var next = new DOMParser().parseFromString(html, 'text/html');
        var main = next.querySelector('main');
        if (main) document.querySelector('main').replaceWith(main);
        document.title = next.title;
      })
      .catch(function () { /* the daemon may be restarting: try again next time */ });
  }, seconds * 1000);
})();
