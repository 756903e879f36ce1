"""Writing content: what `clausewise new`, `init` and `apply` put in a project.

Owns: new documents from templates (`scaffold`: RFCs and post-mortems; `scaffold_faq`:
FAQ answers; `application`: pre-disclosure list applications), a new community's site
(`init`), an existing Markdown policy made into clause-marked policy (`importer`), applying accepted RFCs to the policy
(`apply`) and writing a closed vote's outcome into the RFC's status (`record`). Every write goes through `clausewise.atomic`, so nothing is half-written.

May import: every core stage and `clausewise.project`; never a face.
"""

from __future__ import annotations

from clausewise.author.application import new_application
from clausewise.author.apply import ApplyRefused, plan, write
from clausewise.author.importer import ImportRefused
from clausewise.author.importer import plan as plan_import
from clausewise.author.importer import write as write_import
from clausewise.author.init import init_project
from clausewise.author.record import RecordRefused, Recording
from clausewise.author.record import plan as plan_record
from clausewise.author.record import write as write_record
from clausewise.author.scaffold import new_postmortem, new_rfc, write_new
from clausewise.author.scaffold_faq import new_faq

__all__ = [
    "ApplyRefused", "ImportRefused", "RecordRefused", "Recording", "init_project", "new_application", "new_faq", "new_postmortem", "new_rfc", "plan",
    "plan_import", "plan_record", "write", "write_import", "write_new", "write_record",
]
