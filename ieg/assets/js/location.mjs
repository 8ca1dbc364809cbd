// "Use my location" on a form's location question: only when the resident presses it does
// the page ask the browser where it is, then it fills the hidden latitude and longitude,
// says in words what it found, and offers to clear it. Without this script, or without
// geolocation, the postcode and description boxes are all there is.

const DECIMALS = 5; // about a metre: as ieg/places.py rounds

function inWords(lat, long) {
  return `${Math.abs(lat).toFixed(DECIMALS)}\u00b0 ${lat >= 0 ? "N" : "S"}, ` +
    `${Math.abs(long).toFixed(DECIMALS)}\u00b0 ${long >= 0 ? "E" : "W"}`;
}

function start(fieldset) {
  const name = fieldset.dataset.name;
  const panel = fieldset.querySelector(".ieg-location");
  const lat = document.getElementById(`${name}-lat`);
  const long = document.getElementById(`${name}-long`);
  const found = document.getElementById(`${name}-found`);
  const use = panel.querySelector('[data-location="use"]');
  const clear = panel.querySelector('[data-location="clear"]');
  if (!("geolocation" in navigator) || !panel || !lat || !long) return;

  const show = (message, set) => {
    found.textContent = message;
    // A GOV.UK button is display: inline-block, which the hidden attribute cannot beat.
    clear.classList.toggle("govuk-!-display-none", !set);
  };
  if (lat.value && long.value) show(`Your location: ${inWords(Number(lat.value), Number(long.value))}`, true);

  use.addEventListener("click", () => {
    use.disabled = true;
    show("Finding your location\u2026", false);
    navigator.geolocation.getCurrentPosition((position) => {
      const { latitude, longitude } = position.coords;
      lat.value = latitude.toFixed(DECIMALS);
      long.value = longitude.toFixed(DECIMALS);
      use.disabled = false;
      show(`Your location: ${inWords(latitude, longitude)}`, true);
    }, () => {
      use.disabled = false;
      show("We could not find your location. Enter a postcode or describe the place instead.", false);
    }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
  });
  clear.addEventListener("click", () => {
    lat.value = "";
    long.value = "";
    show("Location cleared.", false);
    use.focus();
  });
  panel.hidden = false;
}

document.querySelectorAll('[data-module="ieg-location"]').forEach(start);
