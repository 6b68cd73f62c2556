"""The portal's colours are light only: a phone or desktop set to a dark theme still gets dark
text on a light page (KERN switches its tokens under prefers-color-scheme: dark)."""

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db(transaction=True)

LUMINANCE = """(selector) => {
  // any CSS colour (KERN writes oklch) to sRGB bytes, through a one-pixel canvas
  const context = document.createElement("canvas").getContext("2d", {willReadFrequently: true});
  const rgba = (colour) => {
    context.clearRect(0, 0, 1, 1);
    context.fillStyle = colour;
    context.fillRect(0, 0, 1, 1);
    return Array.from(context.getImageData(0, 0, 1, 1).data);
  };
  // WCAG relative luminance
  const channel = (c) => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const element = document.querySelector(selector);
  // the background behind the element: the first ancestor that paints one (else the canvas)
  let background = [255, 255, 255];
  for (let node = element; node; node = node.parentElement) {
    const colour = rgba(getComputedStyle(node).backgroundColor);
    if (colour[3] > 0) { background = colour; break; }
  }
  return [luminance(rgba(getComputedStyle(element).color)), luminance(background)];
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", ["projects:list", "home"])
def test_dark_text_on_a_light_page_whatever_the_system_theme(site, chromium, scheme, name):
    context = chromium.new_context(color_scheme=scheme, locale="de-DE")
    try:
        page = context.new_page()
        with translation.override("de"):
            page.goto(site + reverse(name))
        for selector in ("h1", "main p"):
            text, background = page.evaluate(LUMINANCE, selector)
            contrast = (background + 0.05) / (text + 0.05)
            assert background > 0.8 and contrast >= 4.5, (selector, text, background)
    finally:
        context.close()
