"""
checkov's CloudFormation scan of a folder, run by checkov's own Python (.tools/checkov):
`python checkov_scan.py FOLDER` prints the report as `checkov -o json` does.

About half the CPU of the `checkov` command for the same report (the same failed and
passed checks): its CloudFormation runner alone, without the command's import of every
other framework's runner (Terraform, Ansible, ...); and PLY's parser tables for JSONPath
built once per thread, where bc_jsonpath_ng builds them again for every path it parses
(a fifth of a second each, 64 paths for our templates).
"""

import json
import sys
import threading
from typing import Any

import ply.yacc  # type: ignore[import-not-found]

_yacc = ply.yacc.yacc
_parsers: dict[tuple[Any, ...], Any] = {}


def _built_once(*, module: Any, start: Any = None, debug: Any = False, **options: Any) -> Any:
    # The parsers are alike (the same grammar, no state but a parse's own); per thread, as
    # a parse keeps its stacks on the parser.
    key = (type(module), start, debug, threading.get_ident())
    if key not in _parsers:
        _parsers[key] = _yacc(module=module, start=start, debug=debug, **options)
    return _parsers[key]


def main(folder: str) -> None:
    ply.yacc.yacc = _built_once
    from checkov.cloudformation.runner import Runner  # type: ignore[import-not-found]
    from checkov.runner_filter import RunnerFilter  # type: ignore[import-not-found]

    checks = RunnerFilter(framework=["cloudformation"], show_progress_bar=False)
    report = Runner().run(root_folder=folder, runner_filter=checks)
    print(json.dumps(report.get_dict(is_quiet=True)))


if __name__ == "__main__":
    main(sys.argv[1])
