#include "analyzer/report/html_style.h"

namespace tarsier {

const std::string_view k_dashboard_css = R"css(
body { font: 14px/1.4 system-ui, sans-serif; margin: 0 2em 3em; color: #1d232a; }
h1 { font-size: 1.6em; margin: 0.8em 0 0.2em; }
h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 1px solid #d0d7de; }
.meta { color: #57606a; }
.figures { display: flex; gap: 1.5em; flex-wrap: wrap; padding: 0; }
.figures div { border: 1px solid #d0d7de; border-radius: 6px; padding: 0.5em 1em; }
.figures dt { color: #57606a; font-size: 0.85em; }
.figures dd { margin: 0; font-size: 1.6em; font-weight: 600; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border-bottom: 1px solid #eaeef2; padding: 0.25em 0.6em; text-align: left;
         vertical-align: top; }
th { background: #f6f8fa; }
.risk { font-weight: 600; border-radius: 4px; padding: 0 0.4em; }
.risk-none { background: #dafbe1; } .risk-low { background: #ddf4ff; }
.risk-medium { background: #fff8c5; } .risk-high { background: #ffebe9; }
.risk-critical { background: #cf222e; color: #fff; }
details { margin: 0.3em 0; } summary { cursor: pointer; }
code { background: #f6f8fa; padding: 0 0.3em; border-radius: 3px; }
.gained { color: #1a7f37; } .lost { color: #9a6700; }
svg text { font: 11px system-ui, sans-serif; }
)css";

const std::string_view k_dashboard_script = R"js(
(function () {
  var input = document.getElementById('package-filter');
  if (!input) { return; }
  input.addEventListener('input', function () {
    var needle = input.value.toLowerCase();
    var rows = document.querySelectorAll('#packages tbody tr');
    for (var i = 0; i < rows.length; i++) {
      var name = rows[i].getAttribute('data-package') || '';
      rows[i].style.display = name.toLowerCase().indexOf(needle) >= 0 ? '' : 'none';
    }
  });
})();
)js";

}  // namespace tarsier
