"""`portal dev staff-token`: development helpers against a running `make serve`."""

import argparse
import os

from portal.cli.output import say


def _staff_token(args: argparse.Namespace) -> int:
    from portal.local.staff_sign_in import SignInError, sign_in
    from portal.local.staff_users import DEV_PASSWORD, DEV_USERS

    try:
        tokens = sign_in(args.url.rstrip("/"), DEV_USERS[args.group], DEV_PASSWORD)
    except SignInError as error:
        say(f"error: {error} (is `make serve` running at {args.url}?)")
        return 1
    print(tokens["IdToken"])
    return 0


def add_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    dev = commands.add_parser("dev", help="development helpers against `make serve`")
    helpers = dev.add_subparsers(dest="helper", required=True)
    token = helpers.add_parser(
        "staff-token",
        help="sign in a development staff user and print a bearer token for /api/v1/staff/",
    )
    token.add_argument("--group", choices=["legal", "product_safety"], default="legal")
    token.add_argument(
        "--url",
        default=f"http://127.0.0.1:{os.environ.get('PORT', '8000')}",
        help="the running portal (default: http://127.0.0.1:$PORT, else port 8000)",
    )
    token.set_defaults(run=_staff_token)
