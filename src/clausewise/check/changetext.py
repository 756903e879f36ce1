"""What an RFC's change may write into the policy: text, never clause markers.

`clausewise apply` splices a change's `text` into the policy Markdown between the clause's
own markers. A text holding `<!-- /clause -->` then `<!-- clause id="..." -->` would end
the clause early and open one no RFC proposed; on the RFC's page those lines are HTML
comments, which readers and voters never see. The title is written into the marker
itself, so it may hold neither a double quote nor `-->`.
"""

from __future__ import annotations

import re
from typing import Iterator

from clausewise.graph import Graph
from clausewise.model import Corpus
from clausewise.model.diagnostics import Diagnostic, error

#: a clause marker anywhere in a text, in any spacing or case
_MARKER = re.compile(r"<!--\s*/?\s*clause\b", re.IGNORECASE)


def check_change_texts(corpus: Corpus, graph: Graph) -> Iterator[Diagnostic]:
    for rfc in corpus.rfcs.values():
        for ch in rfc.changes:
            for field, value in (("text", ch.text), ("title", ch.title)):
                if value and _MARKER.search(value):
                    yield error(rfc.loc.path, ch.line, "CW111", f"the `{field}` of the change to `{ch.clause}` holds a clause marker (`<!-- clause ... -->` or `<!-- /clause -->`); `clausewise apply` would write it into the policy, ending the clause or starting one no RFC proposed",
                                "write the clause's text only; to add a clause, add a change with `op: add`")
                elif field == "title" and value and ('"' in value or "-->" in value):
                    # The title is written inside the marker, `title="..."`: a double quote
                    # would end it and add attributes (`x" aliases="old.id` gives the clause
                    # an alias nobody voted on), `-->` would end the comment on the page.
                    what = '"' if '"' in value else "-->"
                    yield error(rfc.loc.path, ch.line, "CW111", f"the `title` of the change to `{ch.clause}` holds `{what}`, which `clausewise apply` would write into the clause marker (`title=\"...\"`), ending it early",
                                "write the title without double quotes and `-->` (use ‘ ’ or “ ” for quotation marks)")
