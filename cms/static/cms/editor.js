/* The article editor: EasyMDE (cms/static/vendor/easymde) over the body textarea of
 * templates/cms/article_form.html, writing the Markdown of docs/body-format.md.
 *
 * Without JavaScript (or if EasyMDE fails to load) the plain textarea stays and the form
 * works as before. Nothing here talks to another site: Font Awesome, the spell checker's
 * dictionaries and EasyMDE's own preview are off; the toolbar has text labels.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-editor]");
  var textarea = form && form.querySelector("textarea[name=body]");
  if (!textarea || typeof window.EasyMDE !== "function") {
    return;
  }

  // -- Words -------------------------------------------------------------------------------

  // The page's language (cms/editor_words.py, handed over as JSON); English if it is missing.
  var WORDS = (function () {
    var node = document.getElementById("editor-words");
    try {
      return node ? JSON.parse(node.textContent) : {};
    } catch (error) {
      return {};
    }
  })();

  function t(text, values) {
    // ``text`` in the page's language, with %(name)s replaced by ``values[name]``.
    var words = WORDS[text] || text;
    return values ? words.replace(/%\((\w+)\)s/g, function (match, name) { return values[name]; }) : words;
  }

  // -- Markdown helpers --------------------------------------------------------------------

  function escapeText(text) {
    // Brackets and backslashes end or escape a link's text or an image's alt text.
    return text.replace(/([\\[\]])/g, "\\$1");
  }

  function linkTarget(address) {
    // Angle brackets keep spaces and parentheses inside the address.
    return /[\s()<>]/.test(address) ? "<" + address.replace(/[<>]/g, encodeURIComponent) + ">" : address;
  }

  function insertBlock(editor, text, placeholder) {
    // Put ``text`` in place of the selection on lines of its own, with a blank line before
    // and after, and select ``placeholder`` inside it so that typing replaces it. A one-line
    // selection takes the placeholder's place.
    var cm = editor.codemirror;
    var selected = cm.getSelection();
    if (placeholder && selected.trim() && selected.indexOf("\n") === -1) {
      text = text.replace(placeholder, function () { return selected; });
      placeholder = selected;
    }
    var from = cm.getCursor("from");
    var to = cm.getCursor("to");
    var previous = from.line > 0 ? cm.getLine(from.line - 1) : "";
    var next = cm.getLine(to.line + 1);
    var before = cm.getLine(from.line).slice(0, from.ch).trim() ? "\n\n" : previous.trim() ? "\n" : "";
    var after = cm.getLine(to.line).slice(to.ch).trim() ? "\n\n" : next && next.trim() ? "\n" : "";
    var start = cm.indexFromPos(from) + before.length;
    cm.replaceSelection(before + text + after);
    var offset = placeholder ? start + text.indexOf(placeholder) : start + text.length;
    var length = placeholder ? placeholder.length : 0;
    cm.setSelection(cm.posFromIndex(offset), cm.posFromIndex(offset + length));
    cm.focus();
  }

  function callout(kind) {
    return function (editor) {
      var placeholder = t("What the reader must know.");
      insertBlock(editor, "::: " + kind + "\n" + placeholder + "\n:::", placeholder);
    };
  }

  function table(editor) {
    var heading = t("Heading");
    var cell = t("Cell");
    var row = function (a, b) { return "| " + a + " | " + b + " |\n"; };
    insertBlock(editor, row(heading, heading) + "| --- | --- |\n" + row(cell, cell) + row(cell, cell).trim(), heading);
  }

  // -- Dialogs ------------------------------------------------------------------------------

  function openDialog(dialog, editor, first) {
    dialog.querySelectorAll("form").forEach(function (each) {
      each.reset();
    });
    dialog.querySelectorAll("[data-message], [data-results]").forEach(function (node) {
      node.textContent = "";
    });
    dialog.editor = editor;
    dialog.selection = editor.codemirror.listSelections();
    dialog.showModal();
    (first || dialog.querySelector("input")).focus();
  }

  function closeDialog(dialog, inserted) {
    // Back to the editor, where it was; ``inserted`` (if any) replaces the selection.
    dialog.close();
    var cm = dialog.editor.codemirror;
    cm.setSelections(dialog.selection);
    if (inserted !== undefined) {
      cm.replaceSelection(inserted);
    }
    cm.focus();
  }

  function say(dialog, message) {
    dialog.querySelector("[data-message]").textContent = message;
  }

  function wireCancel(dialog) {
    dialog.querySelector("[data-cancel]").addEventListener("click", function () {
      closeDialog(dialog);
    });
    dialog.addEventListener("cancel", function (event) {
      event.preventDefault(); // Escape: close and give the focus back to the editor
      closeDialog(dialog);
    });
  }

  // The link dialog: search the articles by title, or give an https:// address.
  var linkDialog = document.getElementById("link-dialog");

  function showResults(results) {
    var list = linkDialog.querySelector("[data-results]");
    list.textContent = "";
    results.forEach(function (article) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "link";
      button.textContent = article.title;
      button.addEventListener("click", function () {
        linkDialog.querySelector("[name=address]").value = "article:" + article.slug;
        var text = linkDialog.querySelector("[name=text]");
        if (!text.value.trim()) {
          text.value = article.title;
        }
        say(linkDialog, t("Links to “%(title)s”.", { title: article.title }));
        linkDialog.querySelector("[data-insert]").focus();
      });
      item.appendChild(button);
      list.appendChild(item);
    });
    var count = results.length;
    linkDialog.querySelector("[data-count]").textContent =
      count === 0 ? t("No article found.") : count === 1 ? t("1 article found.") : t("%(count)s articles found.", { count: count });
  }

  function searchArticles(event) {
    event.preventDefault();
    var query = linkDialog.querySelector("[name=q]").value.trim();
    if (!query) {
      return;
    }
    fetch(form.dataset.searchUrl + "?q=" + encodeURIComponent(query), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(t("The search failed (%(status)s).", { status: response.status }));
        }
        return response.json();
      })
      .then(showResults)
      .catch(function (error) {
        say(linkDialog, error.message);
      });
  }

  function insertLink(event) {
    event.preventDefault();
    var text = linkDialog.querySelector("[name=text]").value.trim();
    var address = linkDialog.querySelector("[name=address]").value.trim();
    if (!/^(article:[A-Za-z0-9_-]+|https:\/\/\S+)$/.test(address)) {
      say(linkDialog, t("Choose an article from the search, or give an address starting with https://."));
      linkDialog.querySelector("[name=address]").focus();
      return;
    }
    if (!text) {
      say(linkDialog, t("Give the words the link is on."));
      linkDialog.querySelector("[name=text]").focus();
      return;
    }
    closeDialog(linkDialog, "[" + escapeText(text) + "](" + linkTarget(address) + ")");
  }

  function drawLink(editor) {
    openDialog(linkDialog, editor, linkDialog.querySelector("[name=q]"));
    linkDialog.querySelector("[name=text]").value = editor.codemirror.getSelection().split("\n")[0];
  }

  // The image dialog: upload a file, with alt text (required) and an optional caption.
  var imageDialog = document.getElementById("image-dialog");

  function csrfToken() {
    return form.querySelector("[name=csrfmiddlewaretoken]").value;
  }

  function upload(file) {
    var data = new FormData();
    data.append("file", file);
    return fetch(form.dataset.uploadUrl, {
      method: "POST",
      body: data,
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().then(
        function (body) {
          if (!response.ok) {
            throw new Error(body.error || t("The upload failed."));
          }
          return body;
        },
        function () {
          throw new Error(t("The upload failed (%(status)s).", { status: response.status }));
        }
      );
    });
  }

  function insertImage(event) {
    event.preventDefault();
    var file = imageDialog.querySelector("[name=file]").files[0];
    var alt = imageDialog.querySelector("[name=alt]").value.trim();
    var caption = imageDialog.querySelector("[name=caption]").value.trim();
    if (!file) {
      say(imageDialog, t("Choose an image file."));
      imageDialog.querySelector("[name=file]").focus();
      return;
    }
    if (!alt) {
      say(imageDialog, t("Say what the image shows: alt text is required."));
      imageDialog.querySelector("[name=alt]").focus();
      return;
    }
    var button = imageDialog.querySelector("[data-insert]");
    button.disabled = true;
    say(imageDialog, t("Uploading…"));
    upload(file)
      .then(function (stored) {
        var title = caption ? ' "' + caption.replace(/(["\\])/g, "\\$1") + '"' : "";
        var markup = "![" + escapeText(alt) + "](" + stored.url + title + ")";
        closeDialog(imageDialog);
        insertBlock(imageDialog.editor, markup);
      })
      .catch(function (error) {
        say(imageDialog, error.message);
      })
      .finally(function () {
        button.disabled = false;
      });
  }

  function drawImage(editor) {
    openDialog(imageDialog, editor);
  }

  // -- The editor ----------------------------------------------------------------------------

  function button(name, label, action, keys) {
    return {
      name: name,
      text: t(label),
      title: t(label),
      action: action,
      attributes: { "aria-keyshortcuts": keys.replace(/Cmd|Ctrl/, "Control").replace(/-/g, "+") },
    };
  }

  var TOOLBAR = [
    button("bold", "Bold", EasyMDE.toggleBold, "Ctrl-B"),
    button("italic", "Italic", EasyMDE.toggleItalic, "Ctrl-I"),
    button("heading", "Heading", EasyMDE.toggleHeading2, "Ctrl-Alt-2"),
    button("subheading", "Sub-heading", EasyMDE.toggleHeading3, "Ctrl-Alt-3"),
    "|",
    button("bullets", "Bullet list", EasyMDE.toggleUnorderedList, "Ctrl-L"),
    button("numbers", "Numbered list", EasyMDE.toggleOrderedList, "Ctrl-Alt-L"),
    button("table", "Table", table, "Ctrl-Alt-T"),
    "|",
    button("note", "Note", callout("note"), "Ctrl-Alt-N"),
    button("warning", "Warning", callout("warning"), "Ctrl-Alt-W"),
    button("emergency", "Emergency", callout("emergency"), "Ctrl-Alt-E"),
    "|",
    button("link", "Link", drawLink, "Ctrl-K"),
    button("image", "Image", drawImage, "Ctrl-Alt-I"),
  ];

  var SHORTCUTS = {};
  TOOLBAR.forEach(function (item) {
    if (item.name) {
      SHORTCUTS[item.name] = item.attributes["aria-keyshortcuts"].replace("Control", "Ctrl").replace(/\+/g, "-");
    }
  });
  // EasyMDE's own bindings: keep only ours (no preview, side by side or full screen).
  ["toggleBold", "toggleItalic", "drawLink", "toggleHeadingSmaller", "toggleHeadingBigger",
   "toggleHeading1", "toggleHeading2", "toggleHeading3", "toggleHeading4", "toggleHeading5",
   "toggleHeading6", "cleanBlock", "drawImage", "toggleBlockquote", "toggleOrderedList",
   "toggleUnorderedList", "toggleCheckList", "toggleCodeBlock", "togglePreview",
   "toggleSideBySide", "toggleFullScreen"].forEach(function (name) {
    SHORTCUTS[name] = null;
  });

  textarea.required = false; // hidden behind the editor, it cannot show the browser's message
  var editor = new EasyMDE({
    element: textarea,
    autoDownloadFontAwesome: false,
    spellChecker: false,
    nativeSpellcheck: true,
    forceSync: true,
    unorderedListStyle: "-", // as body_to_markup writes bullets
    status: false,
    toolbar: TOOLBAR,
    shortcuts: SHORTCUTS,
    minHeight: "20rem",
    inputStyle: "contenteditable", // read by screen readers as the text itself
  });
  var cm = editor.codemirror;

  // Tab leaves the editor, as in any field (Shift+Tab reaches the toolbar): nobody is
  // trapped in it. Lists are indented with spaces.
  cm.setOption("extraKeys", Object.assign({}, cm.getOption("extraKeys"), {
    Tab: false,
    "Shift-Tab": false,
  }));
  var input = cm.getInputField();
  input.setAttribute("role", "textbox");
  input.setAttribute("aria-multiline", "true");
  input.setAttribute("aria-label", t("Body"));
  if (textarea.hasAttribute("aria-describedby")) {
    input.setAttribute("aria-describedby", textarea.getAttribute("aria-describedby"));
  }
  var label = form.querySelector("label[for=" + textarea.id + "]");
  if (label) {
    label.addEventListener("click", function () {
      cm.focus();
    });
  }

  var toolbar = editor.gui.toolbar;
  toolbar.setAttribute("role", "toolbar");
  toolbar.setAttribute("aria-label", t("Formatting"));
  toolbar.querySelectorAll("button").forEach(function (item) {
    item.tabIndex = 0; // EasyMDE takes its buttons out of the tab order
  });

  // Write the editor's text back before any submit, Save or Preview (forceSync does it on
  // each change too).
  form.addEventListener("submit", function () {
    cm.save();
  }, true);

  // -- Unsaved changes -------------------------------------------------------------------------

  var unsaved = false;
  cm.on("change", function () {
    unsaved = true;
  });
  form.addEventListener("input", function () {
    unsaved = true;
  });
  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (!submitter || submitter.getAttribute("formtarget") !== "_blank") {
      unsaved = false; // saving; a preview opens another tab and leaves this one as it is
    }
  });
  window.addEventListener("beforeunload", function (event) {
    if (unsaved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  linkDialog.querySelector("[data-search]").addEventListener("submit", searchArticles);
  linkDialog.querySelector("[data-link]").addEventListener("submit", insertLink);
  imageDialog.querySelector("form").addEventListener("submit", insertImage);
  wireCancel(linkDialog);
  wireCancel(imageDialog);
  var help = document.querySelector(".editor-help");
  if (help) {
    help.hidden = false; // the shortcuts exist only with the editor
  }
  window.recheckEditor = editor;
})();
