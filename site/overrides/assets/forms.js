// The portal's forms: the API's rules and messages in the reader's language, an error
// summary at the top (GOV.UK pattern), attachments uploaded with visible progress through
// our own translated picker, the proof-of-work solved in the background, a submission ID
// made here, so that a double click or a retry after a lost connection never creates two
// cases, and a receipt that survives a reload of the page.
(function () {
  "use strict";

  var LANGUAGE = document.documentElement.lang || "en";
  var ALLOWED_TYPES = { pdf: "application/pdf", png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg" };
  var MAX_BYTES = 10 * 1024 * 1024;
  var MAX_FILES = 5;

  function format(text, values) {
    return String(text).replace(/\{(\w+)\}/g, function (match, key) {
      return values && key in values ? values[key] : match;
    });
  }

  // The sender's own date, as the date picker shows it (toISOString would give UTC's).
  function localToday() {
    const now = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function sleep(ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  }

  // The error sentences (about 5 KB gzip) are a file of their own, fetched when the reader
  // first touches a form and awaited before any error is shown: a page's first load stays
  // light (issue 13). Every form's texts share the one copy. A failed fetch is tried again
  // at the next need; meanwhile the page's own generic sentence stands in.
  var SENTENCES_URL = document.currentScript ? new URL("form-errors.json", document.currentScript.src).href : "";
  var SENTENCES = { errors: {}, field_errors: {} };
  var sentencesLoading = null;

  function loadSentences() {
    if (!sentencesLoading) {
      sentencesLoading = fetch(SENTENCES_URL, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("form-errors.json: " + response.status);
          return response.json();
        })
        .then(function (loaded) {
          Object.assign(SENTENCES.errors, loaded.errors);
          Object.assign(SENTENCES.field_errors, loaded.field_errors);
        })
        .catch(function () { sentencesLoading = null; });
    }
    return sentencesLoading || Promise.resolve();
  }

  function strings(section) {
    var node = section.querySelector("[data-form-strings]");
    var texts = node ? JSON.parse(node.textContent) : {};
    Object.assign(SENTENCES.errors, texts.errors || {}); // the generic sentence, until loaded
    texts.errors = SENTENCES.errors;
    texts.field_errors = SENTENCES.field_errors;
    return texts;
  }

  // A field's path without list positions, as the API keys its fields' own sentences
  // (error_sentences.field_key): `reviews.2.url` -> `reviews.url`.
  function fieldKey(path) {
    return String(path || "").split(".").filter(function (part) { return part && !/^\d+$/.test(part); }).join(".");
  }

  function ownSentence(texts, path, code) {
    return (texts.field_errors || {})[fieldKey(path) + "|" + code];
  }

  // The field's own sentence ("Enter your name") where it has one, else the code's.
  function message(texts, code, values, path) {
    return format(ownSentence(texts, path, code) || texts.errors[code] || texts.errors.invalid || code, values);
  }

  // --- The proof-of-work (ALTCHA v2: PBKDF2/SHA-256 over nonce + counter) -------------

  function hexToBytes(hex) {
    var bytes = new Uint8Array(hex.length / 2);
    for (var i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
    return bytes;
  }

  function bytesToHex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  async function solve(challenge) {
    var p = challenge.parameters;
    var nonce = hexToBytes(p.nonce);
    var salt = hexToBytes(p.salt);
    var prefix = String(p.keyPrefix || "00").toLowerCase();
    var started = performance.now();
    for (var counter = 0; counter < 10000000; counter++) {
      var password = new Uint8Array(nonce.length + 4);
      password.set(nonce);
      new DataView(password.buffer).setUint32(nonce.length, counter, false);
      var key = await crypto.subtle.importKey("raw", password, "PBKDF2", false, ["deriveBits"]);
      var bits = await crypto.subtle.deriveBits(
        { name: "PBKDF2", hash: "SHA-256", salt: salt, iterations: p.cost },
        key,
        (p.keyLength || 32) * 8
      );
      var derived = bytesToHex(bits);
      if (derived.indexOf(prefix) === 0) {
        var payload = {
          challenge: challenge,
          solution: { counter: counter, derivedKey: derived, time: performance.now() - started },
        };
        return btoa(JSON.stringify(payload));
      }
    }
    throw new Error("challenge not solved");
  }

  function proofOfWork() {
    return fetch("/api/v1/challenge", { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (challenge) { return challenge.enabled === false ? null : solve(challenge); });
  }

  // --- Errors shown beside their fields and in the summary ----------------------------

  function Errors(section, texts) {
    this.section = section;
    this.texts = texts;
    this.summary = section.querySelector("[data-error-summary]");
    // Where the summary sends the reader for an error no visible field can show (the
    // anti-spam check, the submission as a whole): the button that sends again.
    var form = section.querySelector("form[data-portal-form]");
    this.fallback = form ? form.querySelector("button[type=submit]") : null;
    if (this.fallback && !this.fallback.id) this.fallback.id = form.dataset.portalForm + "-send";
    this.title = document.title;
  }

  function isShown(node) {
    return !node.closest("[hidden]");
  }

  Errors.prototype.unmark = function (container) {
    var error = container.querySelector(".portal-error");
    if (error) {
      error.hidden = true;
      error.textContent = "";
    }
    container.classList.remove("portal-field--error");
    container.querySelectorAll("[aria-invalid]").forEach(function (node) {
      node.removeAttribute("aria-invalid");
      var ids = (node.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && !/-error$/.test(id);
      });
      if (ids.length) node.setAttribute("aria-describedby", ids.join(" "));
      else node.removeAttribute("aria-describedby");
    });
  };

  // The sender chose another option: errors of the fields it hid go, beside them and in
  // the summary; the summary goes when nothing is left in it.
  Errors.prototype.forget = function (block) {
    block.querySelectorAll(".portal-field--error").forEach(this.unmark, this);
    if (!this.summary) return;
    var list = this.summary.querySelector("ul");
    Array.prototype.slice.call(list.children).forEach(function (item) {
      if (item.container && block.contains(item.container)) item.remove();
    });
    if (!list.children.length) this.hideSummary();
  };

  Errors.prototype.hideSummary = function () {
    this.summary.hidden = true;
    document.title = this.title;
  };

  // The errors of one field go, beside it and in the summary; the others stay (choosing a
  // file must not wipe what the summary says about the name or the e-mail address).
  Errors.prototype.forgetField = function (container) {
    this.unmark(container);
    if (!this.summary) return;
    var list = this.summary.querySelector("ul");
    Array.prototype.slice.call(list.children).forEach(function (item) {
      if (item.container === container) item.remove();
    });
    if (!list.children.length) this.hideSummary();
  };

  Errors.prototype.clear = function () {
    this.section.querySelectorAll(".portal-error").forEach(function (node) {
      node.hidden = true;
      node.textContent = "";
    });
    this.section.querySelectorAll("[aria-invalid]").forEach(function (node) {
      node.removeAttribute("aria-invalid");
      var ids = (node.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && !/-error$/.test(id);
      });
      if (ids.length) node.setAttribute("aria-describedby", ids.join(" "));
      else node.removeAttribute("aria-describedby");
    });
    this.section.querySelectorAll(".portal-field--error").forEach(function (node) {
      node.classList.remove("portal-field--error");
    });
    if (this.summary) {
      this.hideSummary();
      this.summary.querySelector("ul").textContent = "";
    }
  };

  // The visible field an API path is about: `reviews.2.url` is the reviews box,
  // `attachments.1` the file input, `grounds` (no basis chosen) the first field under it.
  // A field in a hidden block never counts: the same name may be visible elsewhere.
  Errors.prototype.container = function (path) {
    var section = this.section;
    var pick = function (selector) {
      return Array.prototype.find.call(section.querySelectorAll(selector), isShown) || null;
    };
    var parts = String(path).split(".");
    while (parts.length && parts[0]) {
      var name = parts.join(".");
      var found = pick('[data-field="' + name + '"]') || pick('[data-field^="' + name + '."]');
      if (found) return found;
      parts.pop();
    }
    return null;
  };

  // An error about one line of a one-per-line box says which line (blank lines skipped
  // when sending, counted here as the sender sees them).
  Errors.prototype.describe = function (problem, container) {
    var rest = String(problem.field || "").slice(container.dataset.field.length);
    var index = /^\.(\d+)(?:\.|$)/.exec(rest);
    var box = container.querySelector("textarea[data-lines]");
    if (!index || !box) return problem.message;
    var wanted = parseInt(index[1], 10);
    var lines = box.value.split(/\r?\n/);
    for (var number = 0, given = -1; number < lines.length; number++) {
      if (lines[number].trim()) given++;
      if (given === wanted) return format(this.texts.on_line, { number: number + 1, message: problem.message });
    }
    return problem.message;
  };

  // problems: [{field, code, message}]; shows each beside its field (several for one
  // field, such as two wrong lines of the reviews, one under the other) and all in the
  // summary, worded the same; the page's title says there is a problem (GOV.UK pattern).
  Errors.prototype.show = function (problems) {
    var list = this.summary.querySelector("ul");
    var texts = this.texts;
    var beside = [];
    problems.forEach(function (problem) {
      var container = problem.field ? this.container(problem.field) : null;
      var target = null;
      var said = container ? this.describe(problem, container) : problem.message;
      var control = null;
      if (container) {
        control = container.querySelector("[data-error-target]:not([hidden] *), input:not([type=hidden]):not([hidden]), select, textarea, fieldset");
        if (control) target = control.tagName === "FIELDSET" ? control.querySelector("input") || control : control;
      }
      if (container) {
        var error = container.querySelector(".portal-error");
        if (beside.indexOf(container) === -1) {
          beside.push(container);
          error.textContent = said;
        } else if (error.textContent.split("\n").indexOf(said) === -1) {
          error.textContent += "\n" + said;
        }
        error.hidden = false;
        container.classList.add("portal-field--error");
        if (control) {
          // A button takes no aria-invalid (ARIA 1.2); its description carries the error.
          if (control.tagName !== "BUTTON") control.setAttribute("aria-invalid", "true");
          var ids = (control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
          if (ids.indexOf(error.id) === -1) ids.push(error.id);
          control.setAttribute("aria-describedby", ids.join(" "));
        }
      } else {
        target = this.fallback; // no visible field for it: send the reader to the button
      }
      var item = document.createElement("li");
      item.container = container;
      // A field's own sentence names it already; a general one gets the field's name.
      var name = container ? container.querySelector(".portal-label, .portal-legend") : null;
      var title = name ? name.firstChild.textContent.trim() : "";
      // A line's error ("Line 3: …") is about that line of the field already.
      // So is a message that names its file.
      var own = problem.own || (problem.code && ownSentence(texts, problem.field, problem.code)) || said !== problem.message;
      var text = title && !own ? format(texts.about_field, { field: title, message: said }) : said;
      if (target && target.id) {
        var link = document.createElement("a");
        link.href = "#" + target.id;
        link.textContent = text;
        link.addEventListener("click", function (event) {
          event.preventDefault();
          target.focus();
          target.scrollIntoView({ block: "center" });
        });
        item.appendChild(link);
      } else {
        item.textContent = text;
      }
      list.appendChild(item);
    }, this);
    this.summary.hidden = false;
    document.title = format(texts.title_error || "{title}", { title: this.title });
    this.summary.focus();
  };

  // --- One form ----------------------------------------------------------------------

  function PortalForm(form) {
    this.form = form;
    this.section = form.closest("section");
    this.texts = strings(this.section);
    this.errors = new Errors(this.section, this.texts);
    this.status = form.querySelector("[data-status]");
    this.button = form.querySelector("button[type=submit]");
    this.key = "portal:" + form.dataset.portalForm + ":submission";
    this.uploads = [];
    this.busy = false;
    this.challenge = null;
    this.receipt = new Receipt(this.section, this.texts, this.again.bind(this));
    this.setUpConditionals();
    this.setUpAttachments();
    form.addEventListener("submit", this.submit.bind(this));
    ["focusin", "pointerdown", "dragenter"].forEach(function (type) {
      form.addEventListener(type, loadSentences, { once: true, passive: true });
    });
    var sent = this.receipt.stored();
    if (sent) {
      this.receipt.show(sent, false);
      return;
    }
    form.hidden = false;
    this.startChallenge();
  }

  PortalForm.prototype.submissionId = function () {
    var id = sessionStorage.getItem(this.key);
    if (!id) {
      id = crypto.randomUUID();
      sessionStorage.setItem(this.key, id);
    }
    return id;
  };

  PortalForm.prototype.startChallenge = function () {
    var self = this;
    this.challenge = proofOfWork().catch(function () {
      self.challenge = null; // try again when sending
      return undefined;
    });
  };

  // A block is shown while one of the options revealing it is chosen and available, and
  // its own block is shown; blocks come in document order, so outer ones are settled first.
  PortalForm.prototype.setUpConditionals = function () {
    var form = this.form;
    var errors = this.errors;
    var update = function () {
      form.querySelectorAll("[data-conditional]").forEach(function (block) {
        var outer = block.parentElement.closest("[data-conditional]");
        var revealers = form.querySelectorAll('[data-reveals~="' + block.id + '"]');
        var shown = !(outer && outer.hidden) && Array.prototype.some.call(revealers, function (input) {
          return input.checked && !input.disabled;
        });
        block.hidden = !shown;
        block.querySelectorAll("input, select, textarea").forEach(function (field) {
          field.disabled = !shown;
        });
        if (!shown) errors.forget(block);
      });
    };
    form.addEventListener("change", function (event) {
      if (event.target.type === "radio") update();
    });
    update();
  };

  PortalForm.prototype.fieldsInUse = function () {
    return Array.prototype.filter.call(
      this.form.querySelectorAll("input[name], select[name], textarea[name]"),
      function (field) { return !field.disabled && field.name !== "website"; }
    );
  };

  PortalForm.prototype.validate = function () {
    var problems = [];
    var texts = this.texts;
    var add = function (field, code, values) {
      problems.push({ field: field, code: code, message: message(texts, code, values, field) });
    };
    this.form.querySelectorAll("fieldset[data-required]").forEach(function (fieldset) {
      var inputs = fieldset.querySelectorAll("input");
      if (inputs.length && inputs[0].disabled) return;
      var chosen = Array.prototype.some.call(inputs, function (input) { return input.checked; });
      if (!chosen) add(fieldset.closest("[data-field]").dataset.field, "required");
    });
    this.fieldsInUse().forEach(function (field) {
      if (field.type === "radio" || (field.type === "checkbox" && !field.required)) return;
      var path = field.name;
      var value = field.type === "checkbox" ? "" : field.value.trim();
      if (field.dataset.lines) {
        var lines = value.split(/\r?\n/).map(function (line) { return line.trim(); }).filter(Boolean);
        var max = parseInt(field.dataset.maxLines || "0", 10);
        var lineMax = parseInt(field.dataset.lineMaxlength || "0", 10);
        if (field.required && !lines.length) add(path, "required");
        else if (max && lines.length > max) add(path, "too_many_items", { max_length: max });
        else if (field.dataset.lines === "reviews") {
          // The API's rules (domain/notices.py): https, no login or port, one of our sites.
          // Each wrong line is named by the path the API would give it: `reviews.2.url`.
          var domains = texts.marketplace_domains || [];
          lines.forEach(function (line, index) {
            var at = path + "." + index;
            if (/^https?:\/\//i.test(line)) {
              var url;
              try { url = new URL(line); } catch (error) { url = null; }
              if (!url) add(at + ".url", "url_invalid");
              else if (url.protocol !== "https:") add(at + ".url", "review_url_not_https");
              else if (url.username || url.password || url.port || /^https:\/\/[^\/?#]*:\d*(?:[\/?#]|$)/i.test(line)) add(at + ".url", "review_url_not_plain");
              else if (domains.indexOf(url.hostname.replace(/^www\./, "")) === -1) add(at + ".url", "review_url_not_marketplace", { domains: domains.join(", ") });
            } else if (!/^[A-Za-z0-9_-]{4,64}$/.test(line)) {
              add(at + ".review_id", "format_invalid");
            }
          });
        } else if (lineMax) {
          lines.forEach(function (line, index) {
            if (line.length > lineMax) add(path + "." + index, "too_long", { max_length: lineMax });
          });
        }
        return;
      }
      var validity = field.validity;
      if (field.type === "checkbox") {
        if (field.required && !field.checked) add(path, "required");
        return;
      }
      // A date picker with a half-typed date has no value but bad input: say what is wrong.
      if (field.type === "date" && validity.badInput) return add(path, "date_invalid");
      if (validity.valueMissing || (field.required && !value)) return add(path, "required");
      if (!value) return;
      var min = parseInt(field.getAttribute("minlength") || "0", 10);
      var maxLength = parseInt(field.getAttribute("maxlength") || "0", 10);
      if (min && value.length < min) return add(path, "too_short", { min_length: min });
      if (maxLength && value.length > maxLength) return add(path, "too_long", { max_length: maxLength });
      if (field.type === "email" && /[^\x00-\x7f]/.test(value.split("@")[0])) return add(path, "email_local_part_unsupported");
      if (field.type === "email" && (validity.typeMismatch || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value))) return add(path, "email_invalid");
      if (field.type === "date") {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return add(path, "date_invalid");
        if (field.hasAttribute("data-not-future") && value > localToday()) return add(path, "date_in_future");
      }
      if (validity.patternMismatch) return add(path, "format_invalid");
    });
    this.uploads.forEach(function (upload) {
      if (upload.state === "uploading" || upload.state === "checking") {
        problems.push({ field: "attachments", code: "attachment_pending", own: true, message: format(texts.still_checking, { name: upload.name }) });
      }
    });
    return problems;
  };

  function setPath(target, path, value) {
    var parts = path.split(".");
    var node = target;
    for (var i = 0; i < parts.length - 1; i++) {
      node[parts[i]] = node[parts[i]] || {};
      node = node[parts[i]];
    }
    node[parts[parts.length - 1]] = value;
  }

  PortalForm.prototype.payload = function () {
    var body = {};
    this.fieldsInUse().forEach(function (field) {
      var path = field.name;
      var value = field.value.trim();
      if (field.hasAttribute("data-local")) return; // steers the form, not part of the request
      if (field.type === "radio") {
        if (field.checked) setPath(body, path, field.value);
      } else if (field.type === "checkbox") {
        var group = field.closest("fieldset[data-kind=checkbox]");
        if (group) {
          var list = path.split(".").reduce(function (node, key) { return node && node[key]; }, body) || [];
          if (field.checked) list.push(field.value);
          setPath(body, path, list);
        } else {
          setPath(body, path, field.checked);
        }
      } else if (field.dataset.lines) {
        var lines = value.split(/\r?\n/).map(function (line) { return line.trim(); }).filter(Boolean);
        if (field.dataset.lines === "reviews") {
          setPath(body, path, lines.map(function (line) {
            return /^https?:\/\//i.test(line) ? { url: line } : { review_id: line };
          }));
        } else {
          setPath(body, path, lines);
        }
      } else if (value || field.required) {
        setPath(body, path, value);
      }
    });
    body.submission_id = this.submissionId();
    body.language = LANGUAGE;
    body.attachments = this.uploads.filter(function (u) { return u.state === "accepted"; }).map(function (u) { return u.id; });
    body.website = this.form.querySelector("[name=website]").value;
    return body;
  };

  PortalForm.prototype.say = function (text) {
    this.status.textContent = text || "";
  };

  // How long the server asked us to wait (Retry-After: seconds or an HTTP date), kept
  // between 1 and 30 seconds so that a wrong header neither hammers nor stalls the form.
  function retryDelay(response, fallbackSeconds) {
    var header = response.headers.get("Retry-After") || "";
    var seconds = /^\d+$/.test(header.trim()) ? parseInt(header, 10) : (Date.parse(header) - Date.now()) / 1000;
    if (!isFinite(seconds)) seconds = fallbackSeconds;
    return 1000 * Math.min(30, Math.max(1, seconds));
  }

  // Each kind of trouble has its own budget of retries; every retry sends the same body,
  // so the same submission ID: the server stores it once.
  var RETRIES = { connection: 2, busy: 4, in_progress: 4 };

  PortalForm.prototype.send = async function (body) {
    var left = Object.assign({}, RETRIES);
    for (var attempt = 1; ; attempt++) {
      var response;
      try {
        response = await fetch(this.form.dataset.endpoint, {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "application/json", "Accept-Language": LANGUAGE },
          body: JSON.stringify(body),
        });
      } catch (error) {
        if (left.connection-- > 0) {
          await sleep(1000 * attempt * attempt);
          continue;
        }
        return { status: 0 };
      }
      var data = null;
      try { data = await response.json(); } catch (error) { data = null; }
      if (response.status === 409 && data && data.error && data.error.code === "submission_in_progress" && left.in_progress-- > 0) {
        await sleep(retryDelay(response, 2));
        continue;
      }
      if (response.status === 503 && left.busy-- > 0) {
        await sleep(retryDelay(response, 3));
        continue;
      }
      return { status: response.status, data: data };
    }
  };

  PortalForm.prototype.submit = async function (event) {
    event.preventDefault();
    if (this.busy) return;
    this.busy = true;
    try {
      await loadSentences();
    } finally {
      this.busy = false;
    }
    this.receipt.forget(); // a new submission: the last one's receipt is not shown again
    this.errors.clear();
    var problems = this.validate();
    if (problems.length) {
      this.errors.show(problems);
      return;
    }
    this.busy = true;
    this.button.disabled = true;
    try {
      this.say(this.texts.preparing);
      var solution = this.challenge ? await this.challenge : undefined;
      if (solution === undefined) {
        this.startChallenge();
        solution = await this.challenge;
      }
      var body = this.payload();
      body.challenge = solution || null;
      this.say(this.texts.sending);
      var answer = await this.send(body);
      this.say("");
      if (answer.status === 201) return this.done(answer.data);
      if (answer.status === 0) {
        this.errors.show([{ field: "", message: this.texts.connection_lost }]);
        return;
      }
      var error = (answer.data && answer.data.error) || { message: message(this.texts, "internal_error", { request_id: "" }) };
      if (error.code === "submission_id_reused") sessionStorage.removeItem(this.key);
      // `attachments.1` is the second file sent: name it, the sender may have several.
      var sent = this.uploads.filter(function (u) { return u.state === "accepted"; });
      var texts = this.texts;
      var fields = (error.fields || []).map(function (f) {
        var index = /^attachments\.(\d+)$/.exec(f.field || "");
        var upload = index && sent[parseInt(index[1], 10)];
        return upload ? { field: f.field, code: f.code, own: true, message: format(texts.about_file, { name: upload.name, message: f.message }) } : f;
      });
      if (fields.some(function (f) { return f.field === "challenge"; })) this.startChallenge();
      this.errors.show(fields.length ? fields : [{ field: "", message: error.message }]);
    } finally {
      this.busy = false;
      this.button.disabled = false;
    }
  };

  PortalForm.prototype.done = function (answer) {
    sessionStorage.removeItem(this.key);
    var email = this.form.querySelector("input[type=email]");
    this.receipt.show({ reference: answer.reference, email: email ? email.value.trim() : "" }, true);
  };

  // A new submission on the same page: an empty form, no files, the first question focused.
  PortalForm.prototype.again = function () {
    this.form.reset();
    this.uploads = [];
    if (this.list) this.list.textContent = "";
    this.countFiles();
    this.form.dispatchEvent(new Event("change"));
    this.form.querySelectorAll("input[type=radio]").forEach(function (input) { input.dispatchEvent(new Event("change", { bubbles: true })); });
    this.errors.clear();
    this.form.hidden = false;
    this.startChallenge(); // the last one was spent on the submission before
    var first = this.form.querySelector("input:not([type=hidden]):not([tabindex='-1']), textarea, select");
    if (first) first.focus();
  };

  // --- The receipt -------------------------------------------------------------------

  // Kept in sessionStorage under this page's address, so that a reload (or coming back in
  // the same tab) shows it again. It holds the reference and the address the sender typed
  // in this browser, nothing else; a new submission or "send another" removes it.
  function Receipt(section, texts, onAgain) {
    this.section = section;
    this.texts = texts;
    this.node = section.querySelector("[data-success]");
    this.form = section.querySelector("form[data-portal-form]");
    this.key = "portal:receipt:" + window.location.pathname;
    var self = this;
    var copy = this.node.querySelector("[data-copy]");
    var said = this.node.querySelector("[data-copy-status]");
    copy.addEventListener("click", function () {
      var reference = self.node.querySelector("[data-reference]");
      var text = reference.textContent;
      var copied = navigator.clipboard && window.isSecureContext
        ? navigator.clipboard.writeText(text)
        : Promise.reject(new Error("no clipboard"));
      copied.then(function () { said.textContent = texts.copied; }, function () {
        // Without the clipboard API: select the reference, so that the sender copies it.
        var range = document.createRange();
        range.selectNodeContents(reference);
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
        said.textContent = texts.copy_failed;
      });
    });
    this.node.querySelector("[data-print]").addEventListener("click", function () { window.print(); });
    this.node.querySelector("[data-again]").addEventListener("click", function () {
      self.forget();
      self.node.hidden = true;
      onAgain();
    });
  }

  Receipt.prototype.show = function (receipt, keep) {
    if (keep) {
      try { sessionStorage.setItem(this.key, JSON.stringify(receipt)); } catch (error) { /* private mode: shown, not kept */ }
    }
    this.node.querySelector("[data-reference]").textContent = receipt.reference;
    var email = this.node.querySelector("[data-email]");
    if (email) email.textContent = receipt.email;
    this.node.querySelector("[data-copy-status]").textContent = "";
    if (this.form) this.form.hidden = true;
    document.body.classList.add("portal-has-receipt");
    this.node.hidden = false;
    this.node.focus();
  };

  Receipt.prototype.stored = function () {
    try {
      var receipt = JSON.parse(sessionStorage.getItem(this.key) || "null");
      return receipt && typeof receipt.reference === "string" ? receipt : null;
    } catch (error) {
      return null;
    }
  };

  Receipt.prototype.forget = function () {
    sessionStorage.removeItem(this.key);
    document.body.classList.remove("portal-has-receipt");
  };

  // --- Attachments -------------------------------------------------------------------

  // How long a check may take before the row says it is slow, and before we stop asking.
  var SLOW_AFTER_MS = 8000;
  var GIVE_UP_AFTER_MS = 180000;

  PortalForm.prototype.setUpAttachments = function () {
    var input = this.form.querySelector("[data-attachments]");
    if (!input) return;
    var self = this;
    this.list = this.form.querySelector("[data-uploads]");
    this.field = input.closest("[data-field]");
    this.count = this.form.querySelector("[data-upload-count]");
    // Our own button, in the page's language, instead of the browser's "Choose file / No
    // file chosen"; the input stays in the page for the button to open.
    var picker = this.form.querySelector("[data-picker]");
    input.hidden = true;
    input.tabIndex = -1;
    picker.hidden = false;
    this.form.querySelector("[data-pick-files]").addEventListener("click", function () { input.click(); });
    input.addEventListener("change", function () {
      self.addFiles(Array.from(input.files)); // copied: the list empties with the value
      input.value = "";
    });
    // Files dropped anywhere on the field are taken as if chosen with the button.
    this.field.addEventListener("dragover", function (event) {
      event.preventDefault();
      self.field.classList.add("portal-attachments--over");
    });
    this.field.addEventListener("dragleave", function () { self.field.classList.remove("portal-attachments--over"); });
    this.field.addEventListener("drop", function (event) {
      event.preventDefault();
      self.field.classList.remove("portal-attachments--over");
      if (event.dataTransfer && event.dataTransfer.files.length) self.addFiles(Array.from(event.dataTransfer.files));
    });
  };

  // Files that hold a slot: a refused or failed file frees its own.
  PortalForm.prototype.kept = function () {
    return this.uploads.filter(function (u) { return u.state === "uploading" || u.state === "checking" || u.state === "accepted"; });
  };

  PortalForm.prototype.countFiles = function () {
    if (!this.count) return;
    var accepted = this.uploads.filter(function (u) { return u.state === "accepted"; }).length;
    this.count.textContent = accepted ? format(this.texts.file_count, { count: accepted, max: MAX_FILES }) : this.texts.no_file;
  };

  PortalForm.prototype.addFiles = async function (files) {
    var self = this;
    var texts = this.texts;
    var problems = [];
    var refused = []; // [file, code]: worded once the sentences are there
    Array.prototype.forEach.call(files, function (file) {
      var extension = file.name.split(".").pop().toLowerCase();
      var type = file.type || ALLOWED_TYPES[extension] || "";
      var key = [file.name, file.size, file.lastModified].join("|");
      var kept = self.kept();
      if (kept.some(function (u) { return u.key === key; })) problems.push({ field: "attachments", own: true, message: format(texts.already_attached, { name: file.name }) });
      else if (kept.length >= MAX_FILES) problems.push({ field: "attachments", message: texts.too_many_files });
      else if (Object.values(ALLOWED_TYPES).indexOf(type) === -1) refused.push([file, "file_type_not_allowed"]);
      else if (file.size === 0) refused.push([file, "file_empty"]);
      else if (file.size > MAX_BYTES) refused.push([file, "file_too_large"]);
      else self.upload(file, type, key);
    });
    if (refused.length) await loadSentences();
    refused.forEach(function (item) {
      problems.push({ field: "attachments", own: true, message: format(texts.about_file, { name: item[0].name, message: message(texts, item[1]) }) });
    });
    // Only the field's own errors change: the summary keeps what it says about the others.
    this.errors.forgetField(this.field);
    if (problems.length) this.errors.show(problems);
  };

  // One row per file: its name and a Remove button on the first line, its state (and the
  // progress bar while it uploads) on the second; compact on a 320 px phone (forms.css).
  PortalForm.prototype.uploadRow = function (upload) {
    var self = this;
    var item = document.createElement("li");
    item.className = "portal-upload";
    var name = document.createElement("span");
    name.className = "portal-upload__name";
    name.textContent = upload.name;
    name.title = upload.name;
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "portal-button portal-button--secondary portal-upload__remove";
    remove.textContent = this.texts.remove;
    var hidden = document.createElement("span");
    hidden.className = "portal-visually-hidden";
    hidden.textContent = " " + upload.name;
    remove.appendChild(hidden);
    remove.addEventListener("click", function () {
      upload.state = "removed";
      item.remove();
      self.countFiles();
      self.errors.forgetField(self.field);
      self.form.querySelector("[data-pick-files]").focus();
    });
    var state = document.createElement("span");
    state.className = "portal-upload__state";
    var progress = document.createElement("progress");
    progress.className = "portal-upload__progress";
    progress.max = 100;
    progress.value = 0;
    progress.setAttribute("aria-label", upload.name);
    item.appendChild(name);
    item.appendChild(remove);
    item.appendChild(state);
    item.appendChild(progress);
    this.list.appendChild(item);
    return {
      item: item,
      progress: progress,
      say: function (text, kind) {
        state.textContent = text;
        item.className = "portal-upload portal-upload--" + (kind || upload.state);
        if (upload.state !== "uploading" && upload.state !== "checking") progress.remove();
      },
    };
  };

  PortalForm.prototype.upload = function (file, type, key) {
    var self = this;
    var texts = this.texts;
    var upload = { id: null, state: "uploading", name: file.name, key: key };
    this.uploads.push(upload);
    var row = this.uploadRow(upload);
    row.say(format(texts.uploading, { percent: 0 }));
    var settle = function (state, text) {
      if (upload.state === "removed") return;
      upload.state = state;
      row.say(text, state);
      self.countFiles();
    };
    var slowAfter = parseInt(this.field.dataset.slowAfter || SLOW_AFTER_MS, 10);
    var giveUpAfter = parseInt(this.field.dataset.giveUpAfter || GIVE_UP_AFTER_MS, 10);

    fetch("/api/v1/uploads", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", "Accept-Language": LANGUAGE },
      body: JSON.stringify({ content_type: type, size: file.size }),
    })
      .then(function (response) {
        if (response.ok) return response.json();
        // The API's own words for a refusal (type, size), in the page's language.
        return response.json().catch(function () { return null; }).then(function (data) {
          var error = data && data.error;
          var said = error && ((error.fields && error.fields[0] && error.fields[0].message) || error.message);
          throw { refused: response.status >= 400 && response.status < 500, message: said };
        });
      })
      .then(function (form) {
        upload.id = form.upload_id;
        var data = new FormData();
        Object.keys(form.fields).forEach(function (name) { data.append(name, form.fields[name]); });
        data.append("file", file);
        return new Promise(function (resolve, reject) {
          var request = new XMLHttpRequest();
          request.open("POST", form.url);
          request.upload.addEventListener("progress", function (event) {
            if (!event.lengthComputable || upload.state !== "uploading") return;
            var percent = Math.round((event.loaded / event.total) * 100);
            row.progress.value = percent;
            row.say(format(texts.uploading, { percent: percent }));
          });
          request.addEventListener("load", function () {
            return request.status >= 200 && request.status < 300 ? resolve() : reject({ refused: request.status >= 400 && request.status < 500 });
          });
          request.addEventListener("error", function () { reject({}); });
          request.send(data);
        });
      })
      .then(async function () {
        if (upload.state === "removed") return;
        upload.state = "checking";
        row.progress.removeAttribute("value"); // the bar moves without a figure: we cannot tell how long
        row.say(texts.checking);
        var started = Date.now();
        var slow = false;
        for (var wait = 500; upload.state === "checking"; wait = Math.min(wait * 1.5, 5000)) {
          if (Date.now() - started > giveUpAfter) return settle("failed", texts.not_checked);
          await sleep(wait);
          if (!slow && upload.state === "checking" && Date.now() - started > slowAfter) {
            slow = true; // a slow check is said to be slow, not a refusal
            row.say(texts.slow, "slow");
          }
          var response;
          try {
            response = await fetch("/api/v1/uploads/" + upload.id, { headers: { Accept: "application/json", "Accept-Language": LANGUAGE } });
          } catch (error) {
            continue; // the check goes on on our side: ask again
          }
          if (!response.ok) continue;
          var state = (await response.json()).state;
          if (state === "accepted") settle("accepted", texts.accepted);
          else if (state === "rejected") settle("rejected", texts.rejected);
        }
      })
      .catch(function (problem) {
        if (problem && problem.refused) settle("rejected", (problem && problem.message) || texts.rejected);
        else settle("failed", texts.upload_failed);
      });
  };

  // --- The page an authority's one-time link opens -----------------------------------

  async function confirmAddress(section) {
    var texts = strings(section);
    var errors = new Errors(section, texts);
    var status = section.querySelector("[data-status]");
    var params = new URLSearchParams(window.location.hash.slice(1));
    var reference = params.get("reference");
    var token = params.get("token");
    if (!reference || !token) {
      await loadSentences(); // only to word an error: a confirmation loads without them
      errors.show([{ field: "", message: message(texts, "confirmation_invalid") }]);
      return;
    }
    status.textContent = texts.confirming;
    var response;
    try {
      response = await fetch(section.dataset.endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json", "Accept-Language": LANGUAGE },
        body: JSON.stringify({ reference: reference, token: token }),
      });
    } catch (error) {
      status.textContent = "";
      errors.show([{ field: "", message: texts.connection_lost }]);
      return;
    }
    var data = await response.json().catch(function () { return null; });
    status.textContent = "";
    if (response.ok) {
      var success = section.querySelector("[data-success]");
      success.querySelector("[data-reference]").textContent = data.reference;
      success.hidden = false;
      success.focus();
      history.replaceState(null, "", window.location.pathname);
      return;
    }
    var error = (data && data.error) || {};
    if (!error.message) await loadSentences();
    errors.show([{ field: "", message: error.message || message(texts, "confirmation_invalid") }]);
  }

  document.querySelectorAll("form[data-portal-form]").forEach(function (form) { new PortalForm(form); });
  document.querySelectorAll("[data-portal-confirmation]").forEach(confirmAddress);
})();
