/* Map picker: a click on the map, or dragging the pin, fills the latitude and longitude fields; typing in the fields
   moves the pin. Without JavaScript (or Leaflet) the map stays hidden and the fields are typed by hand. */
(function () {
  "use strict";

  var element = document.getElementById("map-picker");
  if (!element || typeof window.L === "undefined") {
    return;
  }
  var latField = document.getElementById(element.getAttribute("data-latitude-field"));
  var lngField = document.getElementById(element.getAttribute("data-longitude-field"));
  if (!latField || !lngField) {
    return;
  }

  function read(field) {
    var value = parseFloat((field.value || "").replace(",", "."));
    return isNaN(value) ? null : value;
  }

  var centre;
  try {
    centre = JSON.parse(element.getAttribute("data-centre") || "");
  } catch (error) {
    centre = [52.0799, 4.3113];
  }
  var start = read(latField) !== null && read(lngField) !== null ? [read(latField), read(lngField)] : null;

  element.hidden = false;
  var hint = element.parentNode.querySelector(".map-picker-hint");
  if (hint) {
    hint.hidden = false;
  }
  var map = L.map(element, { scrollWheelZoom: false }).setView(start || centre, start ? 15 : 12);
  var attribution = document.createElement("span");
  attribution.textContent = (element.getAttribute("data-attribution") || "") + " © OpenStreetMap";
  L.tileLayer(element.getAttribute("data-tile-url"), { maxZoom: 19, attribution: attribution.outerHTML }).addTo(map);

  var marker = null;

  function fill(latlng) {
    latField.value = latlng.lat.toFixed(5);
    lngField.value = latlng.lng.toFixed(5);
    latField.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function place(latlng) {
    if (marker) {
      marker.setLatLng(latlng);
      return;
    }
    marker = L.marker(latlng, { draggable: true, keyboard: true }).addTo(map);
    marker.on("dragend", function () {
      fill(marker.getLatLng());
    });
  }

  if (start) {
    place(start);
  }
  map.on("click", function (event) {
    place(event.latlng);
    fill(event.latlng);
  });

  function typed() {
    var lat = read(latField);
    var lng = read(lngField);
    if (lat !== null && lng !== null && Math.abs(lat) <= 90 && Math.abs(lng) <= 180) {
      place([lat, lng]);
      map.panTo([lat, lng]);
    }
  }
  latField.addEventListener("input", typed);
  lngField.addEventListener("input", typed);
})();
