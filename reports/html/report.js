// Filter by status and search by check id; open every <details> before printing. Works offline, no dependencies.
(function () {
  'use strict';
  var status = document.getElementById('filter-status');
  var search = document.getElementById('filter-search');
  var count = document.getElementById('filter-count');
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  });
  if (!status || !search || !count) { return; }
  var form = status.form;
  if (form) { form.addEventListener('submit', function (e) { e.preventDefault(); }); }
  function hasStatus(el, wanted) {
    return (' ' + (el.getAttribute('data-statuses') || '') + ' ').indexOf(' ' + wanted + ' ') >= 0;
  }
  function apply() {
    var wanted = status.value;
    var query = search.value.trim().toLowerCase();
    var leaves = document.querySelectorAll('.tree .leaf');
    var shown = 0;
    leaves.forEach(function (leaf) {
      var id = (leaf.getAttribute('data-id') || '').toLowerCase();
      var ok = (!wanted || hasStatus(leaf, wanted)) && (!query || id.indexOf(query) >= 0);
      leaf.hidden = !ok;
      if (ok) { shown += 1; }
    });
    document.querySelectorAll('.tree .group').forEach(function (group) {
      var any = group.querySelector('.leaf:not([hidden])') !== null || (!wanted && !query);
      group.hidden = !any;
      if ((wanted || query) && any) { group.open = true; }
    });
    count.textContent = shown + ' of ' + leaves.length + ' checks shown';
  }
  status.addEventListener('change', apply);
  search.addEventListener('input', apply);
  apply();
})();
