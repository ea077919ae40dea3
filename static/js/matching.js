/* Matching map: questions and labs as different markers. The questions come with the page
   (data-markers on #matching-map); the labs are loaded from data-labs-url, so the page does not
   grow with the number of labs. The tables on the page are the complete, accessible alternative;
   without JavaScript (or without Leaflet) the map stays hidden. No inline script, no inline styles. */
(function () {
  "use strict";

  var element = document.getElementById("matching-map");
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
  var openLabel = element.getAttribute("data-open-label") || "";

  element.hidden = false;
  var map = L.map(element, { scrollWheelZoom: false }).setView(centre, 12);
  var osm = document.createElement("a");
  osm.href = "https://www.openstreetmap.org/copyright";
  osm.textContent = "OpenStreetMap";
  var attribution = document.createElement("span");
  attribution.textContent = (element.getAttribute("data-attribution") || "") + " © ";
  attribution.appendChild(osm);
  L.tileLayer(element.getAttribute("data-tile-url"), { maxZoom: 19, attribution: attribution.outerHTML }).addTo(map);

  function popupFor(item) {
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = item.title;
    box.appendChild(title);
    if (item.label) {
      var label = document.createElement("p");
      label.textContent = item.label;
      box.appendChild(label);
    }
    var link = document.createElement("a");
    link.href = item.url;
    link.textContent = openLabel;
    box.appendChild(link);
    return box;
  }

  var points = [];
  function draw(item) {
    var point = [item.lat, item.lng];
    points.push(point);
    var marker;
    if (item.kind === "question") {
      marker = L.circleMarker(point, { radius: 9, className: "marker-question", weight: 2 });
    } else {
      marker = L.marker(point, { title: item.title, alt: item.title, keyboard: true });
    }
    marker.bindPopup(popupFor(item)).addTo(map);
  }

  function done() {
    element.setAttribute("data-marker-count", String(points.length));
    if (points.length > 1) {
      map.fitBounds(points, { padding: [30, 30], maxZoom: 14 });
    }
  }

  markers.forEach(draw);
  var labsUrl = element.getAttribute("data-labs-url");
  if (!labsUrl || typeof window.fetch !== "function") {
    done();
    return;
  }
  fetch(labsUrl, { headers: { Accept: "application/json" } })
    .then(function (response) {
      return response.ok ? response.json() : [];
    })
    .then(function (labs) {
      (Array.isArray(labs) ? labs : []).forEach(draw);
    })
    .catch(function () {
      /* the questions stay on the map; the tables list everything */
    })
    .then(done);
})();
