// rodedraad web page: the little that needs script. Everything works without it (plain forms and links);
// with it, uploads go one file at a time with a progress bar and a per-file result, and long waits say so.
"use strict";

(function () {
  function text(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content) node.textContent = content;
    return node;
  }

  // Upload: one request per file, so each file shows its own progress and its own result or error.
  function uploadOne(form, file, list) {
    return new Promise(function (resolve) {
      var item = text("li", "upload-item busy");
      item.setAttribute("data-state", "bezig");
      item.appendChild(text("strong", "", file.name));
      var state = text("span", "state", ": wordt geüpload…");
      item.appendChild(state);
      var bar = document.createElement("progress");
      bar.max = 100;
      bar.value = 0;
      bar.setAttribute("aria-label", "voortgang van " + file.name);
      item.appendChild(bar);
      list.appendChild(item);

      var data = new FormData();
      data.append("bestanden", file, file.name);
      var replace = form.querySelector("[name=vervang]");
      if (replace && replace.checked) data.append("vervang", replace.value);

      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.setRequestHeader("X-Requested-With", "fetch");
      request.upload.onprogress = function (event) {
        if (event.lengthComputable) bar.value = Math.round((100 * event.loaded) / event.total);
      };
      request.upload.onload = function () {
        bar.removeAttribute("value"); // indeterminate while the server reads and indexes the file
        state.textContent = ": wordt ingelezen en doorzoekbaar gemaakt…";
      };
      request.onload = function () {
        var holder = document.createElement("ul");
        holder.innerHTML = request.responseText;
        var answer = holder.querySelector("li");
        if (answer) {
          item.replaceWith(answer);
        } else {
          item.className = "upload-item failed";
          item.setAttribute("data-state", "fout");
          state.textContent = request.status === 401
            ? ": niet ingelezen; deze server vraagt eerst de sleutel (zie hieronder)."
            : ": niet ingelezen (antwoord " + request.status + ").";
          bar.remove();
        }
        resolve();
      };
      request.onerror = function () {
        item.className = "upload-item failed";
        item.setAttribute("data-state", "fout");
        state.textContent = ": niet ingelezen, de verbinding met de server viel weg.";
        bar.remove();
        resolve();
      };
      request.send(data);
    });
  }

  // After an upload: the counts and the document list come fresh from the server (same URL, same filters).
  function refreshParts(ids) {
    var request = new XMLHttpRequest();
    request.open("GET", window.location.href);
    request.onload = function () {
      if (request.status !== 200) return;
      var fresh = new DOMParser().parseFromString(request.responseText, "text/html");
      ids.forEach(function (id) {
        var now = document.getElementById(id);
        var next = fresh.getElementById(id);
        if (now && next) now.replaceWith(next);
      });
      if (window.htmx) window.htmx.process(document.body);
    };
    request.send();
  }

  function setUpUpload() {
    var form = document.getElementById("upload-form");
    var list = document.getElementById("upload-resultaten");
    if (!form || !list) return;
    form.addEventListener("submit", function (event) {
      var input = form.querySelector("input[type=file]");
      if (!input || !input.files.length) return;
      event.preventDefault();
      var files = Array.prototype.slice.call(input.files);
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      list.innerHTML = "";
      files.reduce(function (previous, file) {
        return previous.then(function () { return uploadOne(form, file, list); });
      }, Promise.resolve()).then(function () {
        button.disabled = false;
        input.value = "";
        refreshParts(["status", "tabel"]);
      });
    });
  }

  // Forms that take a while (the common threads of a draft): say so, and prevent a second submit.
  function setUpBusyForms() {
    document.querySelectorAll("form[data-busy]").forEach(function (form) {
      form.addEventListener("submit", function () {
        var message = form.querySelector(".busy-message");
        if (message) message.textContent = form.getAttribute("data-busy");
        var button = form.querySelector("button[type=submit]");
        if (button) {
          window.setTimeout(function () { button.disabled = true; }, 0);
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpUpload();
    setUpBusyForms();
  });
})();
