/* The staff console: sign in through Cognito's JSON API (same origin, /_auth/), list cases,
   open one, get its attachments' links, record a decision. No framework, no third party.
   Every shown string is a gettext msgid: `_("...")` is found by locales/babel.cfg and
   translated at build time into the page's JSON (functions/portal/site/staff_console.py).
   Views live in the address's hash (#/cases?kind=notice, #/case/NT-...), so that the
   browser's back button and the language links keep the view. */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("staff-data").textContent);
  var LANG = DATA.lang;
  // English for readers in the EU: day before month, as the public site writes dates.
  var DATE_LOCALE = LANG === "en" ? "en-IE" : LANG;
  var TOKEN_KEY = "portal.staff.idToken";
  var LANGUAGE_KEY = "portal.staff.language";
  var API = "/api/v1/staff";
  var view = document.getElementById("view");
  var title = document.getElementById("title");
  var account = document.getElementById("account");
  var config = null;

  function _(msgid, params) {
    var text = DATA.strings[msgid] || msgid;
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return params && params[name] !== undefined ? String(params[name]) : whole;
    });
  }

  // --- DOM ------------------------------------------------------------------------------

  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) { return; }
      if (name === "text") { node.textContent = value; }
      else if (name.indexOf("on") === 0) { node.addEventListener(name.slice(2), value); }
      else { node.setAttribute(name, value === true ? "" : value); }
    });
    for (var i = 2; i < arguments.length; i++) { append(node, arguments[i]); }
    return node;
  }

  function append(node, child) {
    if (child === null || child === undefined || child === false) { return; }
    if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return; }
    node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }

  var firstView = true;

  // A new view moves the focus to its heading, except the first: the page has just loaded,
  // and the skip link must stay the first stop.
  function show(heading, content) {
    title.textContent = heading;
    document.title = heading + " – " + _("Staff console");
    view.replaceChildren();
    append(view, content);
    title.setAttribute("tabindex", "-1");
    if (!firstView) { title.focus(); }
    firstView = false;
  }

  function fieldId(path) { return "f-" + path.replace(/[^A-Za-z0-9_-]/g, "-"); }

  function formatTime(iso) {
    if (!iso) { return "—"; }
    var when = new Date(iso);
    if (isNaN(when.getTime())) { return iso; }
    return new Intl.DateTimeFormat(DATE_LOCALE, {
      year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit",
      timeZone: "UTC", timeZoneName: "short"
    }).format(when);
  }

  function formatDate(iso) {
    if (!iso) { return "—"; }
    var when = new Date(iso + (iso.length === 10 ? "T00:00:00Z" : ""));
    if (isNaN(when.getTime())) { return iso; }
    return new Intl.DateTimeFormat(DATE_LOCALE, { dateStyle: "medium", timeZone: "UTC" }).format(when);
  }

  function status(message) {
    return el("p", { "class": "notice", role: "status", text: message });
  }

  // --- labels ---------------------------------------------------------------------------

  var KINDS = {
    notice: _("Notice"), authority_message: _("Authority message"), appeal: _("Appeal")
  };
  var STATUSES = {
    received: _("Received"), awaiting_confirmation: _("Awaiting confirmation"),
    spam: _("Spam"), decided: _("Decided")
  };
  var TEAMS = { legal: _("Legal"), product_safety: _("Product safety") };
  // portal.domain.mail.MailState, and the statements' states (STAFF_CONTRACT.md §3).
  var MAIL_STATES = {
    pending: _("Waiting to be sent"), sent: _("Sent"), held_back: _("Held back"),
    not_needed: _("Not needed"), failed: _("Failed")
  };
  // portal.domain.mail.Template: what each e-mail is; an unknown one shows its code.
  var TEMPLATES = {
    notice_received: _("Acknowledgement of the notice"),
    appeal_received: _("Acknowledgement of the appeal"),
    authority_confirm_address: _("Confirmation of the authority's address"),
    authority_confirm_reminder: _("Reminder to confirm the authority's address"),
    authority_message_received: _("Acknowledgement of the authority's message"),
    notice_decided: _("Decision on the notice"),
    statement_of_reasons: _("Statement of reasons to the author"),
    appeal_decided: _("Decision on the appeal"),
    decision_reversed: _("Reversal of the decision"),
    authority_receipt_confirmed: _("Receipt confirmed to the authority"),
    authority_effect_given: _("Effect given, to the authority"),
    staff_new_case: _("New case, to staff")
  };
  // portal.domain.audit.Action.
  var ACTIONS = {
    viewed: _("Viewed the case"), downloaded_attachment: _("Downloaded an attachment"),
    decided: _("Decided"), reversed: _("Decision reversed by an appeal"),
    recorded_order: _("Recorded what was done about the order"),
    recorded_restoration: _("Recorded the restoration")
  };
  var STATEMENT_STATES = {
    pending: _("Waiting to be submitted"), submitted: _("Submitted"),
    rejected: _("Rejected by the database")
  };
  var OUTCOMES = [
    ["remove", _("Remove")], ["demote", _("Restrict visibility: show lower")],
    ["label", _("Restrict visibility: show with a label")], ["no_action", _("No action")]
  ];
  var AUTOMATION = [
    ["not_automated", _("Not automated")], ["partially", _("Partially automated")],
    ["fully", _("Fully automated")]
  ];
  var LANGUAGE_NAMES = {};
  DATA.languages.forEach(function (pair) { LANGUAGE_NAMES[pair[0]] = pair[1]; });

  function label(map, value) { return map[value] || value || "—"; }

  function codeLabel(map, value) { return map[value] || el("code", { text: value || "—" }); }

  // --- session --------------------------------------------------------------------------

  function claims(token) {
    try {
      var part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      var json = decodeURIComponent(atob(part).split("").map(function (c) {
        return "%" + ("00" + c.charCodeAt(0).toString(16)).slice(-2);
      }).join(""));
      return JSON.parse(json);
    } catch (error) {
      return {};
    }
  }

  function token() {
    var value = sessionStorage.getItem(TOKEN_KEY);
    if (!value) { return null; }
    var exp = claims(value).exp;
    if (exp && exp * 1000 < Date.now()) {
      sessionStorage.removeItem(TOKEN_KEY);
      return null;
    }
    return value;
  }

  function showAccount() {
    account.replaceChildren();
    var current = token();
    if (!current) { return; }
    var who = claims(current).email || claims(current)["cognito:username"] || "";
    append(account, [
      el("span", { text: _("Signed in as {email}", { email: who }) }), " ",
      el("button", { type: "button", "class": "button button--secondary", onclick: signOut, text: _("Sign out") })
    ]);
  }

  function signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
    refreshToken = null;
    showAccount();
    // Without a hashchange event: it would draw the sign-in form again, without the message.
    history.replaceState(null, "", "#/");
    renderSignIn(_("You are signed out."));
  }

  // --- Cognito's JSON API (same origin) ----------------------------------------------------

  function loadConfig() {
    if (config) { return Promise.resolve(config); }
    return fetch("/staff/config.json", { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) { throw new Error("config"); }
      return response.json();
    }).then(function (body) {
      config = {
        clientId: body.client_id || body.clientId || body.user_pool_client_id,
        authPath: body.auth_path || body.endpoint || "/_auth/"
      };
      return config;
    });
  }

  // The operations that name the app client; the TOTP set-up ones take the session only.
  var CLIENT_OPERATIONS = ["InitiateAuth", "RespondToAuthChallenge"];

  function cognito(action, body) {
    return loadConfig().then(function (settings) {
      if (CLIENT_OPERATIONS.indexOf(action) !== -1) { body.ClientId = settings.clientId; }
      return fetch(settings.authPath, {
        method: "POST",
        headers: {
          "Content-Type": "application/x-amz-json-1.1",
          "X-Amz-Target": "AWSCognitoIdentityProviderService." + action
        },
        body: JSON.stringify(body)
      });
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (!response.ok) {
          var type = String(answer.__type || answer.code || "").split("#").pop();
          var error = new Error(type);
          error.type = type;
          throw error;
        }
        return answer;
      });
    });
  }

  var CODE_CHALLENGES = {
    SOFTWARE_TOKEN_MFA: "SOFTWARE_TOKEN_MFA_CODE", SMS_MFA: "SMS_MFA_CODE", EMAIL_OTP: "EMAIL_OTP_CODE"
  };

  function authMessage(error) {
    if (error.type === "NotAuthorizedException" || error.type === "UserNotFoundException") {
      return _("The username or the password is wrong.");
    }
    if (error.type === "CodeMismatchException" || error.type === "ExpiredCodeException") {
      return _("The code is wrong or has expired. Enter the code your app shows now.");
    }
    if (error.type === "InvalidPasswordException") {
      return _("This password is not accepted. Follow the rules under the field.");
    }
    if (error.type === "EnableSoftwareTokenMFAException") {
      return _("The code is wrong or has expired. Enter the code your app shows now.");
    }
    if (error.type === "TooManyRequestsException" || error.type === "LimitExceededException") {
      return _("Too many attempts. Wait a few minutes, then try again.");
    }
    return _("Signing in failed. Try again; if it fails again, tell the portal's administrators.");
  }

  // The refresh token (10 hours) stays in this page's memory only, never in storage: the
  // 15-minute ID token is renewed with it, so staff sign in once per working day, and again
  // after a reload once the ID token has run out.
  var refreshToken = null;

  function renewed() {
    if (!refreshToken) { return Promise.resolve(null); }
    return cognito("InitiateAuth", {
      AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: refreshToken }
    }).then(function (answer) {
      var result = answer.AuthenticationResult || {};
      if (!result.IdToken) { return null; }
      sessionStorage.setItem(TOKEN_KEY, result.IdToken);
      return result.IdToken;
    }, function () {
      refreshToken = null;
      return null;
    });
  }

  function signedIn(answer) {
    sessionStorage.setItem(TOKEN_KEY, answer.AuthenticationResult.IdToken);
    refreshToken = answer.AuthenticationResult.RefreshToken || refreshToken;
    showAccount();
    if (!location.hash || location.hash === "#/" || location.hash === "#") {
      location.hash = "#/cases";
    } else {
      route();
    }
  }

  function afterAuth(answer, username) {
    if (answer.AuthenticationResult) { signedIn(answer); return; }
    if (CODE_CHALLENGES[answer.ChallengeName]) { renderCode(answer, username); return; }
    if (answer.ChallengeName === "NEW_PASSWORD_REQUIRED") { renderNewPassword(answer, username); return; }
    if (answer.ChallengeName === "MFA_SETUP") { renderMfaSetup(answer, username); return; }
    renderSignIn(_("This account needs a step the console does not support. Ask the portal's administrators to set up the account."));
  }

  // --- forms: fields, error summary ------------------------------------------------------

  function field(path, labelText, control, hint) {
    var id = control.id || fieldId(path);
    control.id = id;
    if (!control.name) { control.name = path; }
    var hintNode = hint ? el("p", { "class": "hint", id: id + "-hint", text: hint }) : null;
    if (hintNode) { control.setAttribute("aria-describedby", hintNode.id); }
    return el("div", { "class": "field", "data-field": path },
      el("label", { "for": id, text: labelText }), hintNode, el("p", { "class": "field-error", id: id + "-error", hidden: true }), control);
  }

  function choiceGroup(path, legend, type, options, checked) {
    var inputs = options.map(function (option, index) {
      var id = fieldId(path) + "-" + index;
      var input = el("input", {
        type: type, id: id, name: path, value: option[0],
        checked: (Array.isArray(checked) ? checked.indexOf(option[0]) !== -1 : checked === option[0])
      });
      return el("div", { "class": "choice" }, input, el("label", { "for": id, text: option[1] }));
    });
    return el("fieldset", { "class": "field", id: fieldId(path), "data-field": path, tabindex: "-1" },
      el("legend", { text: legend }), el("p", { "class": "field-error", id: fieldId(path) + "-error", hidden: true }), inputs);
  }

  function select(path, options, chosen, multiple) {
    var node = el("select", { id: fieldId(path), name: path, multiple: !!multiple, size: multiple ? "6" : null });
    options.forEach(function (option) {
      var selected = Array.isArray(chosen) ? chosen.indexOf(option[0]) !== -1 : chosen === option[0];
      append(node, el("option", { value: option[0], selected: selected, text: option[1] }));
    });
    return node;
  }

  function clearErrors(form) {
    form.querySelectorAll(".field--error").forEach(function (node) { node.classList.remove("field--error"); });
    form.querySelectorAll(".field-error").forEach(function (node) { node.hidden = true; node.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach(function (node) {
      node.removeAttribute("aria-invalid");
      var hint = node.id && document.getElementById(node.id + "-hint");
      if (hint) { node.setAttribute("aria-describedby", hint.id); } else { node.removeAttribute("aria-describedby"); }
    });
    var summary = form.parentNode.querySelector(".error-summary");
    if (summary) { summary.remove(); }
  }

  // The closest field the form has for an API path: reviews.0.ground.criteria.1 -> criteria.
  function fieldFor(form, path) {
    var parts = path.split(".");
    while (parts.length) {
      var node = form.querySelector('[data-field="' + parts.join(".") + '"]');
      if (node) { return node; }
      parts.pop();
    }
    return null;
  }

  // What the summary calls a field: its label or legend, after its review's number.
  function fieldName(box) {
    var caption = box.tagName === "FIELDSET" ? box.querySelector("legend") : box.querySelector("label");
    var review = box.closest("fieldset.review");
    var name = review === box ? "" : (caption ? caption.textContent : "");
    if (!review) { return name; }
    var title = review.getAttribute("data-title");
    return name ? _("{review}, {field}", { review: title, field: name }) : title;
  }

  function showErrors(form, heading, items) {
    clearErrors(form);
    var list = el("ul");
    items.forEach(function (item) {
      var box = item.field ? fieldFor(form, item.field) : null;
      if (!box) { append(list, el("li", { text: item.message })); return; }
      box.classList.add("field--error");
      // A field folded away in a <details> is shown, so that its message and link work.
      var folded = box.closest("details");
      if (folded) { folded.open = true; }
      var message = box.querySelector(".field-error");
      message.hidden = false;
      message.textContent = message.textContent ? message.textContent + " " + item.message : item.message;
      // A group's message sits under its legend; a single control is marked and described.
      var target = box.querySelector("input, select, textarea") || box;
      if (box.tagName !== "FIELDSET") {
        target.setAttribute("aria-invalid", "true");
        var described = [message.id];
        var hint = document.getElementById(target.id + "-hint");
        if (hint) { described.push(hint.id); }
        target.setAttribute("aria-describedby", described.join(" "));
      }
      append(list, el("li", {}, el("a", { href: "#" + target.id, text: _("{field}: {message}", { field: fieldName(box), message: item.message }), onclick: function (event) {
        event.preventDefault();
        target.focus();
      } })));
    });
    var summary = el("div", { "class": "error-summary", role: "alert", tabindex: "-1", "aria-labelledby": "error-summary-title" },
      el("h2", { id: "error-summary-title", text: heading }), list);
    form.parentNode.insertBefore(summary, form);
    summary.focus();
  }

  function busy(form, on) {
    form.querySelectorAll("button").forEach(function (button) { button.disabled = on; });
    form.setAttribute("aria-busy", on ? "true" : "false");
  }

  // --- sign in ---------------------------------------------------------------------------

  function renderSignIn(message) {
    var username = el("input", { type: "text", autocomplete: "username", spellcheck: "false", autocapitalize: "none" });
    var password = el("input", { type: "password", autocomplete: "current-password" });
    var form = el("form", { novalidate: true, "class": "form" },
      field("username", _("Username"), username),
      field("password", _("Password"), password),
      el("button", { type: "submit", "class": "button", text: _("Sign in") }));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var missing = [];
      if (!username.value.trim()) { missing.push({ field: "username", message: _("Enter your username.") }); }
      if (!password.value) { missing.push({ field: "password", message: _("Enter your password.") }); }
      if (missing.length) { showErrors(form, _("There is a problem"), missing); return; }
      busy(form, true);
      cognito("InitiateAuth", {
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: username.value.trim(), PASSWORD: password.value }
      }).then(function (answer) {
        afterAuth(answer, username.value.trim());
      }, function (error) {
        busy(form, false);
        showErrors(form, _("There is a problem"), [{ field: "password", message: authMessage(error) }]);
      });
    });
    show(_("Sign in"), [message ? status(message) : null, form]);
  }

  // One step of signing in: a field, Continue, then Cognito's next step or its error.
  function authStep(username, path, labelText, control, hint, check, request) {
    var form = el("form", { novalidate: true, "class": "form" },
      field(path, labelText, control, hint),
      el("button", { type: "submit", "class": "button", text: _("Continue") }));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var given = control.type === "password" ? control.value : control.value.trim();
      var problem = check(given);
      if (problem) {
        showErrors(form, _("There is a problem"), [{ field: path, message: problem }]);
        return;
      }
      busy(form, true);
      request(given).then(function (answer) {
        afterAuth(answer, username);
      }, function (error) {
        busy(form, false);
        showErrors(form, _("There is a problem"), [{ field: path, message: authMessage(error) }]);
      });
    });
    return form;
  }

  function codeInput() {
    return el("input", { type: "text", inputmode: "numeric", autocomplete: "one-time-code", maxlength: "8", "class": "input--short" });
  }

  function checkCode(code) { return /^[0-9]{6}$/.test(code) ? null : _("Enter the 6-digit code."); }

  function renderCode(challenge, username) {
    show(_("Enter your code"), authStep(username, "code", _("Code"), codeInput(),
      _("The 6-digit code your authenticator app shows for this account."), checkCode, function (code) {
        var responses = { USERNAME: challenge.ChallengeParameters && challenge.ChallengeParameters.USER_ID_FOR_SRP || username };
        responses[CODE_CHALLENGES[challenge.ChallengeName]] = code;
        return cognito("RespondToAuthChallenge", {
          ChallengeName: challenge.ChallengeName, Session: challenge.Session, ChallengeResponses: responses
        });
      }));
  }

  // A new account's first sign-in: it chose no password yet (created with a temporary one).
  function renderNewPassword(challenge, username) {
    var password = el("input", { type: "password", autocomplete: "new-password" });
    // The rules of StaffUserPool's PasswordPolicy (infra/template.yaml): keep them alike.
    var rules = _("At least 14 characters, with upper-case and lower-case letters, digits and a symbol.");
    show(_("Choose a new password"), authStep(username, "new_password", _("New password"), password, rules,
      function (value) { return value ? null : _("Enter a new password."); },
      function (value) {
        return cognito("RespondToAuthChallenge", {
          ChallengeName: "NEW_PASSWORD_REQUIRED", Session: challenge.Session,
          ChallengeResponses: { USERNAME: username, NEW_PASSWORD: value }
        });
      }));
  }

  // MFA is required: an account without an authenticator app adds one before it signs in.
  function renderMfaSetup(challenge, username) {
    cognito("AssociateSoftwareToken", { Session: challenge.Session }).then(function (association) {
      var key = String(association.SecretCode || "").replace(/(.{4})/g, "$1 ").trim();
      var form = authStep(username, "code", _("Code"), codeInput(),
        _("The 6-digit code your authenticator app shows for this account."), checkCode, function (code) {
          return cognito("VerifySoftwareToken", {
            Session: association.Session, UserCode: code, FriendlyDeviceName: _("Staff console")
          }).then(function (verified) {
            return cognito("RespondToAuthChallenge", {
              ChallengeName: "MFA_SETUP", Session: verified.Session, ChallengeResponses: { USERNAME: username }
            });
          });
        });
      show(_("Set up your authenticator app"), [
        el("p", { text: _("Your account needs a code from an authenticator app at each sign-in. Add this key to the app, then enter the code it shows.") }),
        pairs([[_("Key"), el("code", { "class": "secret", text: key })]]),
        form
      ]);
    }, function (error) {
      renderSignIn(authMessage(error));
    });
  }

  // --- the staff API -----------------------------------------------------------------------

  function ended() {
    sessionStorage.removeItem(TOKEN_KEY);
    refreshToken = null;
    showAccount();
    renderSignIn(_("Your session has ended. Sign in again."));
    return new Error("signed out");
  }

  function api(path, options, retried) {
    var current = token();
    if (!current) {
      return renewed().then(function (fresh) {
        if (!fresh) { throw ended(); }
        return api(path, options, true);
      });
    }
    var init = options || {};
    init.headers = { Authorization: "Bearer " + current, "Accept-Language": LANG, Accept: "application/json" };
    if (init.body) { init.headers["Content-Type"] = "application/json"; }
    return fetch(API + path, init).then(function (response) {
      if (response.status === 401) {
        sessionStorage.removeItem(TOKEN_KEY);
        if (!retried && refreshToken) { return api(path, options, true); }
        throw ended();
      }
      return response.json().catch(function () { return {}; }).then(function (body) {
        return { status: response.status, ok: response.ok, body: body };
      });
    });
  }

  function apiError(answer) {
    var error = answer.body && answer.body.error;
    if (answer.status === 403) { return _("Your account may not see this. Cases of the other team are not shown to you."); }
    if (answer.status === 404) { return _("There is no such case, or it belongs to the other team."); }
    if (error && error.message) { return error.message; }
    return _("Something went wrong. Try again in a moment.");
  }

  function failure(heading, message) {
    show(heading, [el("div", { "class": "error-summary", role: "alert" }, el("p", { text: message })),
      el("p", {}, el("a", { href: "#/cases", text: _("Back to the cases") }))]);
  }

  // --- case list -------------------------------------------------------------------------

  function parseQuery(text) {
    var query = {};
    new URLSearchParams(text || "").forEach(function (value, key) { query[key] = value; });
    return query;
  }

  function listHash(query) {
    var params = new URLSearchParams();
    ["kind", "status", "received_from", "received_to", "cursor"].forEach(function (key) {
      if (query[key]) { params.set(key, query[key]); }
    });
    return "#/cases?" + params.toString();
  }

  function renderList(query) {
    var filters = {
      kind: query.kind || "notice", status: query.status || "received",
      received_from: query.received_from || "", received_to: query.received_to || ""
    };
    var params = new URLSearchParams({ kind: filters.kind, status: filters.status, limit: "25" });
    if (filters.received_from) { params.set("received_from", filters.received_from); }
    if (filters.received_to) { params.set("received_to", filters.received_to); }
    if (query.cursor) { params.set("cursor", query.cursor); }
    api("/cases?" + params.toString()).then(function (answer) {
      var form = el("form", { novalidate: true, "class": "filters", "aria-label": _("Filters") },
        field("kind", _("Kind"), select("kind", Object.keys(KINDS).map(function (k) { return [k, KINDS[k]]; }), filters.kind)),
        field("status", _("Status"), select("status", Object.keys(STATUSES).map(function (k) { return [k, STATUSES[k]]; }), filters.status)),
        field("received_from", _("Received from"), el("input", { type: "date", value: filters.received_from })),
        field("received_to", _("Received until"), el("input", { type: "date", value: filters.received_to })),
        el("button", { type: "submit", "class": "button", text: _("Apply the filters") }));
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        location.hash = listHash({
          kind: form.elements.kind.value, status: form.elements.status.value,
          received_from: form.elements.received_from.value, received_to: form.elements.received_to.value
        });
      });
      var fields = (answer.body.error || {}).fields || [];
      if (answer.status === 422 && fields.length) {
        show(_("Cases"), form);
        showErrors(form, _("There is a problem"), fields);
        return;
      }
      if (!answer.ok) {
        show(_("Cases"), [form, el("div", { "class": "error-summary", role: "alert" }, el("p", { text: apiError(answer) }))]);
        return;
      }
      var cases = answer.body.cases || [];
      var rows = cases.map(function (item) {
        return el("tr", {},
          el("th", { scope: "row" }, el("a", { href: "#/case/" + encodeURIComponent(item.reference), text: item.reference })),
          el("td", { text: label(KINDS, item.kind) }),
          el("td", { text: label(STATUSES, item.status) }),
          el("td", { text: formatTime(item.received_at) }),
          el("td", { text: label(LANGUAGE_NAMES, item.language) }),
          el("td", { text: label(TEAMS, item.routing) + (item.translation_needed ? " · " + _("translation needed") : "") }),
          el("td", { text: formatTime(item.decided_at) }));
      });
      var table = cases.length ? el("table", { "class": "table" },
        el("caption", { text: _("{kind}: {status}", { kind: label(KINDS, filters.kind), status: label(STATUSES, filters.status) }) }),
        el("thead", {}, el("tr", {}, [_("Reference"), _("Kind"), _("Status"), _("Received"), _("Language"), _("Team"), _("Decided")].map(function (h) {
          return el("th", { scope: "col", text: h });
        }))),
        el("tbody", {}, rows)) : el("p", { text: _("No case matches these filters.") });
      var pages = el("nav", { "class": "pages", "aria-label": _("Pages") },
        query.cursor ? el("a", { href: listHash(filters), text: _("First page") }) : null, " ",
        answer.body.next_cursor ? el("a", { href: listHash(Object.assign({}, filters, { cursor: answer.body.next_cursor })), text: _("Next page") }) : null);
      show(_("Cases"), [form, table, pages, lookupForm(),
        el("p", {}, el("a", { href: "#/report-drafts", text: _("Transparency report drafts") }))]);
    }).catch(function () {});
  }

  // As portal.domain.references.normalize_reference reads what a person typed: any case,
  // spaces or dashes, O for 0, I or L for 1 (the API checks the check character).
  function canonicalReference(text) {
    var compact = text.toUpperCase().replace(/[\s-]/g, "");
    var body = compact.slice(2).replace(/O/g, "0").replace(/[IL]/g, "1");
    if (compact.length !== 10) { return compact; }
    return compact.slice(0, 2) + "-" + body.slice(0, 4) + "-" + body.slice(4);
  }

  // Staff often have a reference at hand (an e-mail, a call): open that case directly.
  function lookupForm() {
    var input = el("input", { type: "text", spellcheck: "false", autocomplete: "off", "class": "input--medium" });
    var form = el("form", { novalidate: true, "class": "form", "aria-label": _("Open a case") },
      field("reference", _("Reference of a case"), input, _("For example NT-7KQ4-M2XD.")),
      el("button", { type: "submit", "class": "button button--secondary", text: _("Open the case") }));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var reference = canonicalReference(input.value);
      if (!reference) {
        showErrors(form, _("There is a problem"), [{ field: "reference", message: _("Enter a case reference.") }]);
        return;
      }
      location.hash = "#/case/" + encodeURIComponent(reference);
    });
    return form;
  }

  // --- case page --------------------------------------------------------------------------

  function pairs(items) {
    return el("dl", { "class": "pairs" }, items.map(function (item) {
      return [el("dt", { text: item[0] }), el("dd", {}, item[1])];
    }));
  }

  function valueNode(value) {
    if (value === null || value === undefined || value === "") { return "—"; }
    if (Array.isArray(value)) {
      if (!value.length) { return "—"; }
      return el("ul", {}, value.map(function (item) { return el("li", {}, valueNode(item)); }));
    }
    if (typeof value === "object") {
      return el("dl", { "class": "pairs pairs--nested" }, Object.keys(value).map(function (key) {
        return [el("dt", {}, el("code", { text: key })), el("dd", {}, valueNode(value[key]))];
      }));
    }
    if (typeof value === "boolean") { return value ? _("Yes") : _("No"); }
    return String(value);
  }

  function section(heading, id, content) {
    return el("section", { "aria-labelledby": id }, el("h2", { id: id, text: heading }), content);
  }

  function table(caption, headings, rows, empty) {
    if (!rows.length) { return el("p", { text: empty }); }
    return el("table", { "class": "table" }, el("caption", { "class": "visually-hidden", text: caption }),
      el("thead", {}, el("tr", {}, headings.map(function (h) { return el("th", { scope: "col", text: h }); }))),
      el("tbody", {}, rows.map(function (cells) {
        return el("tr", {}, cells.map(function (cell) { return el("td", {}, cell); }));
      })));
  }

  function attachmentItem(reference, attachment) {
    var number = attachment.index + 1;
    var slot = el("li");
    var button = el("button", { type: "button", "class": "button button--secondary", text: _("Get a download link for attachment {number}", { number: number }) });
    button.addEventListener("click", function () {
      button.disabled = true;
      api("/cases/" + encodeURIComponent(reference) + "/attachments/" + attachment.index).then(function (answer) {
        if (!answer.ok) {
          button.disabled = false;
          slot.replaceChildren(button, el("p", { "class": "field-error", role: "alert", text: apiError(answer) }));
          return;
        }
        var link = el("a", { href: answer.body.url, rel: "noreferrer", text: _("Download attachment {number}", { number: number }) });
        slot.replaceChildren(link, " ", el("span", { "class": "hint", text: _("(link valid until {time})", { time: formatTime(answer.body.expires_at) }) }));
        link.focus();
      }).catch(function () {});
    });
    slot.appendChild(button);
    return slot;
  }

  function renderCase(reference, notice) {
    api("/cases/" + encodeURIComponent(reference)).then(function (answer) {
      if (!answer.ok) { failure(_("Case {reference}", { reference: reference }), apiError(answer)); return; }
      showCase(answer.body, notice);
    }).catch(function () {});
  }

  function showCase(body, notice) {
    var item = body.case;
    var timings = item.timings || {};
    var content = [
      notice ? status(notice) : null,
      el("p", {}, el("a", { href: "#/cases?kind=" + item.kind, text: _("Back to the cases") })),
      pairs([
        [_("Kind"), label(KINDS, item.kind)], [_("Status"), label(STATUSES, item.status)],
        [_("Received"), formatTime(item.received_at)],
        [_("Case language"), label(LANGUAGE_NAMES, item.language)],
        [_("Team"), label(TEAMS, item.routing)],
        [_("Translation needed"), valueNode(!!item.translation_needed)],
        item.details && item.details.contested_case ? [_("Contested case"), el("a", {
          href: "#/case/" + encodeURIComponent(item.details.contested_case), text: item.details.contested_case
        })] : null
      ].filter(Boolean)),
      section(_("Details as submitted"), "details", valueNode(item.details || {})),
      section(_("Attachments"), "attachments", (item.attachments || []).length
        ? [el("p", { "class": "hint", text: _("Each link works for a few minutes only; getting one is recorded in the history.") }),
          el("ul", { "class": "attachments" }, item.attachments.map(function (a) { return attachmentItem(item.reference, a); }))]
        : el("p", { text: _("No attachment.") })),
      section(_("Timings"), "timings", pairs([
        [_("Received"), formatTime(timings.received_at)], [_("Acknowledged"), formatTime(timings.acknowledged_at)],
        [_("Decided"), formatTime(timings.decided_at)], [_("People concerned informed"), formatTime(timings.informed_at)]
      ])),
      section(_("Decision"), "decision", item.decision ? valueNode(item.decision) : el("p", { text: _("Not decided yet.") })),
      section(_("E-mails sent"), "mails", table(_("E-mails sent"), [_("E-mail"), _("To"), _("Language"), _("State"), _("Sent")],
        (body.mails || []).map(function (m) {
          return [codeLabel(TEMPLATES, m.template), m.to, label(LANGUAGE_NAMES, m.language), label(MAIL_STATES, m.state), formatTime(m.sent_at)];
        }), _("No e-mail sent."))),
      section(_("Statements of reasons"), "statements", table(_("Statements of reasons"), [_("PUID"), _("State"), _("Queued"), _("Submitted"), _("Message from the Transparency Database")],
        (body.statements || []).map(function (s) {
          return [el("code", { text: s.puid }), label(STATEMENT_STATES, s.state), formatTime(s.queued_at), formatTime(s.submitted_at), s.database_message || "—"];
        }), _("No statement of reasons."))),
      section(_("History"), "history", table(_("History"), [_("When"), _("Who"), _("Action"), _("Detail")],
        (body.history || []).map(function (h) {
          return [formatTime(h.at), h.actor, codeLabel(ACTIONS, h.action), valueNode(h.detail)];
        }), _("No history yet.")))
    ];
    // A notice or an appeal is decided once (409 after); an authority message's record grows.
    if (!item.decision || item.kind === "authority_message") {
      content.push(section(_("Record a decision"), "record", decisionForm(item)));
    }
    // The restoration is recorded on the notice whose decision an upheld appeal reversed.
    var reversal = item.decision && item.decision.reversal;
    if (item.kind === "notice" && reversal && !reversal.restored_at) {
      content.push(section(_("Record the restoration"), "restoration", restorationForm(item)));
    }
    show(_("Case {reference}", { reference: item.reference }), content);
  }

  // --- decision forms ---------------------------------------------------------------------

  function textarea(rows) { return el("textarea", { rows: String(rows || 4) }); }

  function reviewBlock(caseItem, location, index) {
    var p = "reviews." + index;
    var basis = (caseItem.details.grounds && caseItem.details.grounds.basis) || "review_rules";
    var countries = DATA.countries.map(function (pair) { return [pair[0], pair[1]]; });
    return el("fieldset", { "class": "review", "data-field": p, id: fieldId(p), tabindex: "-1", "data-title": _("Review {number}", { number: index + 1 }) },
      el("legend", { text: _("Review {number}: {location}", { number: index + 1, location: location }) }),
      el("p", { "class": "field-error", id: fieldId(p) + "-error", hidden: true }),
      choiceGroup(p + ".outcome", _("Outcome"), "radio", OUTCOMES, null),
      el("fieldset", { "class": "field", "data-field": p + ".ground", id: fieldId(p + ".ground"), tabindex: "-1" },
        el("legend", { text: _("Ground (for a removal or a restriction)") }),
        el("p", { "class": "field-error", id: fieldId(p + ".ground") + "-error", hidden: true }),
        choiceGroup(p + ".ground.basis", _("Basis"), "radio",
          [["review_rules", _("Incompatible with the review rules")], ["illegal_content", _("Illegal content")]], basis),
        choiceGroup(p + ".ground.criteria", _("Criteria of the review rules"), "checkbox", DATA.criteria, []),
        field(p + ".ground.legal_ground", _("Legal ground (for illegal content)"), el("input", { type: "text" })),
        field(p + ".ground.explanation", _("Explanation of the ground"), textarea(3),
          _("Published in the Transparency Database: no names, e-mail addresses, order numbers or quotes of the review."))),
      field(p + ".facts", _("Facts and circumstances"), textarea(4),
        _("Published in the Transparency Database: no names, e-mail addresses, order numbers or quotes of the review.")),
      el("div", { "class": "field choice", "data-field": p + ".automated_detection" },
        el("input", { type: "checkbox", id: fieldId(p + ".automated_detection"), name: p + ".automated_detection" }),
        el("label", { "for": fieldId(p + ".automated_detection"), text: _("The review was detected by automated means") }),
        el("p", { "class": "field-error", id: fieldId(p + ".automated_detection") + "-error", hidden: true })),
      field(p + ".automated_decision", _("Automation of the decision"), select(p + ".automated_decision", AUTOMATION, "not_automated")),
      el("details", { "class": "more" }, el("summary", { text: _("Territorial scope, Transparency Database category and keywords") }),
        choiceGroup(p + ".territorial_scope", _("Territorial scope"), "checkbox", countries, DATA.eu_countries),
        field(p + ".category", _("Category"), select(p + ".category", [["", _("Default from the ground")]].concat(DATA.categories.map(function (c) { return [c, c]; })), ""),
          _("Left to the default unless you choose one.")),
        field(p + ".keywords", _("Keywords"), select(p + ".keywords", DATA.keywords.map(function (k) { return [k, k]; }), [], true),
          _("None chosen: the ground's defaults.")),
        field(p + ".keyword_other", _("Other keyword, described"), el("input", { type: "text" }))),
      field(p + ".published_on", _("Date the review was published"), el("input", { type: "date" }),
        _("From the marketplace's back office; needed for a removal or a restriction.")),
      el("div", { "class": "field choice", "data-field": p + ".has_photos" },
        el("input", { type: "checkbox", id: fieldId(p + ".has_photos"), name: p + ".has_photos" }),
        el("label", { "for": fieldId(p + ".has_photos"), text: _("The review has photos") })),
      field(p + ".restricted_until", _("Restricted until (empty: indefinitely)"), el("input", { type: "date" })),
      field(p + ".author_email", _("Author's e-mail address"), el("input", { type: "email", autocomplete: "off", spellcheck: "false" }),
        _("From the marketplace's back office, when the case lacks it: the statement of reasons is sent there.")),
      field(p + ".author_language", _("Author's language"), select(p + ".author_language",
        [["", _("The language of the review's site")]].concat(DATA.languages), "")),
      field(p + ".author_account", _("Author's account"), select(p + ".author_account",
        [["", _("Not known")], ["private", _("Private buyer")], ["business", _("Business buyer")]], "")));
  }

  function value(form, name) {
    var node = form.elements.namedItem(name);
    if (!node) { return ""; }
    if (node instanceof RadioNodeList) { return node.value; }
    if (node.type === "checkbox") { return node.checked; }
    return node.value.trim();
  }

  function checkedValues(form, name) {
    return Array.prototype.filter.call(form.querySelectorAll('input[name="' + name + '"]'), function (box) {
      return box.checked;
    }).map(function (box) { return box.value; });
  }

  function noticeBody(form, count) {
    var reviews = [];
    for (var i = 0; i < count; i++) {
      var p = "reviews." + i + ".";
      var review = {
        review: i + 1, facts: value(form, p + "facts"),
        automated_detection: value(form, p + "automated_detection"),
        automated_decision: value(form, p + "automated_decision"),
        territorial_scope: checkedValues(form, p + "territorial_scope"),
        has_photos: value(form, p + "has_photos")
      };
      if (value(form, p + "outcome")) { review.outcome = value(form, p + "outcome"); }
      var basis = value(form, p + "ground.basis");
      var explanation = value(form, p + "ground.explanation");
      var criteria = checkedValues(form, p + "ground.criteria");
      var legal = value(form, p + "ground.legal_ground");
      var restrictive = review.outcome && review.outcome !== "no_action";
      if (restrictive || explanation || criteria.length || legal) {
        review.ground = basis === "illegal_content"
          ? { basis: basis, legal_ground: legal, explanation: explanation }
          : { basis: "review_rules", criteria: criteria, explanation: explanation };
      }
      var keywords = Array.prototype.map.call(form.elements.namedItem(p + "keywords").selectedOptions, function (o) { return o.value; });
      if (keywords.length) { review.keywords = keywords; }
      ["category", "keyword_other", "published_on", "restricted_until", "author_email", "author_language", "author_account"].forEach(function (name) {
        if (value(form, p + name)) { review[name] = value(form, p + name); }
      });
      reviews.push(review);
    }
    return { reviews: reviews };
  }

  // POST a form's body; 2xx shows the case again, 409 and 422 show what is wrong.
  function submit(form, path, body, done) {
    busy(form, true);
    api(path, { method: "POST", body: JSON.stringify(body) }).then(function (answer) {
      busy(form, false);
      if (answer.ok) { showCase(answer.body, done); return; }
      if (answer.status === 409) {
        showErrors(form, _("There is a problem"), [{ message: _("This case is already decided: reload it to see the decision. Only an upheld appeal changes a decision.") }]);
        return;
      }
      var error = answer.body.error || {};
      var fields = (error.fields || []).length ? error.fields : [{ message: apiError(answer) }];
      showErrors(form, _("There is a problem"), fields);
    }).catch(function () { busy(form, false); });
  }

  function isoTime(local) { return local ? new Date(local).toISOString() : undefined; }

  function decisionForm(item) {
    var form = el("form", { novalidate: true, "class": "form form--wide" });
    var build;
    if (item.kind === "notice") {
      var reviews = (item.details && item.details.reviews) || [];
      reviews.forEach(function (review, index) {
        append(form, reviewBlock(item, String(review.url || review.review_id || ""), index));
      });
      build = function () { return noticeBody(form, reviews.length); };
    } else if (item.kind === "appeal") {
      append(form, [
        choiceGroup("outcome", _("Outcome"), "radio", [["upheld", _("Upheld: the contested decision is reversed")], ["rejected", _("Rejected: the decision stands")]], null),
        field("reasons", _("Reasons"), textarea(5), _("Sent to the appellant, in the case's language."))
      ]);
      build = function () {
        var body = { reasons: value(form, "reasons") };
        if (value(form, "outcome")) { body.outcome = value(form, "outcome"); }
        return body;
      };
    } else {
      append(form, [
        el("p", { "class": "hint", text: _("Times are your computer's local time. Leave a time empty to record the present time.") }),
        field("receipt_confirmed_at", _("Receipt confirmed to the authority at"), el("input", { type: "datetime-local" })),
        field("effect", _("Effect given to the order"), textarea(3)),
        field("effect_given_at", _("Effect given at"), el("input", { type: "datetime-local" })),
        el("div", { "class": "field choice", "data-field": "user_informed" },
          el("input", { type: "checkbox", id: fieldId("user_informed"), name: "user_informed" }),
          el("label", { "for": fieldId("user_informed"), text: _("The user concerned was informed") }),
          el("p", { "class": "field-error", id: fieldId("user_informed") + "-error", hidden: true })),
        field("user_informed_at", _("User informed at"), el("input", { type: "datetime-local" }))
      ]);
      build = function () {
        var body = { user_informed: value(form, "user_informed") };
        if (value(form, "effect")) { body.effect = value(form, "effect"); }
        ["receipt_confirmed_at", "effect_given_at", "user_informed_at"].forEach(function (name) {
          if (value(form, name)) { body[name] = isoTime(value(form, name)); }
        });
        return body;
      };
    }
    append(form, el("button", { type: "submit", "class": "button", text: _("Record the decision") }));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submit(form, "/cases/" + encodeURIComponent(item.reference) + "/decisions", build(), _("The decision is recorded."));
    });
    return form;
  }

  // An upheld appeal reversed the decision: staff record when the review was shown again.
  function restorationForm(item) {
    var form = el("form", { novalidate: true, "class": "form" },
      field("restored_at", _("Shown again on the marketplace at"), el("input", { type: "datetime-local" }),
        _("Your computer's local time.")),
      el("button", { type: "submit", "class": "button", text: _("Record the restoration") }));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var at = value(form, "restored_at");
      if (!at) {
        showErrors(form, _("There is a problem"), [{ field: "restored_at", message: _("Enter when the review was shown again.") }]);
        return;
      }
      submit(form, "/cases/" + encodeURIComponent(item.reference) + "/restoration",
        { restored_at: isoTime(at) }, _("The restoration is recorded."));
    });
    return form;
  }

  // --- transparency report drafts -----------------------------------------------------------

  // portal.domain.report_drafts.DraftStatus.
  var DRAFT_STATUSES = { exporting: _("Being made"), ready: _("Ready"), failed: _("Failed") };

  function draftForm() {
    var form = el("form", { novalidate: true, "class": "form", "aria-label": _("Ask for a draft") },
      field("from", _("First day"), el("input", { type: "date" })),
      field("to", _("Last day"), el("input", { type: "date" }),
        _("At most a year, up to today. The draft is ready some minutes later; you will get an e-mail.")),
      el("button", { type: "submit", "class": "button", text: _("Ask for a draft") }));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var period = { from: form.querySelector("#f-from").value, to: form.querySelector("#f-to").value };
      var missing = [];
      if (!period.from) { missing.push({ field: "from", message: _("Enter the first day.") }); }
      if (!period.to) { missing.push({ field: "to", message: _("Enter the last day.") }); }
      if (missing.length) { showErrors(form, _("There is a problem"), missing); return; }
      busy(form, true);
      api("/report-drafts", { method: "POST", body: JSON.stringify(period) }).then(function (answer) {
        busy(form, false);
        if (answer.ok) { renderDrafts(_("The draft is being made: you will get an e-mail when it is ready.")); return; }
        var error = answer.body.error || {};
        var fields = (error.fields || []).length ? error.fields : [{ message: error.message || apiError(answer) }];
        showErrors(form, _("There is a problem"), fields);
      }).catch(function () { busy(form, false); });
    });
    return form;
  }

  function renderDrafts(notice) {
    api("/report-drafts").then(function (answer) {
      var back = el("p", {}, el("a", { href: "#/cases", text: _("Back to the cases") }));
      if (!answer.ok) {
        var error = answer.body.error || {};
        show(_("Transparency report drafts"), [el("div", { "class": "error-summary", role: "alert" },
          el("p", { text: error.message || apiError(answer) })), back]);
        return;
      }
      var drafts = answer.body.drafts || [];
      var rows = drafts.map(function (draft) {
        var files = (draft.files || []).map(function (file) {
          return el("li", {}, el("a", { href: file.url, download: file.name, text: file.name }));
        });
        return el("tr", {},
          el("th", { scope: "row", text: _("{start} to {end}", { start: formatDate(draft.from), end: formatDate(draft.to) }) }),
          el("td", { text: label(DRAFT_STATUSES, draft.status) + (draft.failure ? " · " + draft.failure : "") }),
          el("td", { text: formatTime(draft.requested_at) }),
          el("td", {}, files.length ? el("ul", { "class": "files" }, files) : "—"));
      });
      var table = drafts.length ? el("table", { "class": "table" },
        el("caption", { text: _("Drafts, newest first. The download links work for five minutes: reload the page for new ones.") }),
        el("thead", {}, el("tr", {}, [_("Period"), _("Status"), _("Asked on"), _("Files")].map(function (h) {
          return el("th", { scope: "col", text: h });
        }))),
        el("tbody", {}, rows)) : el("p", { text: _("No draft yet.") });
      show(_("Transparency report drafts"), [notice ? status(notice) : null, table,
        el("h2", { text: _("Ask for a draft") }), draftForm(), back]);
    }).catch(function () {});
  }

  // --- routing ---------------------------------------------------------------------------

  function route() {
    if (!token()) { renderSignIn(); return; }
    var hash = location.hash.replace(/^#/, "");
    var match = /^\/case\/([^?]+)/.exec(hash);
    if (match) { renderCase(decodeURIComponent(match[1])); return; }
    if (/^\/report-drafts/.test(hash)) { renderDrafts(); return; }
    var query = hash.indexOf("?") !== -1 ? hash.slice(hash.indexOf("?") + 1) : "";
    renderList(parseQuery(query));
  }

  // The staff language is a choice kept in this browser: /staff/ (the source language's
  // address, which bookmarks hold) opens in the language last chosen. The links keep the view.
  var links = document.querySelectorAll("[data-staff-language]");
  var chosen = localStorage.getItem(LANGUAGE_KEY);
  var source = links.length ? links[0].getAttribute("lang") : LANG;
  if (LANG === source && chosen && chosen !== LANG) {
    var preferred = document.querySelector('[data-staff-language][lang="' + chosen + '"]');
    if (preferred) { location.replace(preferred.getAttribute("href") + location.hash); return; }
  }
  links.forEach(function (link) {
    link.addEventListener("click", function () {
      localStorage.setItem(LANGUAGE_KEY, link.getAttribute("lang"));
      link.href = link.getAttribute("href").split("#")[0] + location.hash;
    });
  });
  // Only views' hashes (#/...) route: the skip link's #main stays an in-page link.
  window.addEventListener("hashchange", function () {
    if (location.hash.indexOf("#/") === 0) { route(); }
  });
  showAccount();
  route();
}());
