/* The two globals the MkDocs theme's scripts read (base.js, search), taken from this script element's data
   attributes: the site's Content-Security-Policy allows no inline script to set them. */
var base_url = document.currentScript.getAttribute("data-base-url");
var shortcuts = JSON.parse(document.currentScript.getAttribute("data-shortcuts"));
