/*
 * Powerbrokers embed helper. Include it once on a page that holds Powerbrokers
 * embeds (iframes of <explorer>/embed/...):
 *
 *   <iframe src="https://explorer.example/embed/deals?miner=iren" title="…" width="100%" height="480" style="border:0"></iframe>
 *   <script src="https://explorer.example/web/embed.js" async></script>
 *
 * Each embed posts {type: "powerbrokers:height", height} to its parent whenever
 * its content changes height; this script sets that iframe's height to match.
 * A message counts only if it comes from the window of one of this page's
 * iframes (event.source) and from that iframe's own origin, so no other frame
 * or window can resize anything.
 */
(function () {
  "use strict";
  if (window.__powerbrokersEmbed) {
    return; // included twice
  }
  window.__powerbrokersEmbed = true;

  var MAX_HEIGHT = 100000;

  function frameFor(source) {
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === source) {
        return frames[i];
      }
    }
    return null;
  }

  function originOf(frame) {
    try {
      return new URL(frame.src, document.baseURI).origin;
    } catch (e) {
      return "";
    }
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || typeof data !== "object" || data.type !== "powerbrokers:height") {
      return;
    }
    var height = data.height;
    if (typeof height !== "number" || !isFinite(height) || height < 0) {
      return;
    }
    var frame = frameFor(event.source);
    if (!frame || originOf(frame) !== event.origin) {
      return;
    }
    frame.style.height = Math.min(Math.ceil(height), MAX_HEIGHT) + "px";
    frame.setAttribute("data-powerbrokers-height", String(Math.ceil(height)));
  });
})();
