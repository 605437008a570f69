// The portal's forms: the API's rules and messages in the reader's language, an error
// summary at the top (GOV.UK pattern), attachments uploaded with visible progress, the
// proof-of-work solved in the background, and a submission ID made here, so that a double
// click or a retry after a lost connection never creates two cases.
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

  function strings(section) {
    var node = section.querySelector("[data-form-strings]");
    return node ? JSON.parse(node.textContent) : { errors: {} };
  }

  function message(texts, code, values) {
    return format(texts.errors[code] || texts.errors.invalid || code, values);
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
    if (!list.children.length) this.summary.hidden = true;
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
      this.summary.hidden = true;
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

  // problems: [{field, message}]; shows each beside its field and all in the summary.
  Errors.prototype.show = function (problems) {
    var list = this.summary.querySelector("ul");
    var seen = {};
    problems.forEach(function (problem) {
      var container = problem.field ? this.container(problem.field) : null;
      var target = null;
      var said = container ? this.describe(problem, container) : problem.message;
      if (container) {
        var control = container.querySelector("input:not([type=hidden]), select, textarea, fieldset");
        if (control) target = control.tagName === "FIELDSET" ? control.querySelector("input") || control : control;
      }
      if (container && !seen[container.dataset.field]) {
        seen[container.dataset.field] = true;
        var error = container.querySelector(".portal-error");
        error.textContent = said;
        error.hidden = false;
        container.classList.add("portal-field--error");
        if (control) {
          control.setAttribute("aria-invalid", "true");
          var ids = (control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
          ids.push(error.id);
          control.setAttribute("aria-describedby", ids.join(" "));
        }
      } else if (!container) {
        target = this.fallback; // no visible field for it: send the reader to the button
      }
      var item = document.createElement("li");
      item.container = container;
      // Beside the field, the message alone; in the summary, which field it is about.
      var name = container ? container.querySelector(".portal-label, .portal-legend") : null;
      var title = name ? name.firstChild.textContent.trim() : "";
      var text = title ? title + ": " + said : said;
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
    form.hidden = false;
    this.setUpConditionals();
    this.setUpAttachments();
    this.startChallenge();
    form.addEventListener("submit", this.submit.bind(this));
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
        var revealers = form.querySelectorAll('[data-reveals="' + block.id + '"]');
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
      problems.push({ field: field, message: message(texts, code, values) });
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
        if (field.required && !lines.length) add(path, "required");
        else if (max && lines.length > max) add(path, "too_many_items", { max_length: max });
        else if (field.dataset.lines === "reviews") {
          // The API's rules (domain/notices.py): https, no login or port, one of our sites.
          var domains = texts.marketplace_domains || [];
          lines.forEach(function (line) {
            if (/^https?:\/\//i.test(line)) {
              var url;
              try { url = new URL(line); } catch (error) { url = null; }
              if (!url) add(path, "url_invalid");
              else if (url.protocol !== "https:") add(path, "review_url_not_https");
              else if (url.username || url.password || url.port || /^https:\/\/[^\/?#]*:\d*(?:[\/?#]|$)/i.test(line)) add(path, "review_url_not_plain");
              else if (domains.indexOf(url.hostname.replace(/^www\./, "")) === -1) add(path, "review_url_not_marketplace", { domains: domains.join(", ") });
            } else if (!/^[A-Za-z0-9_-]{4,64}$/.test(line)) {
              add(path, "review_location_required");
            }
          });
        }
        return;
      }
      var validity = field.validity;
      if (field.type === "checkbox") {
        if (field.required && !field.checked) add(path, path === "grounds.good_faith" ? "good_faith_required" : "required");
        return;
      }
      if (validity.valueMissing || (field.required && !value)) return add(path, "required");
      if (!value) return;
      var min = parseInt(field.getAttribute("minlength") || "0", 10);
      var maxLength = parseInt(field.getAttribute("maxlength") || "0", 10);
      if (min && value.length < min) return add(path, "too_short", { min_length: min });
      if (maxLength && value.length > maxLength) return add(path, "too_long", { max_length: maxLength });
      if (field.type === "email" && /[^\x00-\x7f]/.test(value.split("@")[0])) return add(path, "email_local_part_unsupported");
      if (field.type === "email" && (validity.typeMismatch || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value))) return add(path, "email_invalid");
      if (field.type === "date") {
        if (validity.badInput || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return add(path, "date_invalid");
        if (field.hasAttribute("data-not-future") && value > localToday()) return add(path, "date_in_future");
      }
      if (validity.patternMismatch) return add(path, "format_invalid");
    });
    var pending = this.uploads.some(function (upload) { return upload.state === "uploading" || upload.state === "checking"; });
    if (pending) add("attachments", "attachment_pending");
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
        return upload ? { field: f.field, message: format(texts.about_file, { name: upload.name, message: f.message }) } : f;
      });
      if (fields.some(function (f) { return f.field === "challenge"; })) this.startChallenge();
      this.errors.show(fields.length ? fields : [{ field: "", message: error.message }]);
    } finally {
      this.busy = false;
      this.button.disabled = false;
    }
  };

  PortalForm.prototype.done = function (receipt) {
    sessionStorage.removeItem(this.key);
    var success = this.section.querySelector("[data-success]");
    success.querySelector("[data-reference]").textContent = receipt.reference;
    this.form.hidden = true;
    success.hidden = false;
    success.focus();
  };

  // --- Attachments -------------------------------------------------------------------

  PortalForm.prototype.setUpAttachments = function () {
    var input = this.form.querySelector("[data-attachments]");
    if (!input) return;
    this.list = this.form.querySelector("[data-uploads]");
    var self = this;
    input.addEventListener("change", function () {
      self.errors.clear();
      var problems = [];
      Array.prototype.forEach.call(input.files, function (file) {
        var extension = file.name.split(".").pop().toLowerCase();
        var type = file.type || ALLOWED_TYPES[extension] || "";
        // A refused file frees its slot; the same file chosen again is not sent twice.
        var kept = self.uploads.filter(function (u) { return u.state !== "removed" && u.state !== "rejected"; });
        var key = [file.name, file.size, file.lastModified].join("|");
        if (kept.some(function (u) { return u.key === key; })) problems.push({ field: "attachments", message: format(self.texts.already_attached, { name: file.name }) });
        else if (kept.length >= MAX_FILES) problems.push({ field: "attachments", message: self.texts.too_many_files });
        else if (Object.values(ALLOWED_TYPES).indexOf(type) === -1) problems.push({ field: "attachments", message: message(self.texts, "file_type_not_allowed") });
        else if (file.size > MAX_BYTES || file.size === 0) problems.push({ field: "attachments", message: message(self.texts, "file_too_large") });
        else self.upload(file, type, key);
      });
      input.value = "";
      if (problems.length) self.errors.show(problems);
    });
  };

  PortalForm.prototype.upload = function (file, type, key) {
    var self = this;
    var texts = this.texts;
    var upload = { id: null, state: "uploading", name: file.name, key: key };
    this.uploads.push(upload);
    var item = document.createElement("li");
    item.className = "portal-upload";
    var label = document.createElement("span");
    var progress = document.createElement("progress");
    progress.max = 100;
    progress.value = 0;
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "portal-button portal-button--secondary";
    remove.textContent = format(texts.remove, { name: file.name });
    remove.addEventListener("click", function () {
      upload.state = "removed";
      item.remove();
    });
    label.textContent = format(texts.uploading, { name: file.name, percent: 0 });
    progress.setAttribute("aria-label", label.textContent);
    item.appendChild(label);
    item.appendChild(progress);
    item.appendChild(remove);
    this.list.appendChild(item);

    var fail = function () {
      upload.state = "rejected";
      progress.remove();
      label.textContent = format(texts.rejected, { name: file.name });
      item.classList.add("portal-upload--rejected");
    };

    fetch("/api/v1/uploads", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", "Accept-Language": LANGUAGE },
      body: JSON.stringify({ content_type: type, size: file.size }),
    })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response); })
      .then(function (form) {
        upload.id = form.upload_id;
        var data = new FormData();
        Object.keys(form.fields).forEach(function (key) { data.append(key, form.fields[key]); });
        data.append("file", file);
        return new Promise(function (resolve, reject) {
          var request = new XMLHttpRequest();
          request.open("POST", form.url);
          request.upload.addEventListener("progress", function (event) {
            if (!event.lengthComputable) return;
            var percent = Math.round((event.loaded / event.total) * 100);
            progress.value = percent;
            label.textContent = format(texts.uploading, { name: file.name, percent: percent });
          });
          request.addEventListener("load", function () {
            return request.status >= 200 && request.status < 300 ? resolve() : reject(request);
          });
          request.addEventListener("error", reject);
          request.send(data);
        });
      })
      .then(async function () {
        upload.state = "checking";
        progress.value = 100;
        label.textContent = format(texts.checking, { name: file.name });
        for (var tries = 0; tries < 40 && upload.state === "checking"; tries++) {
          await sleep(500);
          var response = await fetch("/api/v1/uploads/" + upload.id, { headers: { Accept: "application/json", "Accept-Language": LANGUAGE } });
          if (!response.ok) continue;
          var state = (await response.json()).state;
          if (state === "accepted") {
            upload.state = "accepted";
            progress.remove();
            label.textContent = format(texts.accepted, { name: file.name });
            item.classList.add("portal-upload--accepted");
          } else if (state === "rejected") {
            fail();
          }
        }
        if (upload.state === "checking") fail();
      })
      .catch(function () {
        if (upload.state !== "removed") fail();
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
    errors.show([{ field: "", message: error.message || message(texts, "confirmation_invalid") }]);
  }

  document.querySelectorAll("form[data-portal-form]").forEach(function (form) { new PortalForm(form); });
  document.querySelectorAll("[data-portal-confirmation]").forEach(confirmAddress);
})();
