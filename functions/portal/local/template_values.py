"""
Template values resolved for a local stack: intrinsic functions, parameters, each
function's environment, the security headers CloudFront adds, a function's stream source.
"""

import re
from dataclasses import dataclass, field
from typing import Any

_SUB = re.compile(r"\$\{([A-Za-z0-9:.]+)\}")


@dataclass
class Deployed:
    """What was created: per logical id, the value !Ref gives and the resource's ARN."""

    refs: dict[str, str] = field(default_factory=dict)
    arns: dict[str, str] = field(default_factory=dict)
    attributes: dict[tuple[str, str], str] = field(default_factory=dict)


def resolve(value: Any, deployed: Deployed, parameters: dict[str, str]) -> str:
    """A template value with its intrinsic functions resolved for the local stack."""
    if isinstance(value, str | int | bool):
        return str(value).lower() if isinstance(value, bool) else str(value)
    if "Ref" in value:
        name = value["Ref"]
        return deployed.refs.get(name) or parameters[name]
    if "Fn::GetAtt" in value:
        logical, attribute = value["Fn::GetAtt"]
        return deployed.attributes[(logical, attribute)]
    if "Fn::Sub" in value:
        text, variables = value["Fn::Sub"], {}
        if isinstance(text, list):  # [text, {name: value}]: names given first
            text, given = text
            variables = {
                name: parameters.get(name) or resolve(inner, deployed, parameters)
                for name, inner in given.items()
            }

        def value_of(match: re.Match[str]) -> str:
            name = match.group(1)
            return (
                variables.get(name)
                or deployed.refs.get(name)
                or parameters.get(name, match.group(0))
            )

        return _SUB.sub(value_of, text)
    raise ValueError(f"cannot resolve {value!r} locally")


def parameters(template: dict[str, Any], overrides: dict[str, str] | None = None) -> dict[str, str]:
    values = {
        name: str(spec.get("Default", "")) for name, spec in template.get("Parameters", {}).items()
    }
    return {**values, **(overrides or {})}


def function_environment(
    template: dict[str, Any],
    function: str,
    deployed: Deployed,
    parameter_values: dict[str, str] | None = None,
    overrides: dict[str, str] | None = None,
) -> dict[str, str]:
    """A function's environment variables as the template sets them, resolved locally."""
    values = parameters(template, parameter_values)
    globals_ = (
        template.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {})
    )
    own = template["Resources"][function]["Properties"].get("Environment", {}).get("Variables", {})
    environment = {
        name: resolve(value, deployed, values) for name, value in {**globals_, **own}.items()
    }
    return {**environment, **(overrides or {})}


def security_headers(
    template: dict[str, Any], uploads_origin: str, https: bool = True
) -> dict[str, str]:
    """
    The headers CloudFront adds to every answer (SecurityHeadersPolicy), as local servers
    send them; `uploads_origin` is where this portal's browsers upload attachments to.
    Over plain HTTP (a laptop) the HTTPS-only parts are left out: HSTS, and the upgrade of
    requests to HTTPS, which would send the browser to a port that speaks no TLS.
    """
    policy = template["Resources"]["SecurityHeadersPolicy"]["Properties"][
        "ResponseHeadersPolicyConfig"
    ]
    security = policy["SecurityHeadersConfig"]
    hsts = security["StrictTransportSecurity"]
    csp = resolve(
        security["ContentSecurityPolicy"]["ContentSecurityPolicy"],
        Deployed(),
        {"UploadsOrigin": uploads_origin},
    )
    headers = {
        "Content-Security-Policy": csp,
        "Strict-Transport-Security": f"max-age={hsts['AccessControlMaxAgeSec']}"
        + ("; includeSubDomains" if hsts.get("IncludeSubdomains") else "")
        + ("; preload" if hsts.get("Preload") else ""),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": security["FrameOptions"]["FrameOption"],
        "Referrer-Policy": security["ReferrerPolicy"]["ReferrerPolicy"],
    }
    for item in policy.get("CustomHeadersConfig", {}).get("Items", []):
        headers[item["Header"]] = item["Value"]
    if not https:
        del headers["Strict-Transport-Security"]
        directives = [d.strip() for d in csp.split(";") if d.strip() != "upgrade-insecure-requests"]
        headers["Content-Security-Policy"] = "; ".join(directives)
    return headers


def stream_source(template: dict[str, Any], function: str) -> dict[str, Any]:
    """The properties of a function's DynamoDB stream event (its event source mapping)."""
    events = template["Resources"][function]["Properties"].get("Events", {})
    [source] = [e["Properties"] for e in events.values() if e["Type"] == "DynamoDB"]
    return dict(source)
