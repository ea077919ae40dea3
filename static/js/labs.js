/* Lab map: draws the labs the server listed (data-markers on #lab-map) with Leaflet.
   The list on the page is the complete, accessible alternative; without JavaScript
   the map simply stays hidden. No inline script: everything comes in data-* attributes. */
(function () {
  "use strict";

  var element = document.getElementById("lab-map");
  if (!element || typeof window.L === "undefined") {
    return;
  }

  function readJson(name, fallback) {
    try {
      return JSON.parse(element.getAttribute(name) || "");
    } catch (error) {
      return fallback;
    }
  }

  var markers = readJson("data-markers", []);
  var centre = readJson("data-centre", [52.0799, 4.3113]);
  var tileUrl = element.getAttribute("data-tile-url");
  var openLabel = element.getAttribute("data-open-label") || "";
  var labUrl = element.getAttribute("data-lab-url") || "/labs/__slug__";

  element.hidden = false;
  var map = L.map(element, { scrollWheelZoom: false }).setView(centre, 12);
  var osm = document.createElement("a");
  osm.href = "https://www.openstreetmap.org/copyright";
  osm.textContent = "OpenStreetMap";
  var attribution = document.createElement("span");
  attribution.textContent = (element.getAttribute("data-attribution") || "") + " © ";
  attribution.appendChild(osm);
  L.tileLayer(tileUrl, { maxZoom: 19, attribution: attribution.outerHTML }).addTo(map);

  function popupFor(lab) {
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = lab.name;
    box.appendChild(title);
    var place = [lab.stadsdeel, lab.wijk].filter(Boolean).join(" · ");
    if (place) {
      var where = document.createElement("p");
      where.textContent = place;
      box.appendChild(where);
    }
    if (lab.partners && lab.partners.length) {
      var partners = document.createElement("p");
      partners.textContent = lab.partners.join(", ");
      box.appendChild(partners);
    }
    var link = document.createElement("a");
    link.href = labUrl.replace("__slug__", encodeURIComponent(lab.slug));
    link.textContent = openLabel;
    box.appendChild(link);
    return box;
  }

  var points = [];
  markers.forEach(function (lab) {
    var point = [lab.latitude, lab.longitude];
    points.push(point);
    L.marker(point, { title: lab.name, alt: lab.name, keyboard: true })
      .bindPopup(popupFor(lab))
      .addTo(map);
  });
  element.setAttribute("data-marker-count", String(points.length));

  if (points.length > 1) {
    map.fitBounds(points, { padding: [30, 30], maxZoom: 15 });
  } else if (points.length === 1) {
    map.setView(points[0], 15);
  }
})();
