// The editor's entrance (/quan-tri/): the page says what it is and who may sign in; the editor itself
// (Sveltia CMS) is loaded only when someone chooses "Đăng nhập", or when the address already leads into
// it (#/collections/… after signing in, or a link an editor kept).
(function () {
  "use strict";
  var entrance = document.getElementById("loi-vao");
  var button = document.getElementById("dang-nhap");

  function start() {
    if (document.getElementById("tt-editor-script")) return;
    entrance.hidden = true;
    var script = document.createElement("script");
    script.id = "tt-editor-script";
    script.src = entrance.getAttribute("data-script");
    document.body.appendChild(script);
  }

  button.hidden = false;  // without JavaScript the button could do nothing: the page says so instead
  button.addEventListener("click", start);
  if (location.hash.indexOf("#/") === 0) start();
})();
