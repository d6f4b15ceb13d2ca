"""Every use of Jinja2's code generator, in one place.

Jinja2 has no public hook for what the sandbox's budget needs: ``a ~ b`` compiled to a join
that is sized before it is made (see :mod:`brief.layout.sandbox`). The code generator is
subclassed here; ``tests/test_jinja_internals.py`` checks that every name listed in
:data:`RELIED_ON` still exists, so an upgrade of Jinja2 fails there, in one clear place.
"""

from __future__ import annotations

import jinja2.compiler
import jinja2.nodes


class JoinCheckingGenerator(jinja2.compiler.CodeGenerator):
    """Compiles ``a ~ b`` to a size-checked join, so repeated doubling cannot run away."""

    def visit_Concat(self, node: jinja2.nodes.Concat, frame: jinja2.compiler.Frame) -> None:
        self.write("environment.joined((")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("), context.eval_ctx.autoescape)")


#: (module or class, name): what the generator above overrides or calls
RELIED_ON: tuple[tuple[str, str], ...] = (
    ("jinja2.compiler", "CodeGenerator"),
    ("jinja2.compiler", "Frame"),
    ("CodeGenerator", "visit_Concat"),
    ("CodeGenerator", "visit"),
    ("CodeGenerator", "write"),
    ("jinja2.nodes", "Concat"),
)
